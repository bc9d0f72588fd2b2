package dev.chinook.common.contract;

/** The value kinds of the CSV contract, each with its PostgreSQL type in OLTP. */
public enum ColumnType {
    INTEGER("integer"),
    TEXT("varchar"),
    MONEY("numeric(10,2)"),
    TIMESTAMP("timestamp");

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }
}
