#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts the local services that CI,
# `make load`, `make bench` and the integration tests use, on 127.0.0.1 only:
#
#   scripts/services.sh postgres [DATABASE...]   PostgreSQL 15, trust auth on 127.0.0.1,
#                                                 the named databases created when missing
#   scripts/services.sh redis                    Redis on 6379, nothing saved to disk
#   scripts/services.sh opensearch               one OpenSearch node (scripts/opensearch.sh)
#
# Idempotent: a service that already answers is left as it is. Needs root or sudo for
# apt-get and for PostgreSQL's configuration the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
apt_updated=

apt_install() {
  if [ -z "$apt_updated" ]; then
    "${SUDO[@]}" apt-get update -qq
    apt_updated=1
  fi
  echo "services: installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "$@" >/dev/null
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# The PostgreSQL cluster's pg_hba.conf trusts connections from 127.0.0.1 and ::1 (the first
# matching line wins, so ours go first). Loopback only: nothing outside this machine connects.
HBA_MARK="# intranet: trust on loopback (scripts/services.sh)"

postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/*/main >/dev/null 2>&1 \
    || apt_install postgresql
  local version hba
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! "${SUDO[@]}" grep -qF "$HBA_MARK" "$hba"; then
    "${SUDO[@]}" sed -i "1i $HBA_MARK\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust" "$hba"
    # A running server reads pg_hba.conf again on reload.
    pg_isready -q -h 127.0.0.1 -p 5432 && "${SUDO[@]}" pg_ctlcluster "$version" main reload
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "services: PostgreSQL did not start" >&2; exit 1; }
  local db
  for db in "$@"; do
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
      | grep -q 1 || createdb -h 127.0.0.1 -U postgres "$db"
  done
  echo "services: PostgreSQL $version on 127.0.0.1:5432${*:+ (databases: $*)}"
}

redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save "" --appendonly no \
      --logfile /tmp/intranet-redis.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "services: Redis did not start" >&2; exit 1; }
  echo "services: Redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on 127.0.0.1:6379"
}

opensearch() {
  scripts/opensearch.sh start
}

[ $# -gt 0 ] || set -- postgres redis
service=$1
shift
case "$service" in
  postgres) postgres "$@" ;;
  redis) redis ;;
  opensearch) opensearch ;;
  *) echo "usage: $0 postgres [DATABASE...] | redis | opensearch" >&2; exit 2 ;;
esac
