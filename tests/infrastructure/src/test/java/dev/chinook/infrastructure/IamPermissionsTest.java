package dev.chinook.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every AWS SDK call the services make is in the table, and every action in it is granted. */
class IamPermissionsTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path TABLE = ROOT.resolve("terraform/modules/iam/sdk-permissions.csv");
    static final Path IAM = ROOT.resolve("terraform/modules/iam/main.tf");

    @Test
    void theTableCoversEveryCallAndThePoliciesGrantEveryAction() throws IOException {
        List<IamPermissions.Call> calls = IamPermissions.callsIn(ROOT.resolve("services"));

        assertThat(calls)
                .as("the scan finds the services' SDK calls")
                .extracting(IamPermissions.Call::call)
                .contains("headObject", "sendMessage", "receiveMessage", "getSecretValue");
        assertThat(IamPermissions.violations(IamPermissions.table(TABLE), calls, Files.readString(IAM)))
                .isEmpty();
    }

    @Test
    void theIngestRoleMayListTheBucketSoThatAMissingParentFileIsNotFoundRatherThanForbidden() throws IOException {
        String withoutList = Files.readString(IAM).replace("actions   = [\"s3:ListBucket\"]", "actions   = []");

        assertThat(IamPermissions.violations(
                        IamPermissions.table(TABLE), IamPermissions.callsIn(ROOT.resolve("services")), withoutList))
                .contains("the ingest role's policy does not grant s3:ListBucket, which S3Client.headObject needs");
    }

    @Test
    void aCallMissingFromTheTableIsReported() throws IOException {
        List<IamPermissions.Permission> table = IamPermissions.table(TABLE).stream()
                .filter(p -> !p.call().equals("deleteMessageBatch"))
                .toList();

        assertThat(IamPermissions.violations(
                        table, IamPermissions.callsIn(ROOT.resolve("services")), Files.readString(IAM)))
                .anyMatch(v -> v.contains("calls SqsClient.deleteMessageBatch for the warehouse role"));
    }
}
