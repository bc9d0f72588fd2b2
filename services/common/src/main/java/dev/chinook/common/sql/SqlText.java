package dev.chinook.common.sql;

import java.util.regex.Pattern;

/**
 * The only things SQL text is built from besides literals: identifiers (table and column names of
 * the contract, names of our own tables), checked here at run time. Values go in bind parameters;
 * {@code SqlBuiltWithValuesTest} refuses anything else concatenated into SQL.
 */
public final class SqlText {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlText() {}

    /** A lower-case, unquoted identifier, or an exception. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not an identifier: " + name);
        }
        return name;
    }

    /** An identifier written as a text constant, where a table's name is data (change_log.table_name). */
    public static String literal(String name) {
        return "'" + identifier(name) + "'";
    }

    /** The text of field {@code column} of the JSON image in {@code alias}: {@code (alias ->> 'column')}. */
    public static String jsonField(String alias, String column) {
        for (String part : alias.split("\\.", -1)) {
            identifier(part);
        }
        return "(" + alias + " ->> " + literal(column) + ")";
    }

    /** The columns, each after {@code prefix} ("" or an alias and a dot), comma-separated, every name checked. */
    public static String identifierList(String prefix, java.util.List<String> columns) {
        return String.join(
                ", ", columns.stream().map(c -> prefix + identifier(c)).toList());
    }

    /** {@code c = EXCLUDED.c, ...} for an upsert's conflict clause, every name checked. */
    public static String excludedAssignments(java.util.List<String> columns) {
        return String.join(
                ", ",
                columns.stream().map(c -> identifier(c) + " = EXCLUDED." + c).toList());
    }
}
