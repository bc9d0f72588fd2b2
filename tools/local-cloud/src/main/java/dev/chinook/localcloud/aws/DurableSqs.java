package dev.chinook.localcloud.aws;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

/**
 * ElasticMQ with its messages and queues kept in an H2 database in the state directory, as SQS
 * keeps them: queued, in-flight (they reappear after their visibility timeout) and dead-lettered
 * messages survive a stop and a start on the same state.
 */
final class DurableSqs implements AutoCloseable {

    private final Function0<?> shutdown;
    private final boolean restored;

    private DurableSqs(Function0<?> shutdown, boolean restored) {
        this.shutdown = shutdown;
        this.restored = restored;
    }

    static DurableSqs start(Path stateDir, int port, String region, String accountId) throws Exception {
        Files.createDirectories(stateDir);
        Path database = stateDir.resolve("elasticmq");
        boolean restored = Files.exists(stateDir.resolve("elasticmq.mv.db"));
        Config config = ConfigFactory.parseString(
                        """
                        node-address { protocol = http, host = "127.0.0.1", port = %d, context-path = "" }
                        rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                        generate-node-address = false
                        messages-storage {
                          enabled = true
                          driver-class = "org.h2.Driver"
                          uri = "jdbc:h2:file:%s"
                          username = ""
                          password = ""
                          prune-data-on-init = false
                        }
                        queues-storage { enabled = false, path = "" }
                        aws { region = "%s", accountId = "%s" }
                        """.formatted(port, port, database.toAbsolutePath(), region, accountId))
                .withFallback(ConfigFactory.load());
        useStore("jdbc:h2:file:" + database.toAbsolutePath());
        Function0<?> shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
        return new DurableSqs(shutdown, restored);
    }

    /**
     * ElasticMQ opens its message store as scalikejdbc's JVM-wide singleton pool, and only the first
     * time in a JVM: a second server in the same JVM (another test's cloud, the benchmark's next
     * scale) would read and write the first one's store, queues and messages included. The
     * singleton is pointed at this state's store before the server starts.
     */
    private static void useStore(String url) throws ClassNotFoundException {
        Class.forName("org.h2.Driver");
        scalikejdbc.ConnectionPool$ pools = scalikejdbc.ConnectionPool$.MODULE$;
        scalikejdbc.ConnectionPoolSettings settings = pools.singleton$default$4();
        pools.singleton(url, "", "", settings, pools.singleton$default$5(url, "", "", settings));
    }

    /** Whether the state held queues from an earlier run, which ElasticMQ restores in the background. */
    boolean restored() {
        return restored;
    }

    @Override
    public void close() {
        shutdown.apply();
    }
}
