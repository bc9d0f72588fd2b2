package dev.chinook.warehouse.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which service runs, since when, and with what configuration: the effective values of the
 * pipeline's own settings and of the database and AWS clients, with every secret masked.
 */
@Path("/api/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    static final String MASK = "********";

    public record Info(
            String service, String version, Instant startedAt, String uptime, Map<String, String> configuration) {}

    @GET
    public Info get() {
        long startedMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        Duration uptime = Duration.ofMillis(System.currentTimeMillis() - startedMillis);
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            if (name.startsWith("chinook.")
                    || name.startsWith("quarkus.datasource.")
                    || name.startsWith("quarkus.s3.")
                    || name.startsWith("quarkus.sqs.")) {
                ConfigProvider.getConfig()
                        .getOptionalValue(name, String.class)
                        .ifPresent(value -> shown.put(name, isSecret(name) ? MASK : value));
            }
        }
        return new Info(
                "warehouse-service",
                ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.application.version", String.class)
                        .orElse("unknown"),
                Instant.ofEpochMilli(startedMillis),
                uptime.toString(),
                new java.util.TreeMap<>(shown));
    }

    /** Passwords, tokens, secret keys and credentials never leave the process. */
    static boolean isSecret(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password")
                || lower.contains("token")
                || lower.contains("secret")
                || lower.contains("credential")
                || lower.contains("access-key");
    }
}
