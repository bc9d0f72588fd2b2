package dev.chinook.infrastructure;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline checks of a Terraform configuration (a root and its local modules): hcl4j gives the
 * blocks and literal attributes; references are read from the source text, which hcl4j does not
 * keep intact inside interpolations. Returns violations as sentences, empty when all hold.
 */
final class TerraformChecks {

    private static final Pattern VAR = Pattern.compile("(?<![\\w.-])var\\.([a-zA-Z_][\\w-]*)");
    private static final Pattern LOCAL = Pattern.compile("(?<![\\w.-])local\\.([a-zA-Z_][\\w-]*)");
    private static final Pattern MODULE =
            Pattern.compile("(?<![\\w.-])module\\.([a-zA-Z_][\\w-]*)(?:\\.([a-zA-Z_][\\w-]*))?");
    private static final Pattern DATA = Pattern.compile("(?<![\\w.-])data\\.([a-z][\\w]*)\\.([a-zA-Z_][\\w-]*)");
    private static final Pattern RESOURCE = Pattern.compile("(?<![\\w.\"])(aws_[a-z0-9_]+)\\.([a-zA-Z_][\\w-]*)");
    private static final Pattern MODULE_SOURCE = Pattern.compile("source\\s*=\\s*\"(\\./[^\"]+)\"");

    /** The declarations of one directory of .tf files. */
    private record Directory(Path path, Map<String, Object> blocks, String text) {}

    private final List<String> violations = new ArrayList<>();
    private final Map<Path, Directory> directories = new HashMap<>();

    static List<String> check(Path root) throws IOException {
        TerraformChecks checks = new TerraformChecks();
        checks.load(root);
        for (Directory dir : checks.directories.values()) {
            checks.variablesTypedAndDescribed(dir);
            checks.referencesResolve(dir);
            checks.noWildcardActions(dir);
            checks.bucketsBlockPublicAccess(dir);
            checks.databasesNotPublic(dir);
            checks.queuesHaveDeadLetterQueues(dir);
            checks.eventSourceMappingsReportItemFailures(dir);
            checks.instancesKeepTheirImage(dir);
        }
        return checks.violations;
    }

    private void load(Path dir) throws IOException {
        Path normal = dir.toAbsolutePath().normalize();
        if (directories.containsKey(normal)) {
            return;
        }
        Map<String, Object> blocks = new HashMap<>();
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(normal)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                text.append(stripComments(source)).append('\n');
                try {
                    merge(blocks, new HCLParser().parse(file.toFile(), "UTF-8"));
                } catch (Exception e) {
                    violations.add(file + " does not parse: " + e.getMessage());
                }
            }
        }
        Directory directory = new Directory(normal, blocks, text.toString());
        directories.put(normal, directory);
        Matcher sources = MODULE_SOURCE.matcher(directory.text());
        while (sources.find()) {
            load(normal.resolve(sources.group(1)));
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((key, value) -> {
            Object existing = into.get(key);
            if (existing instanceof Map && value instanceof Map) {
                merge((Map<String, Object>) existing, (Map<String, Object>) value);
            } else {
                into.put(key, value);
            }
        });
    }

    private void variablesTypedAndDescribed(Directory dir) {
        section(dir, "variable").forEach((name, body) -> {
            Map<String, Object> attributes = asMap(body);
            if (!attributes.containsKey("type")) {
                violations.add(where(dir) + ": variable " + name + " has no type");
            }
            Object description = attributes.get("description");
            if (!(description instanceof String s) || s.isBlank()) {
                violations.add(where(dir) + ": variable " + name + " has no description");
            }
        });
    }

    private void referencesResolve(Directory dir) {
        Set<String> variables = section(dir, "variable").keySet();
        Set<String> locals = section(dir, "locals").keySet();
        Set<String> modules = section(dir, "module").keySet();
        for (String name : matches(VAR, dir.text(), 1)) {
            if (!variables.contains(name)) {
                violations.add(where(dir) + ": var." + name + " is not declared");
            }
        }
        for (String name : matches(LOCAL, dir.text(), 1)) {
            if (!locals.contains(name)) {
                violations.add(where(dir) + ": local." + name + " is not declared");
            }
        }
        Matcher module = MODULE.matcher(dir.text());
        while (module.find()) {
            String name = module.group(1);
            if (!modules.contains(name)) {
                violations.add(where(dir) + ": module." + name + " is not declared");
                continue;
            }
            String output = module.group(2);
            Directory source = moduleSource(dir, name);
            if (output != null && source != null && !section(source, "output").containsKey(output)) {
                violations.add(
                        where(dir) + ": module." + name + "." + output + " is not an output of " + where(source));
            }
        }
        Matcher data = DATA.matcher(dir.text());
        while (data.find()) {
            if (!asMap(section(dir, "data").get(data.group(1))).containsKey(data.group(2))) {
                violations.add(where(dir) + ": data." + data.group(1) + "." + data.group(2) + " is not declared");
            }
        }
        Matcher resource = RESOURCE.matcher(dir.text());
        while (resource.find()) {
            if (!asMap(section(dir, "resource").get(resource.group(1))).containsKey(resource.group(2))) {
                violations.add(where(dir) + ": " + resource.group(1) + "." + resource.group(2) + " is not declared");
            }
        }
    }

    private Directory moduleSource(Directory dir, String module) {
        Object source = asMap(section(dir, "module").get(module)).get("source");
        return source instanceof String s
                ? directories.get(dir.path().resolve(s).normalize())
                : null;
    }

    private void noWildcardActions(Directory dir) {
        asMap(section(dir, "data").get("aws_iam_policy_document")).forEach((name, body) -> {
            for (Object statement : asList(asMap(body).get("statement"))) {
                for (Object action : asList(asMap(statement).get("actions"))) {
                    String a = String.valueOf(action);
                    if (a.equals("*") || a.endsWith(":*") || a.contains("*")) {
                        violations.add(where(dir) + ": policy " + name + " has a wildcard action " + a);
                    }
                }
            }
        });
        Matcher inline = Pattern.compile("\"?Action\"?\\s*[=:]\\s*\\[?\\s*\"([^\"]*\\*[^\"]*)\"")
                .matcher(dir.text());
        while (inline.find()) {
            violations.add(where(dir) + ": an inline policy has a wildcard action " + inline.group(1));
        }
    }

    private void bucketsBlockPublicAccess(Directory dir) {
        Map<String, Object> buckets = asMap(section(dir, "resource").get("aws_s3_bucket"));
        Map<String, Object> blocks = asMap(section(dir, "resource").get("aws_s3_bucket_public_access_block"));
        for (String bucket : buckets.keySet()) {
            boolean blocked = blocks.values().stream()
                    .map(TerraformChecks::asMap)
                    .filter(b -> String.valueOf(b.get("bucket")).startsWith("aws_s3_bucket." + bucket + "."))
                    .anyMatch(b -> Stream.of(
                                    "block_public_acls",
                                    "block_public_policy",
                                    "ignore_public_acls",
                                    "restrict_public_buckets")
                            .allMatch(k -> Boolean.TRUE.equals(b.get(k))));
            if (!blocked) {
                violations.add(where(dir) + ": bucket " + bucket + " does not block all public access");
            }
        }
    }

    /** An image read from SSM changes with every release: it must not replace a running instance. */
    private void instancesKeepTheirImage(Directory dir) {
        asMap(section(dir, "resource").get("aws_instance")).keySet().forEach(name -> {
            if (!Pattern.compile("ignore_changes\\s*=\\s*\\[[^\\]]*\\bami\\b")
                    .matcher(dir.text())
                    .find()) {
                violations.add(where(dir) + ": instance " + name + " does not ignore changes of its ami");
            }
        });
    }

    private void databasesNotPublic(Directory dir) {
        asMap(section(dir, "resource").get("aws_db_instance")).forEach((name, body) -> {
            if (!Boolean.FALSE.equals(asMap(body).get("publicly_accessible"))) {
                violations.add(where(dir) + ": database " + name + " is not explicitly publicly_accessible = false");
            }
        });
    }

    private void queuesHaveDeadLetterQueues(Directory dir) {
        Map<String, Object> queues = asMap(section(dir, "resource").get("aws_sqs_queue"));
        Set<String> deadLetterTargets = new HashSet<>();
        queues.values().forEach(q -> {
            Object redrive = asMap(q).get("redrive_policy");
            if (redrive != null) {
                matches(Pattern.compile("aws_sqs_queue\\.(\\w+)\\.arn"), String.valueOf(redrive), 1)
                        .forEach(deadLetterTargets::add);
            }
        });
        queues.forEach((name, body) -> {
            boolean hasRedrive = asMap(body).get("redrive_policy") != null;
            if (!hasRedrive && !deadLetterTargets.contains(name)) {
                violations.add(where(dir) + ": queue " + name + " has no dead-letter queue");
            }
        });
    }

    private void eventSourceMappingsReportItemFailures(Directory dir) {
        asMap(section(dir, "resource").get("aws_lambda_event_source_mapping")).forEach((name, body) -> {
            if (!asList(asMap(body).get("function_response_types")).contains("ReportBatchItemFailures")) {
                violations.add(where(dir) + ": event source mapping " + name + " does not report batch item failures");
            }
        });
    }

    private static Map<String, Object> section(Directory dir, String kind) {
        return asMap(dir.blocks().get(kind));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        return value == null ? List.of() : List.of(value);
    }

    private static Set<String> matches(Pattern pattern, String text, int group) {
        Set<String> found = new HashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static String stripComments(String source) {
        StringBuilder out = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String trimmed = line.strip();
            out.append(trimmed.startsWith("#") || trimmed.startsWith("//") ? "" : line)
                    .append('\n');
        }
        return out.toString();
    }

    private static String where(Directory dir) {
        return dir.path().getFileName().toString();
    }
}
