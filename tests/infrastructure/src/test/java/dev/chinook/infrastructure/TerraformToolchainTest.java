package dev.chinook.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Terraform itself, offline, on a copy of terraform/: init against a local copy of the
 * hashicorp/aws provider (no registry is reachable here), validate of the root and every module,
 * the plan tests of terraform/tests (mock provider), and the dependency edges that keep a first
 * apply from racing. The provider copy is found in CHINOOK_TF_PLUGIN_DIR or a usual plugin
 * folder; without it (or without terraform) these tests are skipped and say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformToolchainTest {

    static final Path TERRAFORM = Path.of("../../terraform").toAbsolutePath().normalize();
    private static final List<String> PLUGIN_FOLDERS = List.of(
            "/opt/tf-plugins",
            System.getProperty("user.home") + "/.terraform.d/plugins",
            "/usr/local/share/terraform/plugins",
            "/usr/share/terraform/plugins");
    private static final Pattern EDGE = Pattern.compile("^\\s*\"([^\"]+)\" -> \"([^\"]+)\"", Pattern.MULTILINE);

    private Path copy;
    private Path pluginDir;

    @BeforeAll
    void initialiseACopyAgainstTheLocalProvider(@TempDir Path work) throws Exception {
        assumeTrue(onPath("terraform"), "terraform is not installed on this machine");
        Optional<Path> plugins = pluginDir();
        assumeTrue(
                plugins.isPresent(),
                "no local copy of the hashicorp/aws provider (set CHINOOK_TF_PLUGIN_DIR to a folder holding "
                        + "registry.terraform.io/hashicorp/aws)");
        pluginDir = plugins.get();
        copy = work.resolve("terraform");
        copyTree(TERRAFORM, copy);
        Result init = terraform(
                copy, "init", "-backend=false", "-input=false", "-lockfile=readonly", "-plugin-dir=" + pluginDir);
        assertThat(init.exitCode()).as(init.output()).isZero();
    }

    @Test
    void theCommittedLockFilePinsTheProviderTheConfigurationWasCheckedWith() throws IOException {
        Path lock = TERRAFORM.resolve(".terraform.lock.hcl");
        assertThat(lock).isRegularFile();
        assertThat(Files.readString(lock))
                .contains("registry.terraform.io/hashicorp/aws")
                .contains("h1:");
    }

    @Test
    void theRootModuleValidates() throws Exception {
        Result validate = terraform(copy, "validate");
        assertThat(validate.exitCode()).as(validate.output()).isZero();
    }

    static Stream<String> modules() throws IOException {
        try (Stream<Path> dirs = Files.list(TERRAFORM.resolve("modules"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "modules/{0}")
    @MethodSource("modules")
    void everyModuleValidatesOnItsOwn(String module) throws Exception {
        Path dir = copy.resolve("modules").resolve(module);
        Result init = terraform(dir, "init", "-backend=false", "-input=false", "-plugin-dir=" + pluginDir);
        assertThat(init.exitCode()).as(init.output()).isZero();
        Result validate = terraform(dir, "validate");
        assertThat(validate.exitCode()).as(validate.output()).isZero();
    }

    @Test
    void thePlanTestsOfEveryVariantPass() throws Exception {
        Result test = terraform(copy, "test");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains(" 0 failed").doesNotContain(" skip");
    }

    @Test
    void whatAwsValidatesOnCreateIsCreatedAfterWhatItNeeds() throws Exception {
        Result graph = terraform(copy, "graph");
        assertThat(graph.exitCode()).as(graph.output()).isZero();
        Map<String, Set<String>> edges = new HashMap<>();
        Matcher edge = EDGE.matcher(graph.output());
        while (edge.find()) {
            edges.computeIfAbsent(edge.group(1), k -> new HashSet<>()).add(edge.group(2));
        }

        assertThat(dependsOn(
                        edges,
                        "module.s3.aws_s3_bucket_notification.this",
                        "module.ingest_events_queue.aws_sqs_queue_policy.this"))
                .as("S3 validates the notification's queue on create: the queue policy must exist first")
                .isTrue();
        assertThat(dependsOn(edges, "module.lambda.aws_lambda_function.this", "module.iam.aws_iam_role_policy.ingest"))
                .as("the function must not start without its role's policy")
                .isTrue();
        assertThat(dependsOn(
                        edges,
                        "module.lambda.aws_lambda_event_source_mapping.this",
                        "module.iam.aws_iam_role_policy.ingest"))
                .as("the event source mapping polls with the role's permissions")
                .isTrue();
        assertThat(dependsOn(edges, "module.warehouse.aws_instance.this", "module.iam.aws_iam_role_policy.warehouse"))
                .as("the instance's first boot needs its role's policy")
                .isTrue();
    }

    private static boolean dependsOn(Map<String, Set<String>> edges, String from, String to) {
        Deque<String> pending = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String node = pending.pop();
            if (node.equals(to)) {
                return true;
            }
            if (seen.add(node)) {
                pending.addAll(edges.getOrDefault(node, Set.of()));
            }
        }
        return false;
    }

    record Result(int exitCode, String output) {}

    static Result terraform(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("terraform"));
        command.addAll(List.of(args));
        command.add("-no-color");
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("terraform %s finished", args[0])
                .isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Optional<Path> pluginDir() {
        String configured = System.getenv("CHINOOK_TF_PLUGIN_DIR");
        Stream<String> candidates = configured != null ? Stream.of(configured) : PLUGIN_FOLDERS.stream();
        return candidates
                .map(Path::of)
                .filter(dir -> Files.isDirectory(dir.resolve("registry.terraform.io/hashicorp/aws")))
                .findFirst();
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path relative = from.relativize(p);
                if (relative.toString().contains(".terraform/")
                        || relative.toString().endsWith(".terraform")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
