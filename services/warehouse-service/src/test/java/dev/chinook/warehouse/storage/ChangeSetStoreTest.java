package dev.chinook.warehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.common.s3.S3Uri;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class ChangeSetStoreTest {

    private final SlowBucket bucket = new SlowBucket();
    private final ChangeSetStore store = new ChangeSetStore(bucket);

    @AfterEach
    void stop() {
        store.stop();
    }

    @Test
    void setsComeInTheOrderAskedForWhateverOrderTheirFetchesEnd() {
        List<S3Uri> uris = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = "changes/" + i + ".json.gz";
            // Earlier sets take longer, so that later fetches end first.
            bucket.put(key, "{\"set\":" + i + "}", 12 - i);
            uris.add(new S3Uri("chinook-raw", key));
        }

        List<String> read = new ArrayList<>();
        try (ChangeSetStore.InOrder sets = store.fetchInOrder(uris)) {
            for (int i = 0; i < uris.size(); i++) {
                read.add(new String(sets.next(), StandardCharsets.UTF_8));
            }
        }

        assertThat(read)
                .containsExactly(
                        "{\"set\":0}",
                        "{\"set\":1}",
                        "{\"set\":2}",
                        "{\"set\":3}",
                        "{\"set\":4}",
                        "{\"set\":5}",
                        "{\"set\":6}",
                        "{\"set\":7}",
                        "{\"set\":8}",
                        "{\"set\":9}",
                        "{\"set\":10}",
                        "{\"set\":11}");
        assertThat(bucket.mostAtOnce.get()).isBetween(2, ChangeSetStore.FETCH_AHEAD);
    }

    @Test
    void aFailedFetchThrowsWhatS3ThrewWhenItsSetIsRead() {
        bucket.put("changes/1.json.gz", "{\"set\":1}", 0);
        bucket.put("changes/3.json.gz", "{\"set\":3}", 0);
        List<S3Uri> uris = List.of(
                new S3Uri("chinook-raw", "changes/1.json.gz"),
                new S3Uri("chinook-raw", "changes/2.json.gz"),
                new S3Uri("chinook-raw", "changes/3.json.gz"));

        try (ChangeSetStore.InOrder sets = store.fetchInOrder(uris)) {
            assertThat(new String(sets.next(), StandardCharsets.UTF_8)).isEqualTo("{\"set\":1}");
            assertThatThrownBy(sets::next)
                    .isInstanceOf(NoSuchKeyException.class)
                    .hasMessageContaining("changes/2.json.gz");
            assertThat(new String(sets.next(), StandardCharsets.UTF_8)).isEqualTo("{\"set\":3}");
            assertThatThrownBy(sets::next).hasMessageContaining("every set was read");
        }
    }

    /** Sets stored compressed, each answered after its delay; counts the fetches under way at once. */
    private static final class SlowBucket implements S3Client {

        private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        private final Map<String, Integer> delays = new ConcurrentHashMap<>();
        private final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        void put(String key, String json, int delayMillis) {
            objects.put(key, ChangeSetEncoding.encode(json.getBytes(StandardCharsets.UTF_8)));
            delays.put(key, delayMillis * 10);
        }

        @Override
        public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delays.getOrDefault(request.key(), 0));
                byte[] object = objects.get(request.key());
                if (object == null) {
                    throw NoSuchKeyException.builder()
                            .message("no such key: " + request.key())
                            .build();
                }
                return transformer.transform(
                        GetObjectResponse.builder()
                                .contentLength((long) object.length)
                                .build(),
                        AbortableInputStream.create(new ByteArrayInputStream(object)));
            } catch (Exception e) {
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }
}
