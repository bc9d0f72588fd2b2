package dev.chinook.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The table of AWS SDK calls and the IAM actions they need ({@code terraform/modules/iam/sdk-permissions.csv}),
 * checked both ways: against the calls the services' code makes, and against the role policies of
 * {@code terraform/modules/iam/main.tf}. Returns violations as sentences, empty when all hold.
 */
final class IamPermissions {

    /** One row of the table. */
    record Permission(String role, String client, String call, String action) {}

    /** An SDK call found in a service's code. */
    record Call(String role, String client, String call, String where) {}

    private static final List<String> CLIENTS = List.of("S3Client", "SqsClient", "SecretsManagerClient");
    private static final Pattern CLIENT_VARIABLE =
            Pattern.compile("\\b(S3Client|SqsClient|SecretsManagerClient)\\s+([a-z]\\w*)\\s*[;=),]");
    private static final Pattern ACTION = Pattern.compile("\"([a-z0-9-]+:[A-Za-z]+)\"");

    private IamPermissions() {}

    static List<Permission> table(Path csv) throws IOException {
        List<Permission> rows = new ArrayList<>();
        for (String line :
                Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", 5);
            rows.add(new Permission(cells[0], cells[1], cells[2], cells[3]));
        }
        return rows;
    }

    /** Every call on an AWS SDK client in the services' main code, with the roles whose code it is. */
    static List<Call> callsIn(Path services) throws IOException {
        Set<Call> calls = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(services)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .toList()) {
                String source = Files.readString(file);
                Matcher variable = CLIENT_VARIABLE.matcher(source);
                while (variable.find()) {
                    Matcher call = Pattern.compile("\\b" + variable.group(2) + "\\s*\\.\\s*([a-z]\\w*)\\(")
                            .matcher(source);
                    while (call.find()) {
                        for (String role : rolesOf(services.relativize(file))) {
                            calls.add(new Call(role, variable.group(1), call.group(1), services.relativize(file) + ""));
                        }
                    }
                }
            }
        }
        return List.copyOf(calls);
    }

    static List<String> violations(List<Permission> table, List<Call> calls, String iamMainTf) {
        List<String> violations = new ArrayList<>();
        for (Call call : calls) {
            boolean listed = table.stream()
                    .anyMatch(p -> p.role().equals(call.role())
                            && p.client().equals(call.client())
                            && p.call().equals(call.call()));
            if (!listed) {
                violations.add(call.where() + " calls " + call.client() + "." + call.call() + " for the " + call.role()
                        + " role, which sdk-permissions.csv does not list");
            }
        }
        for (Permission p : table) {
            if (CLIENTS.contains(p.client())
                    && calls.stream()
                            .noneMatch(c -> c.role().equals(p.role())
                                    && c.client().equals(p.client())
                                    && c.call().equals(p.call()))) {
                violations.add("sdk-permissions.csv lists " + p.client() + "." + p.call() + " for the " + p.role()
                        + " role, which its code no longer calls");
            }
            if (!grantedActions(iamMainTf, p.role()).contains(p.action())) {
                violations.add("the " + p.role() + " role's policy does not grant " + p.action() + ", which "
                        + p.client() + "." + p.call() + " needs");
            }
        }
        return violations;
    }

    /** The actions of a role's policy document and of the documents it includes. */
    static Set<String> grantedActions(String iamMainTf, String role) {
        Set<String> actions = new LinkedHashSet<>();
        String document = block(iamMainTf, "data \"aws_iam_policy_document\" \"" + role + "\"");
        Matcher included = Pattern.compile("data\\.aws_iam_policy_document\\.([a-z_]+)\\.json")
                .matcher(document);
        List<String> documents = new ArrayList<>(List.of(document));
        while (included.find()) {
            documents.add(block(iamMainTf, "data \"aws_iam_policy_document\" \"" + included.group(1) + "\""));
        }
        for (String text : documents) {
            for (String line : text.split("\n")) {
                if (line.strip().startsWith("actions")) {
                    Matcher action = ACTION.matcher(line);
                    while (action.find()) {
                        actions.add(action.group(1));
                    }
                }
            }
        }
        return actions;
    }

    private static List<String> rolesOf(Path file) {
        String module = file.getName(0).toString();
        return switch (module) {
            case "ingest-service" -> List.of("ingest");
            case "warehouse-service" -> List.of("warehouse");
            default -> List.of("ingest", "warehouse");
        };
    }

    /** The text of the block that starts with {@code header}, braces balanced; empty if absent. */
    private static String block(String text, String header) {
        int start = text.indexOf(header);
        if (start < 0) {
            return "";
        }
        int open = text.indexOf('{', start);
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        return text.substring(start);
    }
}
