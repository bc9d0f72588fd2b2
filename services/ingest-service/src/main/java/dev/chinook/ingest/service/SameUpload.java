package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which objects belong to the same upload as a given one. An upload is a set of files with the
 * same name under raw/&lt;table&gt;/ ({@code raw/invoice/2026-11-25.csv} and
 * {@code raw/invoice_line/2026-11-25.csv}), or the &lt;table&gt;.csv files of one folder
 * ({@code drops/2026-11-25/Invoice.csv} and {@code drops/2026-11-25/InvoiceLine.csv}).
 */
final class SameUpload {

    private SameUpload() {}

    /** Candidate keys of {@code parentTable}'s file in the upload of {@code key}, most likely first. */
    static List<String> siblingKeys(String key, TableSpec table, String parentTable) {
        List<String> keys = new ArrayList<>();
        String[] parts = key.split("/", -1);
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("raw")
                    && ChinookTables.byName(parts[i + 1]).filter(table::equals).isPresent()) {
                for (String name : spellings(parts[i + 1], parentTable)) {
                    String[] sibling = parts.clone();
                    sibling[i + 1] = name;
                    keys.add(String.join("/", sibling));
                }
                return keys;
            }
        }
        String file = parts[parts.length - 1];
        int dot = file.indexOf('.');
        String stem = dot < 0 ? file : file.substring(0, dot);
        String suffix = dot < 0 ? "" : file.substring(dot);
        if (ChinookTables.byName(stem).filter(table::equals).isPresent()) {
            String folder = key.substring(0, key.length() - file.length());
            for (String name : spellings(stem, parentTable)) {
                keys.add(folder + name + suffix);
            }
        }
        return keys;
    }

    /**
     * The parent's name spelt like the child's: snake_case or PascalCase, in the plural first when
     * the child's is ({@code invoice_items} beside {@code invoices}; no table's own name ends in s).
     */
    private static List<String> spellings(String childSpelling, String parentTable) {
        String pascal = ChinookTables.pascalCase(parentTable);
        boolean childIsPascal = !childSpelling.isEmpty() && Character.isUpperCase(childSpelling.charAt(0));
        List<String> singular = childIsPascal ? List.of(pascal, parentTable) : List.of(parentTable, pascal);
        if (!childSpelling.toLowerCase(Locale.ROOT).endsWith("s")) {
            return singular;
        }
        List<String> spellings = new ArrayList<>();
        singular.forEach(name -> spellings.add(name + "s"));
        spellings.addAll(singular);
        return spellings;
    }
}
