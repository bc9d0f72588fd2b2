package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.security.OperatorOnly;
import dev.chinook.warehouse.service.ReconcileRequests;
import dev.chinook.warehouse.storage.ReconcileReports;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Reconcile the bucket with the ingest manifest: POST asks for a run, GET shows the latest report. */
@Path("/api/reconcile")
@Produces(MediaType.APPLICATION_JSON)
public class ReconcileResource {

    private final ReconcileRequests requests;
    private final ReconcileReports reports;

    public ReconcileResource(ReconcileRequests requests, ReconcileReports reports) {
        this.requests = requests;
        this.reports = reports;
    }

    @POST
    @OperatorOnly
    public Response request(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        return Response.accepted(requests.request(dryRun)).build();
    }

    @GET
    public Response latest() {
        return reports.latest()
                .map(report -> Response.ok(report).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no reconciliation has run yet"))
                        .build());
    }
}
