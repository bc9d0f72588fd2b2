package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.security.OperatorOnly;
import dev.chinook.warehouse.service.ValidationRequests;
import dev.chinook.warehouse.storage.ValidationStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Validation-only mode (like Snowpipe's VALIDATION_MODE): a file checked against the contract and
 * OLTP's current rows, with its would-be report; nothing is loaded.
 */
@Path("/api/validate")
@Produces(MediaType.APPLICATION_JSON)
public class ValidationResource {

    private final ValidationRequests requests;
    private final ValidationStore store;

    public ValidationResource(ValidationRequests requests, ValidationStore store) {
        this.requests = requests;
        this.store = store;
    }

    @POST
    @OperatorOnly
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @Operation(summary = "Validate the CSV in the body as a file of ?table=; the report is at /api/validate/{id}")
    public Response upload(@QueryParam("table") String table, InputStream body) {
        if (table == null) {
            return badRequest("table is required, for example ?table=album");
        }
        java.nio.file.Path file = null;
        try {
            file = Files.createTempFile("chinook-validate", ".csv");
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return accepted(requests.uploaded(table, file));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    @POST
    @OperatorOnly
    @Path("/object")
    @Operation(summary = "Validate an object already in the bucket (?key=, optional ?table=)")
    public Response object(@QueryParam("key") String key, @QueryParam("table") String table) {
        if (key == null || key.isBlank()) {
            return badRequest("key is required");
        }
        try {
            return accepted(requests.existing(key, table));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "The would-be report of a validation; 404 until the ingest function has written it")
    public Response report(@PathParam("requestId") String requestId) {
        if (!requestId.matches("[0-9a-f-]{36}")) {
            return badRequest("not a validation request id: " + requestId);
        }
        return store.report(requestId)
                .map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of(
                                "error", "no report of validation " + requestId + " yet", "requestId", requestId))
                        .build());
    }

    private static Response accepted(ValidationRequests.Request request) {
        return Response.accepted(Map.of(
                        "requestId", request.requestId(),
                        "bucket", request.bucket(),
                        "key", request.key(),
                        "report", "/api/validate/" + request.requestId()))
                .build();
    }

    private static Response badRequest(String error) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", error))
                .build();
    }
}
