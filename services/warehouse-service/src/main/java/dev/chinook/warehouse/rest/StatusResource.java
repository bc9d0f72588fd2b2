package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.health.DependencyProbes;
import dev.chinook.warehouse.service.StatusService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/** What is loaded and what waits where; answers 503 within seconds when the database does not answer. */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /**
     * The figures count whole tables: 7 s at scale 5000 (15 million changes, 12 million facts),
     * growing with the data; a frozen database is told apart within {@link #TIMEOUT} before.
     */
    private static final Duration FIGURES_TIMEOUT = Duration.ofSeconds(60);

    /** The integrity check reads every child table: seconds at scale 1000. */
    private static final Duration INTEGRITY_TIMEOUT = Duration.ofSeconds(60);

    private final StatusService status;
    private final DependencyProbes probes;

    public StatusResource(StatusService status, DependencyProbes probes) {
        this.status = status;
        this.probes = probes;
    }

    @GET
    public Response get() {
        try {
            probes.call("database", status::databaseAnswers, TIMEOUT);
            return Response.ok(probes.call("status", status::status, FIGURES_TIMEOUT))
                    .build();
        } catch (DependencyProbes.Unavailable e) {
            return unavailable(e);
        }
    }

    /**
     * The queues' depths, whether facts wait for a backlog to be applied and since when they are
     * being derived, without the database figures: cheap enough to poll every second while waiting
     * for the warehouse to catch up (the full status counts whole tables). Caught up is all queues
     * drained and no facts deferred.
     */
    @GET
    @Path("/queues")
    public Response queues() {
        return answer("queues", status::queues, TIMEOUT);
    }

    /**
     * Rows of OLTP whose reference names a missing parent, per reference of the contract, and facts
     * whose dimension member is missing, per key: all 0 when intact.
     */
    @GET
    @Path("/integrity")
    public Response integrity() {
        return answer(
                "integrity",
                () -> {
                    var orphans = status.integrity();
                    return Map.of("intact", orphans.stream().allMatch(o -> o.rows() == 0), "references", orphans);
                },
                INTEGRITY_TIMEOUT);
    }

    private Response answer(String what, java.util.concurrent.Callable<?> call, Duration timeout) {
        try {
            return Response.ok(probes.call(what, call, timeout)).build();
        } catch (DependencyProbes.Unavailable e) {
            return unavailable(e);
        }
    }

    private static Response unavailable(DependencyProbes.Unavailable e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
