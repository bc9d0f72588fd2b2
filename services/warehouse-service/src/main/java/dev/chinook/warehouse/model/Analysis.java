package dev.chinook.warehouse.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The analyses of the warehouse (functions in sql/olap, V5), by the name their endpoint has. Each
 * takes a period; some a limit, one a level. The function names are fixed here: requests choose
 * among them, never name SQL.
 */
public enum Analysis {
    REVENUE_BY_MONTH(
            "analysis_revenue_by_month",
            false,
            false,
            "Revenue per month, with month-over-month and year-over-year change"),
    REVENUE_BY_BILLING_COUNTRY(
            "analysis_revenue_by_billing_country", false, false, "Revenue by the invoice's billing country"),
    REVENUE_BY_CUSTOMER_COUNTRY(
            "analysis_revenue_by_customer_country", false, false, "Revenue by the customer's country when they bought"),
    SALES_BY_GENRE("analysis_sales_by_genre", false, false, "Units and revenue by genre"),
    SALES_BY_MEDIA_TYPE("analysis_sales_by_media_type", false, false, "Units and revenue by media type"),
    TOP_ARTISTS("analysis_top_artists", true, false, "Artists by revenue"),
    TOP_ALBUMS("analysis_top_albums", true, false, "Albums by revenue"),
    TOP_TRACKS("analysis_top_tracks", true, false, "Tracks by units sold"),
    CUSTOMER_VALUE("analysis_customer_value", true, false, "Customers by what they spent, with purchase frequency"),
    COHORTS(
            "analysis_cohorts",
            false,
            false,
            "Customers by month of first purchase, and how many bought again N months later"),
    INVOICE_SUMMARY("analysis_invoice_summary", false, false, "Invoices, average invoice value and basket size"),
    REVENUE_BY_CUSTOMER_LOCATION_THEN_AND_NOW(
            "analysis_revenue_by_customer_location_then_and_now",
            false,
            true,
            "Revenue by where customers lived when they bought against where they live now (level=country or city)"),
    PRICE_CHANGES(
            "analysis_price_changes",
            false,
            false,
            "Tracks whose price changed: revenue at the price when sold against the current price");

    private final String function;
    private final boolean limited;
    private final boolean leveled;
    private final String description;

    Analysis(String function, boolean limited, boolean leveled, String description) {
        this.function = function;
        this.limited = limited;
        this.leveled = leveled;
        this.description = description;
    }

    /** The endpoint name: revenue-by-month. */
    public String path() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    public boolean limited() {
        return limited;
    }

    public boolean leveled() {
        return leveled;
    }

    /** The call with its bind parameters: period, then limit or level where the function takes one. */
    public String call() {
        return "SELECT * FROM " + function + "(?, ?" + (limited || leveled ? ", ?" : "") + ")";
    }

    public static Optional<Analysis> byPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path().equals(path)).findFirst();
    }
}
