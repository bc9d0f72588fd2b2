package dev.chinook.common.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.database.DatabaseRoles;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Database credentials read at connection time from the secret RDS manages (JSON with
 * {@code username} and {@code password}), so the password is never in configuration. Enabled with
 * {@code quarkus.datasource.credentials-provider=chinook-database-secret} and
 * {@code chinook.database.secret-arn}; on AWS, Terraform sets both in the environment.
 * A second datasource names itself instead ({@code quarkus.datasource.oltp.credentials-provider=oltp},
 * {@code credentials-provider-name=chinook-database-secret}) and reads {@code chinook.database.oltp.secret-arn}.
 * RDS rotates the password: it is read again for every new connection.
 */
@ApplicationScoped
@Named(DatabaseSecretCredentialsProvider.NAME)
public class DatabaseSecretCredentialsProvider implements CredentialsProvider {

    public static final String NAME = "chinook-database-secret";

    private final UnaryOperator<String> secretById;

    public DatabaseSecretCredentialsProvider() {
        this(DatabaseSecretCredentialsProvider::fetch);
    }

    DatabaseSecretCredentialsProvider(UnaryOperator<String> secretById) {
        this.secretById = secretById;
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        String property = secretArnProperty(credentialsProviderName);
        Optional<String> arn = ConfigProvider.getConfig().getOptionalValue(property, String.class);
        return credentialsFrom(arn.orElseThrow(() -> new IllegalStateException(property + " is not set")));
    }

    /** The login a secret of the same shape holds (the role set-up reads the services' secrets). */
    public static DatabaseRoles.Role login(String secretArn) {
        Map<String, String> credentials = new DatabaseSecretCredentialsProvider().credentialsFrom(secretArn);
        return new DatabaseRoles.Role(credentials.get(USER_PROPERTY_NAME), credentials.get(PASSWORD_PROPERTY_NAME));
    }

    static String secretArnProperty(String credentialsProviderName) {
        return credentialsProviderName == null || credentialsProviderName.equals(NAME)
                ? "chinook.database.secret-arn"
                : "chinook.database." + credentialsProviderName + ".secret-arn";
    }

    Map<String, String> credentialsFrom(String secretArn) {
        String value = secretById.apply(secretArn);
        JsonNode secret;
        try {
            secret = ChangeCodec.mapper().readTree(value == null ? "" : value);
        } catch (Exception e) {
            throw new IllegalStateException("database secret " + secretArn + " is not JSON", e);
        }
        String user = secret.path("username").asText(null);
        String password = secret.path("password").asText(null);
        if (user == null || password == null) {
            throw new IllegalStateException("database secret " + secretArn + " lacks username or password");
        }
        return Map.of(USER_PROPERTY_NAME, user, PASSWORD_PROPERTY_NAME, password);
    }

    private static String fetch(String secretArn) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return client.getSecretValue(b -> b.secretId(secretArn)).secretString();
        }
    }
}
