package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.repository.OperatorActionRepository;
import dev.chinook.warehouse.security.OperatorOnly;
import dev.chinook.warehouse.service.DeadLetterService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Dead letters of ingest-events and oltp-changes: look (open), replay and purge (operator token;
 * purge also wants {@code confirm=purge}). The audit of replays and purges: {@code /api/operator-actions}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetterService deadLetters;
    private final OperatorActionRepository audit;

    public DeadLetterResource(DeadLetterService deadLetters, OperatorActionRepository audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GET
    @Path("/dead-letters")
    public List<DeadLetterService.QueueView> all(@QueryParam("limit") @DefaultValue("20") int limit)
            throws SQLException {
        List<DeadLetterService.QueueView> views = new java.util.ArrayList<>();
        for (String queue : deadLetters.queueNames()) {
            views.add(deadLetters.view(queue, limit).orElseThrow());
        }
        return views;
    }

    @GET
    @Path("/dead-letters/{queue}")
    public Response one(@PathParam("queue") String queue, @QueryParam("limit") @DefaultValue("20") int limit)
            throws SQLException {
        return deadLetters.view(queue, limit).map(v -> Response.ok(v).build()).orElseGet(() -> unknown(queue));
    }

    @POST
    @OperatorOnly
    @Path("/dead-letters/{queue}/replay")
    public Response replay(
            @PathParam("queue") String queue,
            @QueryParam("messageId") String messageId,
            @QueryParam("fileKey") String fileKey,
            @QueryParam("olderThan") String olderThan,
            @Context HttpHeaders headers)
            throws SQLException {
        Duration age;
        try {
            age = olderThan == null ? null : Duration.parse(olderThan);
        } catch (java.time.format.DateTimeParseException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "olderThan must be an ISO-8601 duration such as PT1H, not " + olderThan))
                    .build();
        }
        return deadLetters
                .replay(queue, new DeadLetterService.Selection(messageId, fileKey, age), caller(headers))
                .map(o -> Response.accepted(o).build())
                .orElseGet(() -> unknown(queue));
    }

    @DELETE
    @OperatorOnly
    @Path("/dead-letters/{queue}")
    public Response purge(
            @PathParam("queue") String queue, @QueryParam("confirm") String confirm, @Context HttpHeaders headers)
            throws SQLException {
        if (!"purge".equals(confirm)) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "purging deletes every message for good: repeat with ?confirm=purge"))
                    .build();
        }
        return deadLetters
                .purge(queue, caller(headers))
                .map(o -> Response.ok(o).build())
                .orElseGet(() -> unknown(queue));
    }

    @GET
    @Path("/operator-actions")
    public List<OperatorActionRepository.OperatorAction> actions(@QueryParam("limit") @DefaultValue("50") int limit)
            throws SQLException {
        return audit.latest(limit);
    }

    /** Who asked: the holder of the operator token, from the address the call came through. */
    private static String caller(HttpHeaders headers) {
        String forwarded = headers.getHeaderString("X-Forwarded-For");
        String agent = headers.getHeaderString(HttpHeaders.USER_AGENT);
        return "operator" + (forwarded != null ? " via " + forwarded : "") + (agent != null ? " (" + agent + ")" : "");
    }

    private static Response unknown(String queue) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(Map.of("error", "no dead-letter queue " + queue + ": ingest-events or oltp-changes"))
                .build();
    }
}
