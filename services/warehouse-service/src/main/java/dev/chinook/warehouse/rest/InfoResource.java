package dev.chinook.warehouse.rest;

import dev.chinook.common.config.EffectiveConfiguration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which service runs, since when, and with what configuration: the effective values of the
 * pipeline's own settings and of the database and AWS clients, with every secret masked.
 */
@Path("/api/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    public record Info(
            String service, String version, Instant startedAt, String uptime, Map<String, String> configuration) {}

    @GET
    public Info get() {
        long startedMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        Duration uptime = Duration.ofMillis(System.currentTimeMillis() - startedMillis);
        return new Info(
                "warehouse-service",
                ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.application.version", String.class)
                        .orElse("unknown"),
                Instant.ofEpochMilli(startedMillis),
                uptime.toString(),
                EffectiveConfiguration.of(ConfigProvider.getConfig()));
    }
}
