package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** How the operator commands talk to the warehouse service's API. */
final class WarehouseCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private WarehouseCalls() {}

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GETs a read-only view and prints it for people, or as it came with --json or on an error. */
    static int look(OperatorOptions operator, String path, boolean json, Consumer<JsonNode> printer) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(operator.url.resolve(path)).GET().build());
        if (response.statusCode() != 200 || json) {
            System.out.println(response.body());
            return response.statusCode() == 200 ? 0 : 1;
        }
        printer.accept(JSON.readTree(response.body()));
        return 0;
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
