package dev.chinook.localcloud.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queues of the pipeline definition through the SQS API (so the same code works on
 * ElasticMQ and LocalStack): each source queue with its dead-letter queue and redrive policy.
 */
public final class QueueSetup {

    private final Map<String, String> urls = new HashMap<>();

    private QueueSetup() {}

    public static QueueSetup create(SqsClient sqs, PipelineDefinition definition) {
        QueueSetup setup = new QueueSetup();
        for (PipelineDefinition.Queue queue : new PipelineDefinition.Queue[] {
            definition.queues().ingestEvents(), definition.queues().oltpChanges()
        }) {
            setup.createWithDeadLetter(sqs, queue);
        }
        return setup;
    }

    private void createWithDeadLetter(SqsClient sqs, PipelineDefinition.Queue queue) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(queue.deadLetter().name())
                        .attributes(Map.of(
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                Integer.toString(queue.deadLetter().messageRetentionSeconds()))))
                .queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String redrive =
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}";
        String url = sqs.createQueue(b -> b.queueName(queue.name())
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                        Integer.toString(queue.visibilityTimeoutSeconds()),
                                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                        Integer.toString(queue.messageRetentionSeconds()),
                                QueueAttributeName.REDRIVE_POLICY, redrive)))
                .queueUrl();
        urls.put(queue.name(), url);
        urls.put(queue.deadLetter().name(), dlqUrl);
    }

    public String url(String queueName) {
        String url = urls.get(queueName);
        if (url == null) {
            throw new IllegalArgumentException("no queue named " + queueName);
        }
        return url;
    }
}
