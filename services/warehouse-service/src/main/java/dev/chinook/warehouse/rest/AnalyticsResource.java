package dev.chinook.warehouse.rest;

import dev.chinook.warehouse.model.Analysis;
import dev.chinook.warehouse.repository.AnalyticsRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The warehouse's analyses as JSON, for the dashboard, {@code chinook report} and anyone with curl:
 * each over a period of invoice dates ({@code from} inclusive, {@code to} exclusive, ISO dates).
 */
@Path("/api/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    static final int MAX_LIMIT = 1000;

    public record Catalogue(String name, String path, String description) {}

    private final AnalyticsRepository analytics;

    public AnalyticsResource(AnalyticsRepository analytics) {
        this.analytics = analytics;
    }

    @GET
    @Operation(summary = "The analyses there are, and how fresh the data is")
    public Map<String, Object> catalogue() throws SQLException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("freshness", analytics.freshness());
        answer.put(
                "analyses",
                Arrays.stream(Analysis.values())
                        .map(a -> new Catalogue(a.path(), "/api/analytics/" + a.path(), a.description()))
                        .toList());
        return answer;
    }

    @GET
    @Path("/{analysis}")
    @Operation(summary = "One analysis over a period of invoice dates")
    public Response analysis(
            @Parameter(
                            description = "revenue-by-month, revenue-by-billing-country, revenue-by-customer-country, "
                                    + "sales-by-genre, sales-by-media-type, top-artists, top-albums, top-tracks, "
                                    + "customer-value, cohorts, invoice-summary, "
                                    + "revenue-by-customer-location-then-and-now, price-changes",
                            schema = @Schema(type = SchemaType.STRING))
                    @PathParam("analysis")
                    String name,
            @Parameter(description = "first invoice date included (ISO, e.g. 2024-01-01)") @QueryParam("from")
                    String from,
            @Parameter(description = "first invoice date excluded (ISO)") @QueryParam("to") String to,
            @Parameter(description = "rows of a top list (1 to 1000)") @QueryParam("limit") @DefaultValue("10")
                    int limit,
            @Parameter(description = "country or city (then-and-now only)")
                    @QueryParam("level")
                    @DefaultValue("country")
                    String level)
            throws SQLException {
        var analysis = Analysis.byPath(name);
        if (analysis.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no analysis " + name + ": GET /api/analytics lists them");
        }
        AnalyticsRepository.Period period;
        try {
            period = new AnalyticsRepository.Period(date("from", from), date("to", to));
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (period.from() != null && period.to() != null && !period.from().isBefore(period.to())) {
            return error(Response.Status.BAD_REQUEST, "from must be before to");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        if (!List.of("country", "city").contains(level)) {
            return error(Response.Status.BAD_REQUEST, "level must be country or city");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("analysis", name);
        answer.put("from", period.from());
        answer.put("to", period.to());
        answer.put("rows", analytics.run(analysis.get(), period, limit, level));
        return Response.ok(answer).build();
    }

    private static LocalDate date(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO date such as 2024-01-31, not " + value);
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
