#!/usr/bin/env bash
# One local OpenSearch 2.19 node on 127.0.0.1, for CI, integration tests and benchmarks:
#
#   scripts/opensearch.sh start    build the node once (Maven Central jars, see
#                                  deploy/opensearch-node/pom.xml), start it in the background
#                                  and wait until the cluster is yellow
#   scripts/opensearch.sh stop     stop the node that `start` started (pid file), wait for it
#   scripts/opensearch.sh status   the cluster's health, or "not running" (exit 1)
#
# Everything lives in the ignored .opensearch/ folder: lib/ (the jars), data/, logs/
# (opensearch.log is the node's output), tmp/, opensearch.pid and opensearch.port.
# Data is kept from one start to the next, like a real node (it also restarts on it after
# kill -9); OPENSEARCH_FRESH=1 starts from an empty data folder.
#
# Environment (all optional):
#   OPENSEARCH_PORT           HTTP port (9200)
#   OPENSEARCH_TRANSPORT_PORT transport port or range (9300-9399)
#   OPENSEARCH_HEAP           -Xms and -Xmx (512m)
#   OPENSEARCH_JAVA           the java binary (/usr/bin/java, Java 17; 2.19 runs on 11 to 21)
#   OPENSEARCH_JAVA_OPTS      more JVM options
#   OPENSEARCH_SETTINGS       more node settings, "key=value key=value"
#   OPENSEARCH_FRESH          1: delete the data folder before starting
#   OPENSEARCH_START_TIMEOUT  seconds to wait for yellow (180)
#   OPENSEARCH_DIR            the folder instead of .opensearch/
#
# Not a production install: one node, no security, modules as classpath plugins (see
# docs/deploy.md, "A local OpenSearch node for tests and benchmarks").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SRC=$ROOT/deploy/opensearch-node
NODE_DIR=$(realpath -m "${OPENSEARCH_DIR:-$ROOT/.opensearch}")
PIDFILE=$NODE_DIR/opensearch.pid
PORTFILE=$NODE_DIR/opensearch.port
LOG=$NODE_DIR/logs/opensearch.log
MAIN=intranet.opensearch.LocalNode

if [ -n "${OPENSEARCH_PORT:-}" ]; then
  PORT=$OPENSEARCH_PORT
elif [ "${1:-}" != start ] && [ -s "$PORTFILE" ]; then
  PORT=$(cat "$PORTFILE") # stop and status look at the node that start started
else
  PORT=9200
fi
URL=http://127.0.0.1:$PORT

say() { echo "opensearch: $*"; }
die() { echo "opensearch: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
apt_install() {
  say "installing $* from Debian's packages"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "$@" >/dev/null
}

java_bin() {
  if [ -n "${OPENSEARCH_JAVA:-}" ]; then echo "$OPENSEARCH_JAVA"
  elif [ -x /usr/bin/java ]; then echo /usr/bin/java
  else command -v java; fi
}

# The cluster's status (green, yellow, red) if a node answers on the port, else nothing.
health() {
  local wait=${1:-2}
  curl -s --max-time $((wait + 3)) "$URL/_cluster/health?wait_for_status=yellow&timeout=${wait}s" 2>/dev/null \
    | grep -o '"status":"[a-z]*"' | cut -d'"' -f4 || true
}

# Whether a process runs (a zombie, killed but not yet reaped by its parent, does not).
alive() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# The pid in the pid file if that process is still our node, else nothing.
our_pid() {
  local pid
  [ -s "$PIDFILE" ] || return 0
  pid=$(cat "$PIDFILE")
  if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN"; then
    echo "$pid"
  fi
}

# The node's first error, if any, and the end of its log, on stderr.
show_log() {
  local first
  first=$(grep -m1 -E '^\[[^]]*\]\[(ERROR|FATAL)' "$LOG" 2>/dev/null | cut -c1-400 || true)
  [ -z "$first" ] || echo "opensearch: first error: $first" >&2
  echo "opensearch: the end of ${LOG#"$ROOT"/}:" >&2
  tail -n 30 "$LOG" | cut -c1-400 >&2
}

# Compile the launcher and copy the pinned jars into lib/, unless lib/ was built from the
# same pom.xml and sources. Maven caches the downloads in ~/.m2 as usual.
build() {
  local stamp jdk
  stamp=$(cat "$SRC/pom.xml" $(find "$SRC/src" -name '*.java' | sort) | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$NODE_DIR/lib/.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || apt_install maven
  # Compile with the JDK of the java that will run the node, when it is a JDK.
  jdk=$(dirname "$(dirname "$(readlink -f "$1")")")
  if [ -x "$jdk/bin/javac" ]; then
    export JAVA_HOME=$jdk
  elif ! command -v javac >/dev/null 2>&1; then
    apt_install openjdk-17-jdk-headless
  fi
  say "building the node from Maven Central jars (deploy/opensearch-node/pom.xml)"
  rm -rf "$NODE_DIR/lib" "$NODE_DIR/build"
  mkdir -p "$NODE_DIR"
  if ! mvn -B -q -f "$SRC/pom.xml" -Dnode.dir="$NODE_DIR" package >"$NODE_DIR/build.log" 2>&1; then
    tail -n 40 "$NODE_DIR/build.log" >&2
    die "mvn failed (above: the end of ${NODE_DIR#"$ROOT"/}/build.log)"
  fi
  echo "$stamp" >"$NODE_DIR/lib/.stamp"
}

start() {
  local status pid java started waited
  status=$(health 2)
  if [ -n "$status" ]; then
    say "a node already answers on $URL (status $status); leaving it as it is"
    return 0
  fi
  pid=$(our_pid)
  [ -z "$pid" ] || die "the node started earlier (pid $pid) does not answer on $URL: \
scripts/opensearch.sh stop first (its log: ${LOG#"$ROOT"/})"

  started=$(date +%s)
  java=$(java_bin) || { apt_install openjdk-17-jdk-headless; java=$(java_bin); }
  build "$java"
  [ "${OPENSEARCH_FRESH:-}" = 1 ] && rm -rf "$NODE_DIR/data"
  mkdir -p "$NODE_DIR"/{data,logs,tmp,home/modules,home/plugins}
  [ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"

  local jvm=(
    "-Xms${OPENSEARCH_HEAP:-512m}" "-Xmx${OPENSEARCH_HEAP:-512m}"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
    -Dfile.encoding=UTF-8
    # OpenSearch 2.x parses dates with these locale providers (its jvm.options).
    -Djava.locale.providers=SPI,COMPAT
    "-Djava.io.tmpdir=$NODE_DIR/tmp"
    -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true
    -Djna.nosys=true
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
    -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0
  )
  # shellcheck disable=SC2206 # word splitting wanted
  jvm+=(${OPENSEARCH_JAVA_OPTS:-})
  local settings=(
    "path.home=$NODE_DIR/home" "path.conf=$SRC/config"
    "path.data=$NODE_DIR/data" "path.logs=$NODE_DIR/logs"
    cluster.name=intranet-local node.name=local
    network.host=127.0.0.1 "http.port=$PORT"
    "transport.port=${OPENSEARCH_TRANSPORT_PORT:-9300-9399}"
    discovery.type=single-node
    # The disk may be fuller than a server's: never make indices read-only because of it.
    cluster.routing.allocation.disk.threshold_enabled=false
  )
  # shellcheck disable=SC2206
  settings+=(${OPENSEARCH_SETTINGS:-})

  nohup "$java" "${jvm[@]}" -cp "$NODE_DIR/lib/*" "$MAIN" "${settings[@]}" </dev/null >"$LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  echo "$PORT" >"$PORTFILE"

  local timeout=${OPENSEARCH_START_TIMEOUT:-180}
  waited=$(date +%s)
  while :; do
    if ! alive "$pid"; then
      rm -f "$PIDFILE"
      echo "opensearch: the node exited while starting" >&2
      show_log
      exit 1
    fi
    status=$(health 1)
    case "$status" in
      yellow | green) break ;;
    esac
    if [ $(($(date +%s) - waited)) -ge "$timeout" ]; then
      echo "opensearch: no yellow cluster on $URL after ${timeout}s (OPENSEARCH_START_TIMEOUT); stopping it" >&2
      show_log
      stop >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  say "OpenSearch $(curl -s --max-time 3 "$URL" | grep -o '"number" : "[^"]*"' | cut -d'"' -f4) on $URL," \
    "status $status, pid $pid, ready in $(($(date +%s) - started))s (log: ${LOG#"$ROOT"/})"
}

stop() {
  local pid
  pid=$(our_pid)
  if [ -z "$pid" ]; then
    rm -f "$PIDFILE"
    if [ -n "$(health 2)" ]; then
      die "a node answers on $URL but was not started by scripts/opensearch.sh: leaving it"
    fi
    say "not running"
    return 0
  fi
  # SIGTERM runs LocalNode's shutdown hook: the node closes its shards and unlocks data/.
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    say "pid $pid still running after 60s: killing it"
    kill -KILL "$pid"
    while alive "$pid"; do sleep 0.2; done
  fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid)"
}

status() {
  local body
  if body=$(curl -fsS --max-time 5 "$URL/_cat/health?v" 2>/dev/null); then
    echo "$body"
    return 0
  fi
  say "not running on $URL"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start | stop | status" >&2; exit 2 ;;
esac
