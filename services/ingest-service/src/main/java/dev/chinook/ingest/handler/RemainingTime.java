package dev.chinook.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import jakarta.enterprise.context.ApplicationScoped;

/** How long the current invocation may still run: the relay stops in time to hand over. */
@ApplicationScoped
public class RemainingTime {

    public long of(Context context) {
        return context.getRemainingTimeInMillis();
    }
}
