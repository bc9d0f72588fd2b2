package dev.chinook.ingest.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParentsFirstTest {

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static SQSEvent.SQSMessage upload(String id, String key) {
        return message(id, """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                "s3":{"bucket":{"name":"chinook-raw"},"object":{"key":"%s","size":10,"eTag":"e",
                "sequencer":"0055AED6DCD90281"}}}]}""".formatted(key));
    }

    @Test
    void commandsThenUploadsParentsBeforeChildrenThenTheRestAsTheyCame() {
        List<SQSEvent.SQSMessage> batch = List.of(
                upload("lines", "raw/invoice_line/01.csv"),
                message("garbage", "not json"),
                upload("customers", "raw/customer/01.csv"),
                upload("other", "raw/playlist/01.csv"),
                upload("invoices", "invoice.csv"),
                message("continue", "{\"chinook\":\"continue-file\",\"fileId\":7}"),
                upload("artists", "raw/artist/01.csv"));

        assertThat(ParentsFirst.order(batch))
                .extracting(SQSEvent.SQSMessage::getMessageId)
                .containsExactly("continue", "artists", "customers", "invoices", "lines", "garbage", "other");
    }
}
