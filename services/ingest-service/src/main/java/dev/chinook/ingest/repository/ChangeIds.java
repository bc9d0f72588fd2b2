package dev.chinook.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Change ids for the new rows of a part, drawn from {@code change_id_seq} in one statement. The
 * ids a statement draws are consecutive unless another transaction draws some at the same time,
 * so the statement returns only their bounds and count: fetching 200,000 ids one row each, for
 * the function to read, was about a third of streaming a part's changes. When another
 * transaction drew in between, those ids are left unused (a sequence has gaps anyway, from every
 * rollback) and the part's ids are drawn again, each fetched.
 */
final class ChangeIds implements AutoCloseable {

    private static final String DRAW_RUN = """
            SELECT min(id), max(id), count(*) FROM (SELECT nextval('change_id_seq') AS id FROM generate_series(1, ?)) drawn""";

    private static final String DRAW_EACH = "SELECT nextval('change_id_seq') FROM generate_series(1, ?)";

    /** Ids fetched at a time when they are fetched one by one. */
    private static final int IDS_PER_FETCH = 20_000;

    private final PreparedStatement each;
    private final ResultSet fetched;
    private long next;
    private long last;

    private ChangeIds(long first, long last) {
        this.each = null;
        this.fetched = null;
        this.next = first;
        this.last = last;
    }

    private ChangeIds(PreparedStatement each, ResultSet fetched) {
        this.each = each;
        this.fetched = fetched;
    }

    /** {@code count} ids, in the order the sequence gave them. */
    static ChangeIds draw(Connection c, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DRAW_RUN)) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                long last = rs.getLong(2);
                if (last - first + 1 == rs.getLong(3)) {
                    return new ChangeIds(first, last);
                }
            }
        }
        PreparedStatement each = c.prepareStatement(DRAW_EACH);
        try {
            each.setInt(1, count);
            each.setFetchSize(IDS_PER_FETCH);
            return new ChangeIds(each, each.executeQuery());
        } catch (SQLException | RuntimeException e) {
            each.close();
            throw e;
        }
    }

    /** The next id; there are as many as were asked for. */
    long next() throws SQLException {
        if (fetched == null) {
            if (next > last) {
                throw new IllegalStateException("more change ids taken than drawn");
            }
            return next++;
        }
        if (!fetched.next()) {
            throw new IllegalStateException("more change ids taken than drawn");
        }
        return fetched.getLong(1);
    }

    @Override
    public void close() throws SQLException {
        if (each != null) {
            each.close();
        }
    }
}
