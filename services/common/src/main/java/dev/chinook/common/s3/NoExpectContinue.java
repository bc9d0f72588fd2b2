package dev.chinook.common.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends the body of a PUT at once instead of asking first ({@code Expect: 100-continue}, which the
 * S3 client adds to every PutObject). The services write small objects (change sets, reports), so
 * asking saves nothing; and the JDK's URL connection, the services' HTTP client, when a server
 * answers the question with an error, fails writing the body or waits for the read timeout (30 s)
 * before it reports the error. A refused write must fail fast: the work it belongs to rolls back
 * and its message comes back. Each service names it in {@code quarkus.s3.interceptors}; it runs
 * after the client's own interceptors, so it sees the header they add.
 */
public class NoExpectContinue implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder().removeHeader("Expect").build();
    }
}
