package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.security.OperatorOnly;
import dev.chinook.warehouse.service.RebuildService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

    /**
     * @param from {@code change-log} (default): the warehouse's own history; {@code archive}: the
     *     change sets the ingest archived in S3, for a warehouse whose database was lost
     */
    @POST
    @OperatorOnly
    public Response start(@QueryParam("from") @DefaultValue("change-log") String from) {
        RebuildService.Source source;
        switch (from) {
            case "change-log" -> source = RebuildService.Source.CHANGE_LOG;
            case "archive" -> source = RebuildService.Source.ARCHIVE;
            default -> {
                return Response.status(Response.Status.BAD_REQUEST)
                        .entity(java.util.Map.of("error", "from is change-log or archive, not " + from))
                        .build();
            }
        }
        boolean started = rebuild.start(source);
        return Response.status(started ? Response.Status.ACCEPTED : Response.Status.CONFLICT)
                .entity(rebuild.progress())
                .build();
    }

    @GET
    public RebuildService.Progress progress() {
        return rebuild.progress();
    }
}
