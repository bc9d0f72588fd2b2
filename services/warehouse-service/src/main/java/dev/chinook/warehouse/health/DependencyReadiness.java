package dev.chinook.warehouse.health;

import dev.chinook.warehouse.config.WarehouseConfig;
import dev.chinook.warehouse.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Readiness that really asks each dependency, with a deadline: the OLAP database, the change queue
 * and the bucket of change sets and reports. A dependency that is down or frozen turns readiness
 * DOWN, named, within {@link #TIMEOUT}.
 */
@ApplicationScoped
public class DependencyReadiness {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DependencyProbes probes;

    public DependencyReadiness(DependencyProbes probes) {
        this.probes = probes;
    }

    @Produces
    @Readiness
    HealthCheck database(StatusRepository status) {
        return () -> check("database", () -> {
            status.ping();
            return null;
        });
    }

    @Produces
    @Readiness
    HealthCheck queue(SqsClient sqs, WarehouseConfig config) {
        return () -> check(
                "sqs",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(config.queues().oltpChanges())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
    }

    @Produces
    @Readiness
    HealthCheck bucket(S3Client s3, WarehouseConfig config) {
        return () ->
                check("s3", () -> s3.headBucket(b -> b.bucket(config.reports().bucket())));
    }

    private HealthCheckResponse check(String dependency, Callable<?> probe) {
        try {
            probes.call(dependency, probe, TIMEOUT);
            return HealthCheckResponse.up(dependency);
        } catch (DependencyProbes.Unavailable e) {
            return HealthCheckResponse.named(dependency)
                    .down()
                    .withData("reason", e.getMessage())
                    .build();
        }
    }
}
