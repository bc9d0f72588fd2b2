package dev.chinook.ingest.config;

import dev.chinook.common.config.EffectiveConfiguration;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The function has no endpoint: what runs, and with what configuration (secrets masked), is the
 * first line each environment logs at its cold start.
 */
@ApplicationScoped
class ConfigurationReport {

    private static final Logger LOG = Logger.getLogger(ConfigurationReport.class);

    void onStart(@Observes StartupEvent event) {
        var config = ConfigProvider.getConfig();
        LOG.infof(
                "ingest-service %s started with configuration %s",
                config.getOptionalValue("quarkus.application.version", String.class)
                        .orElse("unknown"),
                EffectiveConfiguration.of(config));
    }
}
