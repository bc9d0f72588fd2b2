package dev.chinook.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.credentials.CredentialsProvider;
import org.junit.jupiter.api.Test;

class DatabaseSecretCredentialsProviderTest {

    @Test
    void readsUserAndPasswordFromTheRdsManagedSecret() {
        var provider = new DatabaseSecretCredentialsProvider(
                arn -> arn.equals("arn:secret") ? "{\"username\":\"chinook\",\"password\":\"p@ss,\\\"w\"}" : null);

        assertThat(provider.credentialsFrom("arn:secret"))
                .containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "chinook")
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "p@ss,\"w");
    }

    @Test
    void aSecretWithoutPasswordIsRefusedWithItsArn() {
        var provider = new DatabaseSecretCredentialsProvider(arn -> "{\"username\":\"chinook\"}");

        assertThatThrownBy(() -> provider.credentialsFrom("arn:broken"))
                .hasMessageContaining("arn:broken")
                .hasMessageContaining("password");
    }

    @Test
    void theDefaultDatasourceAndANamedOneReadTheirOwnSecret() {
        assertThat(DatabaseSecretCredentialsProvider.secretArnProperty(DatabaseSecretCredentialsProvider.NAME))
                .isEqualTo("chinook.database.secret-arn");
        assertThat(DatabaseSecretCredentialsProvider.secretArnProperty("oltp"))
                .isEqualTo("chinook.database.oltp.secret-arn");
    }
}
