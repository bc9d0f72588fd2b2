package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The set-based SQL that applies a batch of change messages to the star schema. Every method
 * joins the caller's transaction; the batch's change ids and their effects commit together.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class WarehouseRepository {

    /** The new (not yet applied) changes of the current batch; emptied at commit. */
    private static final String BATCH_TABLE = """
            CREATE TEMP TABLE IF NOT EXISTS batch_change (LIKE change_log) ON COMMIT DELETE ROWS""";

    /** Records the batch's changes; a change id already in change_log is skipped (a duplicate). */
    private static final String RECORD_CHANGES = """
            WITH incoming AS (
                SELECT * FROM jsonb_to_recordset(?::jsonb -> 'changes') AS c(
                    "changeId" bigint, "table" text, "key" bigint, "operation" text, "row" jsonb,
                    "committedAt" timestamptz, "sourceFile" text)
            ), inserted AS (
                INSERT INTO change_log (change_id, table_name, row_key, operation, row_image, committed_at, source_file)
                SELECT "changeId", "table", "key", "operation", "row", "committedAt", "sourceFile" FROM incoming
                ON CONFLICT (change_id) DO NOTHING
                RETURNING *
            )
            INSERT INTO batch_change SELECT * FROM inserted""";

    /** Latest image per key for the tables kept as plain sources; never overwritten by an older change. */
    private static final String UPSERT_SOURCE = """
            INSERT INTO src_%1$s
            SELECT (jsonb_populate_record(NULL::src_%1$s,
                        row_image || jsonb_build_object('committed_at', committed_at))).*
            FROM (SELECT DISTINCT ON (row_key) row_image, committed_at FROM batch_change
                  WHERE table_name = '%1$s' AND operation = 'UPSERT'
                  ORDER BY row_key, committed_at DESC, change_id DESC) latest
            ON CONFLICT (%2$s) DO UPDATE SET %3$s
            WHERE src_%1$s.committed_at <= EXCLUDED.committed_at""";

    private final AgroalDataSource dataSource;

    public WarehouseRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns how many of the batch's changes are new. */
    public int recordChanges(String batchJson) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute(BATCH_TABLE);
            }
            try (PreparedStatement ps = c.prepareStatement(RECORD_CHANGES)) {
                ps.setString(1, batchJson);
                return ps.executeUpdate();
            }
        }
    }

    /** Applies the recorded batch to dimensions and facts. */
    public void applyBatch() throws SQLException {
        upsertSource("artist", "artist_id", "name");
        upsertSource("album", "album_id", "title", "artist_id");
        upsertSource("genre", "genre_id", "name");
        upsertSource("media_type", "media_type_id", "name");
        upsertSource("invoice", "invoice_id", "customer_id", "invoice_date", "billing_address", "billing_city",
                "billing_state", "billing_country", "billing_postal_code", "total");
        upsertSource("invoice_line", "invoice_line_id", "invoice_id", "track_id", "unit_price", "quantity");
        for (ScdType2Dimension dimension : new ScdType2Dimension[] {ScdType2Dimension.CUSTOMER, ScdType2Dimension.TRACK}) {
            execute(dimension.completeInferred());
            execute(dimension.closeChanged());
            execute(dimension.openVersions());
        }
        execute(StarSchemaSql.REFRESH_TRACK_NAMES);
        execute(StarSchemaSql.STAGE_FACT_LINES);
        execute("ANALYZE batch_fact_line");
        execute(StarSchemaSql.EXTEND_CALENDAR);
        execute(ScdType2Dimension.CUSTOMER.inferMissing("batch_fact_line", "customer_id"));
        execute(ScdType2Dimension.TRACK.inferMissing("batch_fact_line", "track_id"));
        execute(StarSchemaSql.UPSERT_FACTS);
        execute("DROP TABLE batch_fact_line");
    }

    private void upsertSource(String table, String key, String... columns) throws SQLException {
        StringBuilder set = new StringBuilder();
        for (String column : columns) {
            set.append(column).append(" = EXCLUDED.").append(column).append(", ");
        }
        set.append("committed_at = EXCLUDED.committed_at");
        execute(UPSERT_SOURCE.formatted(table, key, set));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
