package dev.chinook.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A test function: reports as failed every message whose body starts with "fail", throws for a
 * body "crash", succeeds for the rest. Runs in its own JVM under AWS's runtime client.
 */
public class FailingBodiesHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        ObjectNode response = JSON.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            String body = record.path("body").asText();
            if (body.equals("crash")) {
                throw new IllegalStateException("crash requested");
            }
            if (body.startsWith("fail")) {
                failures.addObject()
                        .put("itemIdentifier", record.path("messageId").asText());
            }
        }
        JSON.writeValue(output, response);
    }
}
