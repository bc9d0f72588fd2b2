package dev.chinook.ingest.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.s3.NoExpectContinue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson reads or writes by reflection, and the S3 client's interceptor it creates by name
 * (quarkus.s3.interceptors): the native image keeps their members only if they are registered here
 * (the JVM build does not need it).
 */
@RegisterForReflection(
        targets = {
            SQSEvent.class,
            SQSEvent.SQSMessage.class,
            SQSEvent.MessageAttribute.class,
            SQSBatchResponse.class,
            SQSBatchResponse.BatchItemFailure.class,
            ChangeBatch.class,
            ChangeMessage.class,
            ChangeMessage.Operation.class,
            NoExpectContinue.class
        })
public final class NativeReflection {

    private NativeReflection() {}
}
