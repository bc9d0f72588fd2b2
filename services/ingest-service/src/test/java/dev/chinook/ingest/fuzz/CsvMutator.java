package dev.chinook.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile variants of a valid customer CSV, reproducible from a seed: broken quoting, other
 * delimiters, binary, invalid UTF-8, NUL bytes, huge fields and lines, a header of a hundred
 * thousand columns, wrong types, overflowing numbers, SQL and CSV-formula injection strings, BOMs
 * in the middle, mixed line ends, truncation. Several mutations may apply to one file.
 */
public final class CsvMutator {

    /** Strings that must be stored as data, verbatim, wherever a field accepts them. */
    public static final List<String> HOSTILE_VALUES = List.of(
            "'); DROP TABLE customer; --",
            "=HYPERLINK(\"http://example.com\",\"x\")",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "Robert\"); DELETE FROM outbox;--",
            "\\x00\\n\\r",
            "ümlaut ✓ 中文");

    public static final String HEADER =
            "customer_id,first_name,last_name,company,address,city,state,country,postal_code,phone,email";

    /** One generated file: its bytes, what was done to it, and the key range of its rows. */
    public record Mutant(long seed, byte[] content, List<String> mutations, int firstId, int rows) {}

    private CsvMutator() {}

    public static Mutant mutate(long seed) {
        Random random = new Random(seed);
        int rows = 1 + random.nextInt(40);
        int firstId = 1_000_000 + (int) (seed % 100_000) * 100;
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int i = 0; i < rows; i++) {
            String company = random.nextInt(3) == 0
                    ? quote(HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())))
                    : "Company " + i;
            lines.add((firstId + i) + ",First" + i + ",Last" + i + "," + company + ",Street " + i + ",City,,Norway,0"
                    + i + ",+47 " + i + ",c" + i + "@example.com");
        }
        List<String> mutations = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        byte[] content = null;
        for (int m = 0; m < count; m++) {
            int kind = random.nextInt(16);
            int line = 1 + random.nextInt(lines.size() - 1 == 0 ? 1 : lines.size() - 1);
            line = Math.min(line, lines.size() - 1);
            switch (kind) {
                case 0 -> {
                    lines.set(line, lines.get(line).replaceFirst(",", ",\"unclosed "));
                    mutations.add("unclosed quote on line " + (line + 1));
                }
                case 1 -> {
                    String delimiter = random.nextBoolean() ? ";" : "\t";
                    lines.replaceAll(l -> l.replace(",", delimiter));
                    mutations.add("delimiter " + (delimiter.equals(";") ? "semicolon" : "tab"));
                }
                case 2 -> {
                    lines.set(line, lines.get(line).replaceFirst("Last", "L".repeat(2_000_000)));
                    mutations.add("a 2 MB field on line " + (line + 1));
                }
                case 3 -> {
                    lines.set(line, lines.get(line) + ",x".repeat(10_000));
                    mutations.add("10,000 extra fields on line " + (line + 1));
                }
                case 4 -> {
                    lines.set(0, HEADER + ",extra".repeat(100_000));
                    mutations.add("a header of 100,000 extra columns");
                }
                case 5 -> {
                    lines.set(line, lines.get(line).replaceFirst("^\\d+", "12a"));
                    mutations.add("a letter in the key on line " + (line + 1));
                }
                case 6 -> {
                    lines.set(line, lines.get(line).replaceFirst("^\\d+", "99999999999999999999"));
                    mutations.add("an overflowing key on line " + (line + 1));
                }
                case 7 -> {
                    lines.set(line, "\uFEFF" + lines.get(line));
                    mutations.add("a BOM starting line " + (line + 1));
                }
                case 8 -> {
                    lines.set(line, lines.get(line).replace("First", "Fi\u0000rst"));
                    mutations.add("a NUL byte on line " + (line + 1));
                }
                case 9 -> {
                    lines.set(line, lines.get(line).replaceFirst("^\\d+", "1e5"));
                    mutations.add("exponent notation in the key on line " + (line + 1));
                }
                case 10 -> {
                    lines.set(line, lines.get(line).replaceFirst(",First\\d+,", ",,"));
                    mutations.add("a required field empty on line " + (line + 1));
                }
                case 11 -> {
                    lines.set(line, lines.get(line).replace("@example.com", "@" + "e".repeat(80) + ".com"));
                    mutations.add("a field longer than its column on line " + (line + 1));
                }
                case 12 -> {
                    lines.set(line, lines.get(line) + ",");
                    mutations.add("one field too many on line " + (line + 1));
                }
                case 13 -> mutations.add("mixed line ends");
                case 14 -> mutations.add("invalid UTF-8");
                default -> mutations.add("binary garbage");
            }
        }
        content = join(lines, mutations.contains("mixed line ends") ? random : null);
        if (mutations.contains("invalid UTF-8")) {
            content = insert(content, random.nextInt(content.length), new byte[] {(byte) 0xC3, (byte) 0x28});
        }
        if (mutations.contains("binary garbage")) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            content = random.nextBoolean() ? garbage : insert(content, random.nextInt(content.length), garbage);
        }
        if (random.nextInt(8) == 0) {
            content = java.util.Arrays.copyOf(content, random.nextInt(content.length + 1));
            mutations.add("truncated to " + content.length + " bytes");
        }
        return new Mutant(seed, content, mutations, firstId, rows);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static byte[] join(List<String> lines, Random mixedEnds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] ends = {"\n", "\r\n", "\r"};
        for (String line : lines) {
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.writeBytes((mixedEnds == null ? "\n" : ends[mixedEnds.nextInt(3)]).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] insert(byte[] content, int at, byte[] extra) {
        byte[] result = new byte[content.length + extra.length];
        System.arraycopy(content, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(content, at, result, at + extra.length, content.length - at);
        return result;
    }
}
