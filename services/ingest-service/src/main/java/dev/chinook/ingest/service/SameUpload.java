package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
            Optional<ChinookTables.TableName> folder = ChinookTables.tableName(parts[i + 1])
                    .filter(name -> name.table().equals(table));
            if (parts[i].equals("raw") && folder.isPresent()) {
                for (String name : spellings(folder.get(), parentTable)) {
                    String[] sibling = parts.clone();
                    sibling[i + 1] = name;
                    keys.add(String.join("/", sibling));
                }
                return keys;
            }
        }
        String file = parts[parts.length - 1];
        Optional<ChinookTables.TableName> named =
                ChinookTables.tableNameOfFile(file).filter(name -> name.table().equals(table));
        if (named.isPresent()) {
            String folder = key.substring(0, key.length() - file.length());
            for (String name : spellings(named.get(), parentTable)) {
                keys.add(folder + name);
            }
        }
        return keys;
    }

    /**
     * The parent's name spelt like the child's, with what an export tool wrote around the child's
     * ({@code invoice_202612061030} beside {@code invoice_line_202612061030}).
     */
    private static List<String> spellings(ChinookTables.TableName child, String parentTable) {
        return spellings(child.spelt(), parentTable).stream()
                .map(name -> child.before() + name + child.after())
                .toList();
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
