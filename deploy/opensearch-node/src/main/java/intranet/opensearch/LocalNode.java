package intranet.opensearch;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch 2.19 node in this JVM, for tests and benchmarks (scripts/opensearch.sh).
 *
 * <p>The distribution's main class ({@code org.opensearch.bootstrap.OpenSearch}) only loads
 * modules from a {@code modules/} directory of unpacked plugin zips, which Maven Central does not
 * serve. {@link Node} has a protected constructor that also takes plugin classes already on the
 * classpath (the one the test framework's MockNode uses), so a subclass is all it takes to run the
 * server jar with the module jars beside it.
 *
 * <p>What this does not do, unlike the distribution: no security manager, no bootstrap checks
 * (the base Node skips them), no native memory locking or seccomp, no keystore, and no refusal to
 * run as root. It is not a production install.
 *
 * <p>Usage: {@code java -cp 'lib/*' intranet.opensearch.LocalNode key=value ...}, where each
 * argument is a node setting ({@code path.home} is required; {@code path.conf} names the folder of
 * log4j2.properties and an optional opensearch.yml).
 */
public final class LocalNode {

    /** The modules a distribution would load from modules/, here as classes on the classpath. */
    static final List<Class<? extends Plugin>> MODULES = List.of(
        Netty4Plugin.class,          // HTTP and transport
        CommonAnalysisPlugin.class,  // asciifolding, edge_ngram, mapping char filter, ...
        PainlessPlugin.class,        // scripts
        MapperExtrasPlugin.class,    // search_as_you_type, scaled_float, rank_feature, ...
        ReindexPlugin.class          // _reindex, _update_by_query, _delete_by_query
    );

    /** Node's (Environment, classpath plugins, forbidPrivateIndexSettings) constructor is protected. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder settings = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                System.err.println("LocalNode: arguments are node settings, key=value; got: " + arg);
                System.exit(2);
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String conf = settings.remove("path.conf");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings.build(), Map.of(), conf == null ? null : Path.of(conf), () -> "local");

        // The same logging set-up as the distribution: config/log4j2.properties.
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment);

        Node node;
        try {
            node = new ClasspathNode(environment, MODULES);
        } catch (Throwable e) {
            throw fail(e); // e.g. the data folder is locked by another node
        }
        // SIGTERM or SIGINT (scripts/opensearch.sh stop): close the node so that its shards are
        // flushed and its data folder is unlocked, then stop logging (log4j's own shutdown hook
        // is off, -Dlog4j.shutdownHookEnabled=false, so the node's last lines are written).
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
                closed.countDown();
            }
        }, "local-node-shutdown"));

        try {
            node.start();
        } catch (Throwable e) {
            throw fail(e); // e.g. BindHttpException[Failed to bind to 127.0.0.1:9200]
        }
        // OpenSearch's threads are daemons: this non-daemon main thread keeps the JVM running.
        closed.await();
    }

    /** One ERROR line in the log, which scripts/opensearch.sh prints when the node exits early. */
    private static Error fail(Throwable e) {
        LogManager.getLogger(LocalNode.class).error("the node did not start: " + e, e);
        System.exit(1);
        return new AssertionError("unreachable");
    }
}
