package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.messaging.CurrentInvocation;
import dev.chinook.ingest.messaging.OutboxRelay;
import dev.chinook.ingest.model.IngestResult;
import dev.chinook.ingest.service.IngestService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An invocation ending while another environment loads a file in parts leaves that file's young
 * change sets to the loader (which relays them at its end), and relays the rest; outside an
 * invocation nothing is left. The two environments are played in turn by the services, the way
 * the handler calls them.
 */
@QuarkusTest
@TestProfile(FilesInPartsTest.ThreeRowsPerPart.class)
class RelayOfFilesLoadingElsewhereTest extends IngestTestBase {

    private static final long MINUTE = 60_000;

    @Inject
    IngestService ingestService;

    @Inject
    OutboxRelay relay;

    @Inject
    CurrentInvocation invocation;

    @AfterEach
    void noInvocationLeftRunning() {
        invocation.end();
    }

    @Test
    void anEndingInvocationLeavesTheChangesOfAFileAnotherIsLoadingToItsLoader() throws Exception {
        // The loader's invocation applies the first part of five genres and goes on with it.
        invocation.start(MINUTE);
        IngestResult first = ingestService.ingest(upload(
                "raw/genre/",
                "genre_id,name\n" + "46001,A\n46002,B\n46003,C\n46004,D\n46005,E\n",
                "0000000000000000D1"));
        assertThat(first.continues()).isTrue();

        // Another invocation loads a file of its own and relays at its end: its changes only.
        invocation.start(MINUTE);
        ingestService.ingest(upload("raw/media_type/", "media_type_id,name\n46101,X\n46102,Y\n", "0000000000000000D2"));
        relay.relayAll(() -> MINUTE);
        assertThat(fx.drainChanges()).extracting(ChangeMessage::key).containsExactlyInAnyOrder(46101L, 46102L);

        // The loader goes on with the file and relays both parts' changes at its end.
        invocation.start(MINUTE);
        assertThat(ingestService.continueFile(first.continuingFileId()).continues())
                .isFalse();
        relay.relayAll(() -> MINUTE);
        assertThat(fx.drainChanges())
                .extracting(ChangeMessage::key)
                .containsExactlyInAnyOrder(46001L, 46002L, 46003L, 46004L, 46005L);
    }

    @Test
    void outsideAnInvocationTheChangesOfAFileLoadingInPartsAreRelayed() throws Exception {
        invocation.start(MINUTE);
        IngestResult first = ingestService.ingest(
                upload("raw/genre/", "genre_id,name\n" + "46201,A\n46202,B\n46203,C\n46204,D\n", "0000000000000000D3"));
        assertThat(first.continues()).isTrue();
        invocation.end();

        relay.relayAll(() -> MINUTE);
        assertThat(fx.drainChanges()).extracting(ChangeMessage::key).containsExactlyInAnyOrder(46201L, 46202L, 46203L);

        invocation.start(MINUTE);
        ingestService.continueFile(first.continuingFileId());
        relay.relayAll(() -> MINUTE);
        assertThat(fx.drainChanges()).extracting(ChangeMessage::key).containsExactly(46204L);
    }

    private S3ObjectEvent upload(String prefix, String csv, String sequencer) {
        String key = prefix + UUID.randomUUID() + ".csv";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return new S3ObjectEvent(
                "ObjectCreated:Put", fx.bucket(), key, bytes.length, fx.upload(key, bytes), null, sequencer);
    }
}
