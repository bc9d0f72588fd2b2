package dev.chinook.common.database;

import dev.chinook.common.secrets.DatabaseSecretCredentialsProvider;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up the pipeline's databases and service roles on RDS ({@link DatabaseRoles}) with the master
 * user's credentials, so that the services connect with their own secrets and never as the master
 * user. The warehouse instance runs it at first boot, before the service starts:
 *
 * <pre>
 * java -cp 'quarkus-app/lib/main/*' dev.chinook.common.database.DatabaseRolesBootstrap \
 *   --oltp host:5432/oltp --oltp-admin-secret ARN --olap host:5432/olap --olap-admin-secret ARN \
 *   --ingest-secret ARN --warehouse-secret ARN --status-secret ARN [--ssl-mode require]
 * </pre>
 *
 * Each secret is JSON with {@code username} and {@code password}, as RDS keeps the master's.
 */
public final class DatabaseRolesBootstrap {

    private static final List<String> REQUIRED = List.of(
            "oltp",
            "oltp-admin-secret",
            "olap",
            "olap-admin-secret",
            "ingest-secret",
            "warehouse-secret",
            "status-secret");
    private static final String SSL_MODE = "ssl-mode";

    /** A database on a server: {@code host:port/name}. */
    record Location(String server, String name) {
        static Location parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1 || text.indexOf(':') < 0) {
                throw new IllegalArgumentException("expected host:port/database, got '" + text + "'");
            }
            return new Location(text.substring(0, slash), text.substring(slash + 1));
        }
    }

    private DatabaseRolesBootstrap() {}

    public static void main(String[] args) throws SQLException {
        Map<String, String> options = parse(args);
        Location oltp = Location.parse(options.get("oltp"));
        Location olap = Location.parse(options.get("olap"));
        String sslMode = options.getOrDefault(SSL_MODE, "require");
        DatabaseRoles.Database oltpDatabase = new DatabaseRoles.Database(
                oltp.name(),
                DatabaseSecretCredentialsProvider.login(options.get("ingest-secret")),
                List.of(DatabaseSecretCredentialsProvider.login(options.get("status-secret"))));
        DatabaseRoles.Database olapDatabase = new DatabaseRoles.Database(
                olap.name(), DatabaseSecretCredentialsProvider.login(options.get("warehouse-secret")), List.of());
        if (oltp.server().equals(olap.server())) {
            apply(oltp.server(), options.get("oltp-admin-secret"), sslMode, List.of(oltpDatabase, olapDatabase));
        } else {
            apply(oltp.server(), options.get("oltp-admin-secret"), sslMode, List.of(oltpDatabase));
            apply(olap.server(), options.get("olap-admin-secret"), sslMode, List.of(olapDatabase));
        }
    }

    private static void apply(String server, String adminSecret, String sslMode, List<DatabaseRoles.Database> databases)
            throws SQLException {
        DatabaseRoles.Role admin = DatabaseSecretCredentialsProvider.login(adminSecret);
        DatabaseRoles.apply(
                database -> DriverManager.getConnection(
                        "jdbc:postgresql://" + server + "/" + database + "?sslmode=" + sslMode,
                        admin.user(),
                        admin.password()),
                databases);
        System.out.println("database roles set up on " + server + ": "
                + databases.stream()
                        .map(d -> d.name() + " owned by " + d.owner().user())
                        .toList());
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!(REQUIRED.contains(name) || name.equals(SSL_MODE)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: "
                        + REQUIRED.stream().map(o -> "--" + o).toList() + " and optionally --" + SSL_MODE);
            }
            options.put(name, args[i + 1]);
        }
        for (String required : REQUIRED) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return options;
    }
}
