package dev.chinook.common.contract;

/**
 * One column of the CSV contract: its OLTP name, kind, whether a value is required, for text
 * the OLTP length limit, and for numbers the smallest value the domain allows.
 */
public record Column(String name, ColumnType type, boolean required, int maxLength, long minimum) {

    /** The smallest value of a column with no lower bound of its own. */
    public static final long UNBOUNDED = Long.MIN_VALUE;

    public static Column key(String name) {
        return new Column(name, ColumnType.INTEGER, true, 0, UNBOUNDED);
    }

    public static Column integer(String name, boolean required) {
        return new Column(name, ColumnType.INTEGER, required, 0, UNBOUNDED);
    }

    /** A count of things: a whole number of at least 1. */
    public static Column count(String name) {
        return new Column(name, ColumnType.INTEGER, true, 0, 1);
    }

    public static Column text(String name, int maxLength, boolean required) {
        return new Column(name, ColumnType.TEXT, required, maxLength, UNBOUNDED);
    }

    /** An amount of money: never negative. */
    public static Column money(String name, boolean required) {
        return new Column(name, ColumnType.MONEY, required, 0, 0);
    }

    public static Column timestamp(String name, boolean required) {
        return new Column(name, ColumnType.TIMESTAMP, required, 0, UNBOUNDED);
    }

    /** The PostgreSQL column type, with the length for text columns. */
    public String sqlType() {
        return type == ColumnType.TEXT ? "varchar(" + maxLength + ")" : type.sqlType();
    }

    /**
     * The name reduced to lower-case letters and digits: {@code invoice_date}, {@code InvoiceDate}
     * and {@code Invoice Date} all become {@code invoicedate}, which is how headers are matched.
     */
    public String matchName() {
        return TableSpec.normalise(name);
    }
}
