package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.service.StatusService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;

@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusService status;

    public StatusResource(StatusService status) {
        this.status = status;
    }

    @GET
    public StatusService.Status get() throws SQLException {
        return status.status();
    }
}
