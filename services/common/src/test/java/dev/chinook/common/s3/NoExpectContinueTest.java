package dev.chinook.common.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class NoExpectContinueTest {

    @Test
    void aPutGoesWithoutExpectAndKeepsEveryOtherHeader() {
        SdkHttpRequest put = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(URI.create("http://127.0.0.1:9000/bucket/staged-changes/1-200.json.gz"))
                .putHeader("Expect", "100-continue")
                .putHeader("Content-Type", "application/gzip")
                .putHeader("Content-Length", "3667")
                .build();

        SdkHttpRequest sent = new NoExpectContinue().modifyHttpRequest(contextOf(put), new ExecutionAttributes());

        assertThat(sent.firstMatchingHeader("Expect")).isEmpty();
        assertThat(sent.headers()).containsOnlyKeys("Content-Type", "Content-Length");
        assertThat(sent.method()).isEqualTo(SdkHttpMethod.PUT);
        assertThat(sent.getUri()).isEqualTo(put.getUri());
    }

    private static Context.ModifyHttpRequest contextOf(SdkHttpRequest http) {
        return new Context.ModifyHttpRequest() {
            @Override
            public SdkRequest request() {
                throw new UnsupportedOperationException("the HTTP request alone decides");
            }

            @Override
            public SdkHttpRequest httpRequest() {
                return http;
            }

            @Override
            public Optional<RequestBody> requestBody() {
                return Optional.empty();
            }

            @Override
            public Optional<AsyncRequestBody> asyncRequestBody() {
                return Optional.empty();
            }
        };
    }
}
