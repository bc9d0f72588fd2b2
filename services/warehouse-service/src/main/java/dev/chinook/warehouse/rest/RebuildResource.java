package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.security.OperatorOnly;
import dev.chinook.warehouse.service.RebuildService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Rebuild the warehouse from its change history; GET follows the progress. */
@Path("/api/rebuild")
@Produces(MediaType.APPLICATION_JSON)
public class RebuildResource {

    private final RebuildService rebuild;

    public RebuildResource(RebuildService rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @OperatorOnly
    public Response start() {
        boolean started = rebuild.start();
        return Response.status(started ? Response.Status.ACCEPTED : Response.Status.CONFLICT)
                .entity(rebuild.progress())
                .build();
    }

    @GET
    public RebuildService.Progress progress() {
        return rebuild.progress();
    }
}
