package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.contract.Column;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueParserTest {

    private static final Column ID = Column.key("artist_id");
    private static final Column OPTIONAL_ID = Column.integer("genre_id", false);
    private static final Column NAME = Column.text("name", 5, true);
    private static final Column PRICE = Column.money("unit_price", true);
    private static final Column WHEN = Column.timestamp("invoice_date", true);
    private static final Column QUANTITY = Column.count("quantity");

    @Test
    void anEmptyFieldIsNullWhenOptionalAndRefusedWhenRequired() throws Exception {
        assertThat(ValueParser.parse(OPTIONAL_ID, "")).isNull();
        assertThatThrownBy(() -> ValueParser.parse(ID, "")).hasMessage("required value is empty");
    }

    @Test
    void integersAreTrimmedAndMustFitAnInt() throws Exception {
        assertThat(ValueParser.parse(ID, " 42 ")).isEqualTo("42");
        assertThatThrownBy(() -> ValueParser.parse(ID, "4.2")).hasMessage("not an integer");
        assertThatThrownBy(() -> ValueParser.parse(ID, "4.")).hasMessage("not an integer");
        assertThatThrownBy(() -> ValueParser.parse(ID, ".0")).hasMessage("not an integer");
        assertThatThrownBy(() -> ValueParser.parse(ID, "4.01")).hasMessage("not an integer");
        assertThatThrownBy(() -> ValueParser.parse(ID, "2147483648")).hasMessage("not an integer");
    }

    @Test
    void numbersAsASpreadsheetFormatsThemAreRefusedSayingHowToWriteThem() {
        assertThatThrownBy(() -> ValueParser.parse(ID, "1,234,567"))
                .hasMessage("not an integer: 1,234,567 has thousands separators; write it without them (1234567)");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "1 234.50"))
                .hasMessage("not a decimal number: 1 234.50 has thousands separators; write it without them (1234.50)");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "$0.99"))
                .hasMessage("not a decimal number: $0.99 holds a currency sign; write the amount alone (0.99)");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "0.99 EUR"))
                .hasMessage("not a decimal number: 0.99 EUR holds a currency sign; write the amount alone (0.99)");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "0,99"))
                .hasMessage("not a decimal number: 0,99 has a decimal comma, as some locales write; write a decimal"
                        + " point (0.99)");
        assertThatThrownBy(() -> ValueParser.parse(ID, "12,5")).hasMessageContaining("decimal comma");
        assertThatThrownBy(() -> ValueParser.parse(ID, "1,2345")).hasMessage("not an integer");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "1,234")).hasMessageNotContaining("thousands");
    }

    @Test
    void aNullMarkerWhereTextCannotBeIsRefusedWithTheContractsNull() throws Exception {
        assertThatThrownBy(() -> ValueParser.parse(OPTIONAL_ID, "NULL"))
                .hasMessage(
                        "not an integer: NULL is how some exports write NULL; the contract's NULL is an empty field");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, " \\N"))
                .hasMessage(
                        "not a decimal number: \\N is how some exports write NULL; the contract's NULL is an empty field");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "null"))
                .hasMessageEndingWith("the contract's NULL is an empty field");
        assertThat(ValueParser.parse(NAME, "NULL")).isEqualTo("NULL");
        assertThat(ValueParser.isNullMarker("Nulls")).isFalse();
    }

    @Test
    void anIntegerWrittenWithZeroDecimalsAsPandasWritesOneIsThatInteger() throws Exception {
        assertThat(ValueParser.parse(OPTIONAL_ID, "12.0")).isEqualTo("12");
        assertThat(ValueParser.parse(ID, " 7.00 ")).isEqualTo("7");
        assertThatThrownBy(() -> ValueParser.parse(QUANTITY, "0.0")).hasMessage("must be 1 or more");
    }

    @Test
    void textIsCountedInCharactersNotBytesAndMayNotHoldNul() throws Exception {
        assertThat(ValueParser.parse(NAME, "Björk")).isEqualTo("Björk");
        assertThat(ValueParser.parse(NAME, "🎸🎸🎸🎸🎸")).isEqualTo("🎸🎸🎸🎸🎸");
        assertThatThrownBy(() -> ValueParser.parse(NAME, "Sigur Rós")).hasMessage("longer than 5 characters (9)");
        assertThatThrownBy(() -> ValueParser.parse(NAME, "a\0b")).hasMessage("contains a NUL character");
    }

    @Test
    void moneyHasAtMostTwoDecimalsAndFitsNumericTenTwo() throws Exception {
        assertThat(ValueParser.parse(PRICE, "0.99")).isEqualTo("0.99");
        assertThat(ValueParser.parse(PRICE, " 1.50 ")).isEqualTo("1.50");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "1.999")).hasMessage("more than 2 decimal places");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "100000000")).hasMessage("out of range for numeric(10,2)");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "one")).hasMessage("not a decimal number");
    }

    @Test
    void timestampsInTheFormatsOfRealExportsBecomeIsoLocalTimes() throws Exception {
        assertThat(ValueParser.parse(WHEN, "2021-01-31T14:05:09")).isEqualTo("2021-01-31T14:05:09");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:09")).isEqualTo("2021-01-31T14:05:09");
        assertThat(ValueParser.parse(WHEN, "2021/01/31 14:05:09")).isEqualTo("2021-01-31T14:05:09");
        assertThat(ValueParser.parse(WHEN, "2021-01-31")).isEqualTo("2021-01-31T00:00");
        assertThat(ValueParser.parse(WHEN, "2021-01-31T14:05:00+02:00")).isEqualTo("2021-01-31T12:05");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "31/01/2021")).hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "1/1/2009 0:00"))
                .hasMessage("not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00): it reads as a "
                        + "spreadsheet's local date, whose day and month order depends on its locale; format the "
                        + "column as yyyy-mm-dd hh:mm:ss before saving");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "31.01.21")).hasMessageContaining("spreadsheet's local date");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-13-01"))
                .hasMessage("not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00)");
    }

    @Test
    void aTimestampWrittenAsANumberIsRefusedSayingWhichInstantItWouldCount() {
        String refused = "not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00): ";
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "1612101900"))
                .hasMessage(refused + "it reads as Unix time, seconds since 1970 (1612101900 is 2021-01-31T14:05:00Z);"
                        + " write the timestamp itself (ISO-8601)");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "1612101900.5"))
                .hasMessageContaining("(1612101900 is 2021-01-31T14:05:00Z)");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "1612101900000"))
                .hasMessage(refused + "it reads as Unix time in milliseconds (1612101900000 is 2021-01-31T14:05:00Z);"
                        + " write the timestamp itself (ISO-8601)");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "44227.5868"))
                .hasMessage(refused + "it reads as a spreadsheet's serial day number (44227 is 2021-01-31 in Excel's"
                        + " calendar); format the column as yyyy-mm-dd hh:mm:ss before saving");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021"))
                .hasMessage("not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00)");
    }

    @Test
    void timestampsAsDatabaseAndWarehouseExportsWriteThemBecomeUtc() throws Exception {
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:09.0")).isEqualTo("2021-01-31T14:05:09");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:09.123456789")).isEqualTo("2021-01-31T14:05:09.123456789");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:00+00")).isEqualTo("2021-01-31T14:05");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:00+02")).isEqualTo("2021-01-31T12:05");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:00.000 +0000")).isEqualTo("2021-01-31T14:05");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:00-05:30")).isEqualTo("2021-01-31T19:35");
        assertThat(ValueParser.parse(WHEN, "2021-01-31 14:05:00 UTC")).isEqualTo("2021-01-31T14:05");
        assertThat(ValueParser.parse(WHEN, "2021-01-31T14:05:00.000Z")).isEqualTo("2021-01-31T14:05");
        assertThat(ValueParser.parse(WHEN, "2021-01-01 00:30:00+02")).isEqualTo("2020-12-31T22:30");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2023-02-29 00:00:00+00"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-01-31 14:05:00+25"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-01-31 14:05:00 CET"))
                .hasMessageStartingWith("not a timestamp");
    }

    @Test
    void theCommonShapesReadDirectlyAgreeWithTheFormattersOnEveryEdge() throws Exception {
        assertThat(ValueParser.parse(WHEN, "2024-02-29T23:59:59")).isEqualTo("2024-02-29T23:59:59");
        assertThat(ValueParser.parse(WHEN, "2024-02-29 00:00:00")).isEqualTo("2024-02-29T00:00");
        assertThat(ValueParser.parse(WHEN, " 2021-01-31 ")).isEqualTo("2021-01-31T00:00");
        // Out of range: ISO is strict, the export formats resolve a day past the month's end.
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2023-02-29T00:00:00"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2023-02-29")).hasMessageStartingWith("not a timestamp");
        assertThat(ValueParser.parse(WHEN, "2023-02-29 00:00:00")).isEqualTo("2023-02-28T00:00");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-13-01T00:00:00"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-01-01T25:00:00"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-0a-01T00:00:00"))
                .hasMessageStartingWith("not a timestamp");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "2021-01-01X00:00:00"))
                .hasMessageStartingWith("not a timestamp");
    }

    @Test
    void aQuantityIsAtLeastOne() throws Exception {
        assertThat(ValueParser.parse(QUANTITY, "2147483647")).isEqualTo("2147483647");
        assertThatThrownBy(() -> ValueParser.parse(QUANTITY, "0")).hasMessage("must be 1 or more");
        assertThatThrownBy(() -> ValueParser.parse(QUANTITY, "-3")).hasMessage("must be 1 or more");
    }

    @Test
    void numbersWrittenAsExportsWriteThemComeBackAsTheGeneralParsePrintsThem() throws Exception {
        // Keys and amounts written plainly are returned as written, without parsing them into a
        // number and printing it again: that must never differ from what the printing gave.
        assertThat(ValueParser.parse(ID, "007")).isEqualTo("7");
        assertThat(ValueParser.parse(OPTIONAL_ID, "0")).isEqualTo("0");
        assertThat(ValueParser.parse(ID, "+5")).isEqualTo("5");
        assertThat(ValueParser.parse(ID, "1234567890")).isEqualTo("1234567890");
        assertThat(ValueParser.parse(PRICE, "00.99")).isEqualTo("0.99");
        assertThat(ValueParser.parse(PRICE, "12")).isEqualTo("12");
        assertThat(ValueParser.parse(PRICE, "0.990")).isEqualTo("0.990");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "100000000.00")).hasMessage("out of range for numeric(10,2)");
        Random random = new Random(20091);
        for (int i = 0; i < 20_000; i++) {
            String digits = randomDigits(random, 1 + random.nextInt(11));
            String parsedInteger;
            try {
                parsedInteger = Integer.toString(Integer.parseInt(digits));
            } catch (NumberFormatException tooLarge) {
                assertThatThrownBy(() -> ValueParser.parse(OPTIONAL_ID, digits)).hasMessage("not an integer");
                continue;
            }
            assertThat(ValueParser.parse(OPTIONAL_ID, digits)).as(digits).isEqualTo(parsedInteger);
            String amount = random.nextBoolean() ? digits : digits + "." + randomDigits(random, 1 + random.nextInt(2));
            BigDecimal value = new BigDecimal(amount);
            if (value.compareTo(new BigDecimal("100000000")) < 0) {
                assertThat(ValueParser.parse(PRICE, amount)).as(amount).isEqualTo(value.toPlainString());
            } else {
                assertThatThrownBy(() -> ValueParser.parse(PRICE, amount)).hasMessage("out of range for numeric(10,2)");
            }
        }
    }

    /** Digits, the first of them a zero one time in three. */
    private static String randomDigits(Random random, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(i == 0 && random.nextInt(3) == 0 ? 0 : random.nextInt(10));
        }
        return digits.toString();
    }

    @Test
    void moneyIsNeverNegativeAndNeverInExponentNotation() throws Exception {
        assertThat(ValueParser.parse(PRICE, "0.00")).isEqualTo("0.00");
        assertThat(ValueParser.parse(PRICE, "99999999.99")).isEqualTo("99999999.99");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "-0.99")).hasMessage("must not be negative");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "1E+2")).hasMessageStartingWith("exponent notation");
        assertThatThrownBy(() -> ValueParser.parse(PRICE, "9.9e1")).hasMessageStartingWith("exponent notation");
    }

    @Test
    void aDateOutsideTheYearsOfSalesIsRefusedNotHandedToTheDatabase() throws Exception {
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "0000-01-01T00:00:00"))
                .hasMessage("year 0 is outside 1900 to 2999");
        assertThatThrownBy(() -> ValueParser.parse(WHEN, "+12021-01-31")).isInstanceOf(InvalidValueException.class);
        assertThat(ValueParser.parse(WHEN, "1900-01-01")).isEqualTo("1900-01-01T00:00");
    }
}
