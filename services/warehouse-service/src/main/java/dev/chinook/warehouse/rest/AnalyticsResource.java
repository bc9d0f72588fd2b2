package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.repository.AnalyticsRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

/** Revenue by month, billing country and genre, for the dashboard and for anyone with curl. */
@Path("/api/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final AnalyticsRepository analytics;

    public AnalyticsResource(AnalyticsRepository analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("/revenue-by-month")
    public List<AnalyticsRepository.Revenue> byMonth() throws SQLException {
        return analytics.byMonth();
    }

    @GET
    @Path("/revenue-by-country")
    public List<AnalyticsRepository.Revenue> byCountry() throws SQLException {
        return analytics.byCountry();
    }

    @GET
    @Path("/revenue-by-genre")
    public List<AnalyticsRepository.Revenue> byGenre() throws SQLException {
        return analytics.byGenre();
    }
}
