package dev.chinook.warehouse.rest;

import dev.chinook.common.manifest.FileStatus;
import dev.chinook.warehouse.config.WarehouseConfig;
import dev.chinook.warehouse.model.FileFilter;
import dev.chinook.warehouse.service.FileStatusService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * "What happened to my file?": the files the ingest recorded, one file with all its versions and
 * the journey of its changes to the warehouse, and the rows it rejected.
 */
@Path("/api/files")
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    static final int MAX_PAGE = 500;

    private final FileStatusService files;
    private final String defaultBucket;

    public FileResource(FileStatusService files, WarehouseConfig config) {
        this.files = files;
        this.defaultBucket = config.reports().bucket();
    }

    @GET
    @Operation(summary = "File versions the ingest recorded, newest first, filtered and paged")
    public Response list(
            @Parameter(description = "LOADING, LOADED, REJECTED, UNCHANGED or STALE") @QueryParam("status")
                    String status,
            @QueryParam("table") String table,
            @QueryParam("bucket") String bucket,
            @Parameter(description = "keys starting with this") @QueryParam("prefix") String prefix,
            @Parameter(description = "finished at or after (ISO-8601 with offset)") @QueryParam("since") String since,
            @Parameter(description = "finished before (ISO-8601 with offset)") @QueryParam("until") String until,
            @Parameter(description = "the next value of the previous page") @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("50") int limit)
            throws SQLException {
        try {
            FileFilter filter = new FileFilter(
                    status(status), table, bucket, prefix, instant("since", since), instant("until", until));
            return Response.ok(files.files(filter, before, pageSize(limit))).build();
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    @GET
    @Path("/by-key")
    @Operation(
            summary = "Every version of one key with the lineage of its changes to the warehouse, and the latest "
                    + "failed attempts at its messages")
    public Response byKey(@QueryParam("key") String key, @QueryParam("bucket") String bucket) throws SQLException {
        if (key == null || key.isBlank()) {
            return badRequest("key is required, for example ?key=raw/album/albums.csv");
        }
        String inBucket = bucket == null ? defaultBucket : bucket;
        FileStatusService.FileHistory history = files.history(inBucket, key);
        if (!history.known()) {
            return notFound("the ingest has no record of s3://" + inBucket + "/" + key);
        }
        return Response.ok(history).build();
    }

    @GET
    @Path("/{fileId}")
    @Operation(summary = "One file version with the lineage of its changes")
    public Response one(@PathParam("fileId") long fileId) throws SQLException {
        return files.file(fileId)
                .map(f -> Response.ok(f).build())
                .orElseGet(() -> notFound("no file version " + fileId));
    }

    @GET
    @Path("/{fileId}/rejected")
    @Operation(summary = "The rows of a file version that were not loaded, in line order, paged")
    public Response rejected(
            @PathParam("fileId") long fileId,
            @QueryParam("offset") @DefaultValue("0") long offset,
            @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        if (offset < 0) {
            return badRequest("offset must be 0 or more");
        }
        try {
            return files.rejectedRows(fileId, offset, pageSize(limit))
                    .map(r -> Response.ok(r).build())
                    .orElseGet(() -> notFound("no file version " + fileId));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    private static String status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return FileStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "status must be one of " + Arrays.toString(FileStatus.values()) + ", not " + status);
        }
    }

    private static OffsetDateTime instant(String name, String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be ISO-8601 with an offset, like 2026-12-01T00:00:00Z");
        }
    }

    private static Response badRequest(String error) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", error))
                .build();
    }

    private static Response notFound(String error) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(Map.of("error", error))
                .build();
    }
}
