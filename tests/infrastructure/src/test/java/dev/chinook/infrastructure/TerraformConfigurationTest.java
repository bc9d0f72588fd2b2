package dev.chinook.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Terraform configuration, checked offline: formatting, declarations, references and the
 * security promises. Each check is also run on a copy broken on purpose, to show it can fail.
 */
class TerraformConfigurationTest {

    static final Path TERRAFORM = Path.of("../../terraform").toAbsolutePath().normalize();

    @TempDir
    Path copy;

    @Test
    void theConfigurationPassesEveryCheck() throws IOException {
        assertThat(TerraformChecks.check(TERRAFORM)).isEmpty();
    }

    @Test
    void everyModuleHasItsFourFilesAndAReadme() throws IOException {
        try (Stream<Path> modules = Files.list(TERRAFORM.resolve("modules"))) {
            List<Path> dirs = modules.filter(Files::isDirectory).toList();
            assertThat(dirs)
                    .extracting(p -> p.getFileName().toString())
                    .contains("s3", "sqs", "lambda", "rds", "secrets", "iam", "vpc", "warehouse");
            for (Path dir : dirs) {
                for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
                    assertThat(dir.resolve(file))
                            .as(dir.getFileName() + "/" + file)
                            .isRegularFile();
                }
            }
        }
        for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "backend.tf.example")) {
            assertThat(TERRAFORM.resolve(file)).isRegularFile();
        }
    }

    @Test
    void terraformFmtFindsNothingToChange() throws Exception {
        assumeTrue(onPath("terraform"), "terraform is not installed on this machine");
        Process fmt = new ProcessBuilder("terraform", "fmt", "-check", "-recursive", "-diff")
                .directory(TERRAFORM.toFile())
                .redirectErrorStream(true)
                .start();
        fmt.getOutputStream().close();
        String output = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fmt.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fmt.exitValue()).as(output).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            untyped variable        | modules/sqs/variables.tf | type        = string\\n  description = "Name of the source queue." | description = "Name of the source queue."  | variable name has no type
            undescribed variable    | variables.tf             | description = "AWS region to deploy into."                         | type2 = 1                                   | variable aws_region has no description
            unknown variable        | modules/s3/main.tf       | bucket        = var.bucket_name                                    | bucket        = var.bucket_nme               | var.bucket_nme is not declared
            unknown module output   | main.tf                  | module.s3.bucket_arn                                               | module.s3.bucket_arm                        | module.s3.bucket_arm is not an output
            unknown resource        | modules/sqs/outputs.tf   | aws_sqs_queue.dead_letter.arn                                      | aws_sqs_queue.dead_letters.arn              | aws_sqs_queue.dead_letters is not declared
            unknown local           | main.tf                  | local.ingest_timeout                                               | local.ingest_timeot                         | local.ingest_timeot is not declared
            wildcard action         | modules/iam/main.tf      | "sqs:SendMessage", "sqs:GetQueueUrl"                               | "sqs:*"                                     | wildcard action sqs:*
            public bucket           | modules/s3/main.tf       | restrict_public_buckets = true                                     | restrict_public_buckets = false             | does not block all public access
            public database         | modules/rds/main.tf      | publicly_accessible    = false                                     | publicly_accessible    = true               | is not explicitly publicly_accessible = false
            queue without DLQ       | modules/sqs/main.tf      | deadLetterTargetArn = aws_sqs_queue.dead_letter.arn                | deadLetterTargetArn = var.name              | queue dead_letter has no dead-letter queue
            no item failures        | modules/lambda/main.tf   | function_response_types            = ["ReportBatchItemFailures"] | function_response_types            = []    | does not report batch item failures
            instance follows AMIs   | modules/warehouse/main.tf | ignore_changes = [ami]                                            | ignore_changes = []                         | does not ignore changes of its ami
            """)
    void eachCheckFailsOnABrokenCopy(String what, String file, String original, String broken, String violation)
            throws IOException {
        copyTree(TERRAFORM, copy);
        Path target = copy.resolve(file);
        String source = Files.readString(target);
        String from = original.replace("\\n", "\n");
        assertThat(source).as("%s: the text to break is in %s", what, file).contains(from);
        Files.writeString(target, source.replace(from, broken));

        assertThat(TerraformChecks.check(copy)).as(what).anyMatch(v -> v.contains(violation));
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                if (p.toString().contains(".terraform")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
