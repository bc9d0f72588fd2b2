package dev.chinook.common.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class S3EventsTest {

    private static final String PUT = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
              "eventTime":"2026-11-25T10:00:00.000Z","eventName":"ObjectCreated:Put",
              "s3":{"s3SchemaVersion":"1.0","configurationId":"raw",
                "bucket":{"name":"chinook-raw","arn":"arn:aws:s3:::chinook-raw"},
                "object":{"key":"raw/invoice_line/day+2%C3%A9.csv","size":1024,"eTag":"\\"abc\\"",
                          "versionId":"v1","sequencer":"0055AED6DCD90281E5"}}}]}""";

    @Test
    void anObjectCreatedRecordHasItsKeyDecodedAndItsETagUnquoted() {
        List<S3ObjectEvent> events = S3Events.parse(PUT);

        assertThat(events)
                .containsExactly(new S3ObjectEvent(
                        "ObjectCreated:Put",
                        "chinook-raw",
                        "raw/invoice_line/day 2é.csv",
                        1024,
                        "abc",
                        "v1",
                        "0055AED6DCD90281E5"));
        assertThat(events.get(0).isObjectCreated()).isTrue();
        assertThat(events.get(0).uri()).isEqualTo("s3://chinook-raw/raw/invoice_line/day 2é.csv");
    }

    @Test
    void theTestEventOfANewNotificationHasNoRecords() {
        assertThat(S3Events.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}"))
                .isEmpty();
    }

    @Test
    void bodiesThatAreNotNotificationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> S3Events.parse("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("message body is not JSON");
        assertThatThrownBy(() -> S3Events.parse("{\"hello\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S3 event notification without Records");
    }
}
