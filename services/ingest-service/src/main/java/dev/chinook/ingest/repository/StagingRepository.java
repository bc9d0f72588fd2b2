package dev.chinook.ingest.repository;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.ingest.model.ChangeRange;
import dev.chinook.ingest.model.NamedParentKeys;
import dev.chinook.ingest.model.StagedImages;
import dev.chinook.ingest.model.StagedKeys;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The set-based load of one file: a staging table filled by COPY, the rejections decided on it
 * (superseded duplicates, missing parents, referenced deletes), and the apply that hands each real
 * change, made in the same statement, to a {@link ChangeSink}. Table and column names come from the
 * contract ({@link TableSpec}), never from input. Every method joins the caller's transaction.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class StagingRepository {

    /** Changes come to the caller in fetches of this many rows, never all at once. */
    private static final int CHANGES_PER_FETCH = 1_000;

    /** Change ids for new rows come in fetches of this many (8 bytes each, not a change each). */
    private static final int IDS_PER_FETCH = 20_000;

    /** A span of parent keys this narrow is counted, however few rows a part has. */
    private static final long MIN_COUNTED_SPAN = 1_024;

    /** A change's commit time as JSON text without its closing quote (the last constant part closes it). */
    private static final String COMMIT_TIME = "rtrim(to_json(%s AT TIME ZONE 'UTC')::text, '\"')";

    private static final byte[] CHANGE_ID = "{\"changeId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMITTED_AT = ",\"committedAt\":".getBytes(StandardCharsets.US_ASCII);

    private final AgroalDataSource dataSource;
    private final ReferenceLocks locks;

    public StagingRepository(AgroalDataSource dataSource, ReferenceLocks locks) {
        this.dataSource = dataSource;
        this.locks = locks;
    }

    /** Creates the transaction's staging table for {@code table}: the contract columns plus the line number. */
    public void createStaging(TableSpec table) throws SQLException {
        create("CREATE TEMP TABLE ", stagingName(table), table);
    }

    /**
     * Creates, once per transaction, the table parked rows of {@code table} are released into: apart
     * from the file staging, so a release never meets a file of the same table in the same transaction.
     */
    public void createRelease(TableSpec table) throws SQLException {
        create("CREATE TEMP TABLE IF NOT EXISTS ", releaseName(table), table);
    }

    private void create(String createTable, String name, TableSpec table) throws SQLException {
        String columns = table.columns().stream()
                .map(col -> col.name() + " " + col.sqlType())
                .collect(Collectors.joining(", "));
        try (Connection c = dataSource.getConnection();
                var st = c.createStatement()) {
            st.execute(createTable + name + " (line_number bigint NOT NULL, " + "operation char(1) NOT NULL, " + columns
                    + ") ON COMMIT DROP");
        }
    }

    /**
     * Opens a COPY into the staging table. While it is open the connection runs nothing else, so
     * callers finish it before any other statement and may open another afterwards.
     */
    public StagingCopy copyIntoStaging(TableSpec table) throws SQLException {
        String copy = "COPY " + stagingName(table) + " (line_number, operation, "
                + String.join(", ", table.columnNames()) + ") FROM STDIN WITH (FORMAT csv)";
        try (Connection c = dataSource.getConnection()) {
            return new StagingCopy(c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy));
        }
    }

    /**
     * Rows whose key appears again further down the file: the last occurrence wins, the earlier
     * ones are reported so that no row disappears silently.
     */
    public int rejectSupersededDuplicates(long fileId, TableSpec table, int keyColumnNumber) throws SQLException {
        String key = table.key().name();
        String sql = "WITH superseded AS (DELETE FROM " + stagingName(table) + " s USING (SELECT " + key
                + ", max(line_number) AS last_line FROM " + stagingName(table) + " GROUP BY " + key
                + " HAVING count(*) > 1) d WHERE s." + key + " = d." + key + " AND s.line_number < d.last_line "
                + "RETURNING s.line_number, s." + key + ", d.last_line) "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, ?, ?, " + key + "::text, "
                + "'duplicate key in file: superseded by line ' || last_line FROM superseded";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setInt(2, keyColumnNumber);
            ps.setString(3, key);
            return ps.executeUpdate();
        }
    }

    /**
     * Whether any staged upsert names a parent key that is not in OLTP. When the keys the parse saw
     * named ({@code named}) span no more keys than the part has rows and the parent holds every key
     * of the span, none is missing: a count over the parent's key answers it (ids exported densely,
     * the usual case, a part's lines naming the invoices of its range). Otherwise each distinct
     * named key is looked up (a file's lines name each invoice about five times), so the usual
     * answer, no, costs a third of the statement that removes such rows, which then runs only when
     * there are some.
     */
    public boolean anyMissingParent(
            TableSpec table, TableSpec.Reference reference, TableSpec parent, NamedParentKeys named, long partRows)
            throws SQLException {
        if (named.none()) {
            return false;
        }
        if (named.spanAtMost(Math.max(partRows, MIN_COUNTED_SPAN)) && holdsEveryKey(parent, named)) {
            return false;
        }
        String column = reference.column();
        String sql = "SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT " + column + " FROM " + stagingName(table)
                + " WHERE operation = 'U' AND " + column + " IS NOT NULL) s WHERE NOT EXISTS (SELECT 1 FROM "
                + parent.name() + " p WHERE p." + parent.key().name() + " = s." + column + "))";
        return answer(sql);
    }

    private boolean holdsEveryKey(TableSpec parent, NamedParentKeys named) throws SQLException {
        String key = parent.key().name();
        return answer(
                "SELECT count(*) = ? FROM " + parent.name() + " WHERE " + key + " BETWEEN ? AND ?",
                named.span(),
                named.min(),
                named.max());
    }

    /** The yes or no of a one-row, one-column query with these parameters, in order. */
    private boolean answer(String sql, long... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setLong(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Staged upserts whose reference names a parent key that is not in OLTP (after the parents of
     * the same upload were loaded): rejected and removed from staging.
     */
    public int rejectMissingParents(
            long fileId, TableSpec table, TableSpec.Reference reference, int columnNumber, TableSpec parent)
            throws SQLException {
        String column = reference.column();
        String sql = "WITH orphans AS (DELETE FROM " + stagingName(table) + " s WHERE s.operation = 'U' AND s." + column
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + parent.name() + " p WHERE p."
                + parent.key().name()
                + " = s." + column + ") RETURNING s.line_number, s." + column + ") "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, ?, ?, " + column + "::text, ? FROM orphans";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setInt(2, columnNumber);
            ps.setString(3, column);
            ps.setString(
                    4,
                    "no " + parent.name() + " with this " + parent.key().name() + " in OLTP or in this upload's "
                            + parent.name() + " file");
            return ps.executeUpdate();
        }
    }

    /** Staged deletes of rows other rows still refer to: rejected and removed from staging. */
    public int rejectReferencedDeletes(
            long fileId, TableSpec table, TableSpec child, TableSpec.Reference reference, int keyColumnNumber)
            throws SQLException {
        String key = table.key().name();
        String sql = "WITH kept AS (DELETE FROM " + stagingName(table) + " s WHERE s.operation = 'D' AND EXISTS "
                + "(SELECT 1 FROM " + child.name() + " c WHERE c." + reference.column() + " = s." + key + ") "
                + "RETURNING s.line_number, s." + key + ") "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, ?, ?, " + key + "::text, ? FROM kept";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setInt(2, keyColumnNumber);
            ps.setString(3, key);
            ps.setString(4, "cannot delete: rows of " + child.name() + " refer to it (" + reference.column() + ")");
            return ps.executeUpdate();
        }
    }

    /** Empties the staging table: under the reject-file policy nothing of a bad file is applied. */
    public void clearStaging(TableSpec table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var st = c.createStatement()) {
            st.execute("DELETE FROM " + stagingName(table));
        }
    }

    /**
     * Applies the staged rows (one per key, after duplicates were removed) and hands each row that
     * really changed to {@code changes} as a change, each operation in one statement: upserts whose
     * content differs, then, if the part staged any ({@code deletes}), deletes of rows that exist.
     * Returns the number of changed rows.
     */
    public ChangeRange applyStaged(
            TableSpec table,
            String sourceFile,
            StagedKeys keys,
            StagedImages images,
            boolean deletes,
            ChangeSink changes)
            throws SQLException {
        String staged = stagingName(table);
        ChangeRange upserted;
        if (!allNew(table, keys)) {
            upserted = upsert(staged, table, sourceFile, changes);
        } else if (images != null) {
            upserted = insert(staged, table, sourceFile, images, changes);
        } else {
            upserted = insert(staged, table, sourceFile, changes);
        }
        // A delete scans the staging table for the rows marked so: 15 to 20 ms of a 200,000-row
        // part that has none.
        return deletes ? upserted.plus(deleteStaged(table, sourceFile, changes)) : upserted;
    }

    /** Applies released parked rows (upserts only) as changes of their own file, {@code sourceFile}. */
    public ChangeRange applyReleased(TableSpec table, String sourceFile, ChangeSink changes) throws SQLException {
        return upsert(releaseName(table), table, sourceFile, changes);
    }

    /**
     * Whether no staged key can be in the table yet: keys that only ascend and none in the table
     * between the first and the last (an initial load, part after part). Such rows are inserted
     * without the conflict check, which cost a fifth of the apply. Once true, it stays true to the
     * end of the transaction: this load holds the table's write lock alone ({@link ReferenceLocks}),
     * and never waits for it: when another load holds it, the rows go the upsert's way.
     */
    private boolean allNew(TableSpec table, StagedKeys keys) throws SQLException {
        if (!keys.ascending() || anyKeyBetween(table, keys) || !locks.tryWriteAlone(table)) {
            return false;
        }
        // Checked again now that no other load of the table writes: one may have committed keys
        // of the range since the first look.
        return !anyKeyBetween(table, keys);
    }

    private boolean anyKeyBetween(TableSpec table, StagedKeys keys) throws SQLException {
        String key = table.key().name();
        return answer(
                "SELECT EXISTS (SELECT 1 FROM " + table.name() + " WHERE " + key + " BETWEEN ? AND ?)",
                keys.first(),
                keys.last());
    }

    private ChangeRange insert(String staged, TableSpec table, String sourceFile, ChangeSink changes)
            throws SQLException {
        String all = String.join(", ", table.columnNames());
        String sql = "WITH changed AS (INSERT INTO " + table.name() + " AS t (" + all + ") "
                + "SELECT " + all + " FROM " + staged + " WHERE operation = 'U' RETURNING t.*) "
                + changesOf(table, "changed");
        return stream(sql, table, "UPSERT", sourceFile, changes);
    }

    /**
     * New rows whose images the parse kept ({@link StagedImages}): a plain insert, then one change
     * id per row and one commit time for them all, the changes built here. Having the insert return each row and
     * build its JSON was half of a part's apply. The clock is read after the insert, as the table's
     * write lock is held alone: no other transaction can change these keys before this commits.
     */
    private ChangeRange insert(
            String staged, TableSpec table, String sourceFile, StagedImages images, ChangeSink changes)
            throws SQLException {
        String all = String.join(", ", table.columnNames());
        try (Connection c = dataSource.getConnection()) {
            int inserted;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.name() + " (" + all + ") SELECT "
                    + all + " FROM " + staged + " WHERE operation = 'U'")) {
                inserted = ps.executeUpdate();
            }
            if (inserted != images.size()) {
                throw new IllegalStateException("inserted " + inserted + " staged rows of " + table.name() + " for "
                        + images.size() + " images");
            }
            return inserted == 0 ? ChangeRange.NONE : streamNew(c, table, sourceFile, images, changes);
        }
    }

    private static ChangeRange streamNew(
            Connection c, TableSpec table, String sourceFile, StagedImages images, ChangeSink changes)
            throws SQLException {
        List<byte[]> parts = constantParts(table.name(), "UPSERT", sourceFile).stream()
                .map(p -> p.getBytes(StandardCharsets.UTF_8))
                .toList();
        byte[] committedAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COMMIT_TIME.formatted("clock_timestamp()"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            committedAt = rs.getBytes(1);
        }
        ByteArrayOutputStream change = new ByteArrayOutputStream(512);
        long first = 0;
        long last = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('change_id_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, images.size());
            ps.setFetchSize(IDS_PER_FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    long changeId = rs.getLong(1);
                    change.reset();
                    change.writeBytes(CHANGE_ID);
                    change.writeBytes(Long.toString(changeId).getBytes(StandardCharsets.US_ASCII));
                    change.writeBytes(parts.get(0));
                    change.writeBytes(Long.toString(images.key(i)).getBytes(StandardCharsets.US_ASCII));
                    change.writeBytes(parts.get(1));
                    change.writeBytes(images.image(i));
                    change.writeBytes(COMMITTED_AT);
                    change.writeBytes(committedAt);
                    change.writeBytes(parts.get(2));
                    changes.accept(changeId, change.toByteArray());
                    first = i == 0 ? changeId : first;
                    last = changeId;
                }
            }
        }
        return new ChangeRange(images.size(), first, last);
    }

    private ChangeRange upsert(String staged, TableSpec table, String sourceFile, ChangeSink changes)
            throws SQLException {
        locks.shareWrite(table);
        String key = table.key().name();
        List<String> nonKey = table.columns().stream().skip(1).map(Column::name).toList();
        String all = String.join(", ", table.columnNames());
        String set = nonKey.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        String current = nonKey.stream().map(c -> "t." + c).collect(Collectors.joining(", "));
        String incoming = nonKey.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "));
        String sql = "WITH changed AS (INSERT INTO " + table.name() + " AS t (" + all + ") "
                + "SELECT " + all + " FROM " + staged + " WHERE operation = 'U' "
                + "ON CONFLICT (" + key + ") DO UPDATE SET " + set
                + " WHERE (" + current + ") IS DISTINCT FROM (" + incoming + ") RETURNING t.*) "
                + changesOf(table, "changed");
        return stream(sql, table, "UPSERT", sourceFile, changes);
    }

    private ChangeRange deleteStaged(TableSpec table, String sourceFile, ChangeSink changes) throws SQLException {
        String key = table.key().name();
        String sql = "WITH gone AS (DELETE FROM " + table.name() + " t USING " + stagingName(table) + " s "
                + "WHERE t." + key + " = s." + key + " AND s.operation = 'D' RETURNING t.*) "
                + changesOf(table, "gone");
        return stream(sql, table, "DELETE", sourceFile, changes);
    }

    /**
     * Each changed row as a change with its id, written as JSON text by concatenation: building it
     * with json_build_object over a jsonb image cost twice as much, and the change is never read
     * back here. The parts that are the same for every change of the statement come in as
     * parameters, already JSON ({@link #constantParts}): quoting them per row was an eighth of the
     * statement. The commit time is JSON's ISO form of the UTC clock, its closing quote swapped for
     * "Z" (to_char's pattern took three times as long). Each row reads the clock as it is changed:
     * a time taken once for the statement could put it before a change that another transaction
     * committed to the same key while this statement ran.
     */
    private static String changesOf(TableSpec table, String rows) {
        return "SELECT c.change_id, '{\"changeId\":' || c.change_id || ?::text || c.row_key || ?::text || c.row_image "
                + "|| ',\"committedAt\":' || " + COMMIT_TIME.formatted("c.committed_at") + " || ?::text "
                + "FROM (SELECT nextval('change_id_seq') AS change_id, clock_timestamp() AS committed_at, " + rows + "."
                + table.key().name() + " AS row_key, row_to_json(" + rows + ")::text AS row_image FROM " + rows + ") c";
    }

    /** What goes after the change id, after the key and after the commit time in {@link #changesOf}. */
    static List<String> constantParts(String table, String operation, String sourceFile) {
        return List.of(
                ",\"table\":" + ChangeCodec.toJson(table) + ",\"key\":",
                ",\"operation\":" + ChangeCodec.toJson(operation) + ",\"row\":",
                "Z\",\"sourceFile\":" + ChangeCodec.toJson(sourceFile) + "}");
    }

    private ChangeRange stream(String sql, TableSpec table, String operation, String sourceFile, ChangeSink changes)
            throws SQLException {
        long count = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            List<String> parts = constantParts(table.name(), operation, sourceFile);
            for (int i = 0; i < parts.size(); i++) {
                ps.setString(i + 1, parts.get(i));
            }
            ps.setFetchSize(CHANGES_PER_FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long changeId = rs.getLong(1);
                    // A text column's bytes as sent: the JSON in UTF-8, not decoded (pgjdbc).
                    changes.accept(changeId, rs.getBytes(2));
                    count++;
                    first = Math.min(first, changeId);
                    last = Math.max(last, changeId);
                }
            }
        }
        return count == 0 ? ChangeRange.NONE : new ChangeRange(count, first, last);
    }

    static String stagingName(TableSpec table) {
        return "stage_" + table.name();
    }

    static String releaseName(TableSpec table) {
        return "release_" + table.name();
    }
}
