package dev.chinook.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Quarkus's mock event server sends no invocation deadline, so its context reports a negative
 * remaining time: tests give every invocation the function's full 60 s instead.
 */
@Alternative
@Priority(1)
@ApplicationScoped
class MockEventServerRemainingTime extends RemainingTime {

    @Override
    public long of(Context context) {
        return 60_000;
    }
}
