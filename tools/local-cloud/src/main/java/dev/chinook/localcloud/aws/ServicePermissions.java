package dev.chinook.localcloud.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions each service's role has, from {@code terraform/modules/iam/sdk-permissions.csv}
 * (packaged into this jar), the table tests/infrastructure checks against the role policies: so
 * local-cloud answers a service as AWS would answer its role.
 */
public final class ServicePermissions {

    private final Map<String, Set<String>> actionsByRole;

    private ServicePermissions(Map<String, Set<String>> actionsByRole) {
        this.actionsByRole = actionsByRole;
    }

    public static ServicePermissions load() {
        Map<String, Set<String>> actions = new HashMap<>();
        try (InputStream in = ServicePermissions.class.getResourceAsStream("/sdk-permissions.csv")) {
            if (in == null) {
                throw new IllegalStateException("sdk-permissions.csv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", 5);
                if (cells.length >= 4) {
                    actions.computeIfAbsent(cells[0], r -> new HashSet<>()).add(cells[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServicePermissions(actions);
    }

    public boolean knowsRole(String role) {
        return actionsByRole.containsKey(role);
    }

    public boolean allows(String role, String action) {
        return actionsByRole.getOrDefault(role, Set.of()).contains(action);
    }
}
