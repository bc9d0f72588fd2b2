package dev.chinook.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * The effective values of the pipeline's own settings and of the database and AWS clients, as a
 * service reports them (the warehouse at {@code /api/info}, the ingest function in its first log
 * line), with every password, token, secret key and credential masked.
 */
public final class EffectiveConfiguration {

    public static final String MASK = "********";

    private static final String[] SHOWN = {"chinook.", "quarkus.datasource.", "quarkus.s3.", "quarkus.sqs."};

    private EffectiveConfiguration() {}

    public static Map<String, String> of(Config config) {
        Map<String, String> shown = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            for (String prefix : SHOWN) {
                if (name.startsWith(prefix)) {
                    config.getOptionalValue(name, String.class)
                            .ifPresent(value -> shown.put(name, isSecret(name) ? MASK : value));
                    break;
                }
            }
        }
        return shown;
    }

    /** Passwords, tokens, secret keys and credentials never leave the process. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("token")
                || lower.contains("secret")
                || lower.contains("credential")
                || lower.contains("access-key");
    }
}
