package dev.chinook.common.database;

import dev.chinook.common.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's databases and one login role per service on a PostgreSQL server, set up by its
 * administrator: the superuser locally (local-cloud), the RDS master user on AWS (the warehouse
 * instance's first boot, {@link DatabaseRolesBootstrap}). Each database is owned by the service
 * that migrates it; nobody else may connect to it but the readers named (the warehouse's status
 * reader on OLTP, whose table grants come with the OLTP migrations). No role is a superuser or may
 * create roles or databases, so none can run {@code COPY ... TO PROGRAM}. Safe to run again: roles
 * get the password of their secret, objects the administrator created in a database (by migrations
 * run before the roles existed) are handed to its owner.
 */
public final class DatabaseRoles {

    /** A service's database login. */
    public record Role(String user, String password) {}

    /** A database, the role that owns and migrates it, and the roles that may connect besides. */
    public record Database(String name, Role owner, List<Role> readers) {}

    /** Opens an administrator's connection to a database of the server. */
    @FunctionalInterface
    public interface AdminConnections {
        Connection to(String database) throws SQLException;
    }

    private static final String MAINTENANCE_DATABASE = "postgres";

    private DatabaseRoles() {}

    /** Sets up {@code databases} on the server that {@code admin} reaches. */
    public static void apply(AdminConnections admin, List<Database> databases) throws SQLException {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Database database : databases) {
            roles.put(database.owner().user(), database.owner());
            database.readers().forEach(reader -> roles.put(reader.user(), reader));
        }
        try (Connection c = admin.to(MAINTENANCE_DATABASE);
                Statement st = c.createStatement()) {
            boolean superuser = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper", null);
            for (Role role : roles.values()) {
                boolean known = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.user());
                // DDL takes no bind parameters: the server quotes the name and the password itself.
                st.execute(serverFormatted(
                        c,
                        // Only a superuser may name the superuser attribute of an existing role.
                        known
                                ? "ALTER ROLE %I LOGIN PASSWORD %L"
                                : "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L",
                        role.user(),
                        role.password()));
            }
            for (Database database : databases) {
                String name = SqlText.identifier(database.name());
                String owner = SqlText.identifier(database.owner().user());
                if (!superuser) {
                    // An administrator who is no superuser (RDS's master user) may give a database
                    // or a table to a role only as a member of it.
                    st.execute("GRANT " + owner + " TO CURRENT_USER");
                }
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database.name())) {
                    st.execute("CREATE DATABASE " + name);
                }
                st.execute("ALTER DATABASE " + name + " OWNER TO " + owner);
                st.execute("REVOKE CONNECT ON DATABASE " + name + " FROM PUBLIC");
                StringBuilder grantees = new StringBuilder(owner);
                for (Role reader : database.readers()) {
                    grantees.append(", ").append(SqlText.identifier(reader.user()));
                }
                st.execute("GRANT CONNECT ON DATABASE " + name + " TO " + grantees);
            }
        }
        for (Database database : databases) {
            handOver(admin, database);
        }
    }

    /**
     * Gives the owner what the administrator created in the database's public schema: tables a
     * deployment migrated before the roles existed, which the service must go on migrating.
     */
    private static void handOver(AdminConnections admin, Database database) throws SQLException {
        try (Connection c = admin.to(database.name());
                Statement st = c.createStatement()) {
            st.execute("""
                    DO $$
                    DECLARE o record;
                    BEGIN
                      FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S', 'p')
                                 AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                                 -- a table's own sequences (identity, serial) follow the table
                                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                                                 AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
                      LOOP
                        EXECUTE format('ALTER %%s %%I OWNER TO %1$s',
                                       CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                                       o.relname);
                      END LOOP;
                      FOR o IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                               JOIN pg_namespace n ON n.oid = p.pronamespace
                               WHERE n.nspname = 'public'
                                 AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                      LOOP
                        EXECUTE format('ALTER FUNCTION %%s OWNER TO %1$s', o.signature);
                      END LOOP;
                    END $$""".formatted(SqlText.identifier(database.owner().user())));
        }
    }

    private static boolean exists(Connection c, String query, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A statement the server builds with {@code format()}, identifiers and literals quoted by it. */
    private static String serverFormatted(Connection c, String template, String... arguments) throws SQLException {
        StringBuilder call = new StringBuilder("SELECT format(?");
        for (int i = 0; i < arguments.length; i++) {
            call.append(", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(call.append(")").toString())) {
            ps.setString(1, template);
            for (int i = 0; i < arguments.length; i++) {
                ps.setString(i + 2, arguments[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
