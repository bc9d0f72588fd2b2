package dev.chinook.ingest.handler;

import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.storage.ObjectStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Statement;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Makes the first request of each client while the environment starts (Lambda's init phase,
 * which runs before the first event at full CPU): the first file otherwise paid for the S3
 * client's and the connection pool's first use, a second for a file of 275 rows on a JVM, and its
 * relay for the SQS client's, 0.4 to 0.6 s against milliseconds once warm. Nothing
 * here is needed: a failure is logged and the first invocation pays as before.
 */
@ApplicationScoped
class StartupPriming {

    private static final Logger LOG = Logger.getLogger(StartupPriming.class);

    private final ObjectStore objects;
    private final AgroalDataSource dataSource;
    private final IngestConfig config;
    private final SqsClient sqs;

    StartupPriming(ObjectStore objects, AgroalDataSource dataSource, IngestConfig config, SqsClient sqs) {
        this.objects = objects;
        this.dataSource = dataSource;
        this.config = config;
        this.sqs = sqs;
    }

    void onStart(@Observes StartupEvent event) {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            // A key no upload uses: the answer (none) does not matter, the round trip does.
            objects.find(config.changeSets().bucket(), config.changeSets().stagedPrefix() + ".priming");
            // Its own queue: the one the function's role may read attributes of.
            sqs.getQueueAttributes(b -> b.queueUrl(config.queues().ingestEvents())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            LOG.debugf("clients primed in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            LOG.infof("priming the clients at start failed (%s); the first invocation does it", e.toString());
        }
    }
}
