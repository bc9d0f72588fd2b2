package dev.chinook.warehouse.repository;

import dev.chinook.warehouse.model.FileVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * File versions' change ranges as the four arrays a statement unnests into (file id, first and
 * last change id, source file), so that one statement counts for any number of versions.
 */
final class ChangeRanges {

    private ChangeRanges() {}

    static void bind(Connection c, PreparedStatement ps, List<FileVersion> files) throws SQLException {
        ps.setArray(
                1,
                c.createArrayOf(
                        "bigint", files.stream().map(FileVersion::fileId).toArray()));
        ps.setArray(
                2,
                c.createArrayOf(
                        "bigint", files.stream().map(FileVersion::firstChangeId).toArray()));
        ps.setArray(
                3,
                c.createArrayOf(
                        "bigint", files.stream().map(FileVersion::lastChangeId).toArray()));
        ps.setArray(
                4,
                c.createArrayOf(
                        "text", files.stream().map(FileVersion::sourceFile).toArray()));
    }
}
