package dev.chinook.localcloud.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Java Lambda function run as AWS runs it: {@code function.zip} unpacked into a task root, and
 * one JVM per concurrent execution environment running AWS's runtime interface client, which
 * polls our {@link RuntimeApiServer} and calls the handler. A process that dies is replaced, as
 * Lambda replaces a crashed execution environment.
 */
public final class LambdaFunction implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LambdaFunction.class.getName());
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /**
     * @param runtimeLibDir the jars of AWS's runtime interface client
     * @param environment the function's environment variables
     * @param workDir where the task root and the environments' logs go
     */
    public record Settings(
            String name,
            Path functionZip,
            Path runtimeLibDir,
            String handler,
            int memoryMb,
            int timeoutSeconds,
            int concurrency,
            Map<String, String> environment,
            Path workDir) {}

    private final Settings settings;
    private final RuntimeApiServer runtimeApi;
    private final List<Process> environments = new ArrayList<>();
    /** Every process launched gets a number of its own: a replacement is not its predecessor. */
    private final AtomicInteger launches = new AtomicInteger();

    private volatile boolean closing;
    private Path nativeClient;

    private LambdaFunction(Settings settings) throws IOException {
        this.settings = settings;
        this.runtimeApi = new RuntimeApiServer("arn:aws:lambda:us-east-1:000000000000:function:" + settings.name());
    }

    /** Unpacks the function and starts its execution environments; returns once all poll for work. */
    public static LambdaFunction start(Settings settings) {
        try {
            LambdaFunction function = new LambdaFunction(settings);
            Path taskRoot = settings.workDir().resolve("task");
            unzip(settings.functionZip(), taskRoot);
            function.nativeClient = extractNativeClient(settings.runtimeLibDir(), settings.workDir());
            for (int i = 0; i < settings.concurrency(); i++) {
                function.environments.add(function.launch(taskRoot, i));
            }
            function.awaitReady(Duration.ofSeconds(120));
            return function;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CompletableFuture<byte[]> invoke(byte[] payload) {
        return runtimeApi.invoke(payload, Duration.ofSeconds(settings.timeoutSeconds()));
    }

    public Settings settings() {
        return settings;
    }

    /** Process ids of the execution environments running now. */
    public List<Long> environmentPids() {
        synchronized (environments) {
            return environments.stream()
                    .filter(Process::isAlive)
                    .map(Process::pid)
                    .toList();
        }
    }

    private Process launch(Path taskRoot, int index) throws IOException {
        int launch = launches.incrementAndGet();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = taskRoot + ":" + taskRoot.resolve("lib") + "/*:" + settings.runtimeLibDir() + "/*";
        List<String> command = List.of(
                java,
                "-Xmx" + settings.memoryMb() + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                "-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient,
                "-cp",
                classpath,
                RUNTIME_MAIN,
                settings.handler());
        Map<String, String> env = new LinkedHashMap<>(settings.environment());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address(launch));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", settings.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", settings.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(settings.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + settings.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local-" + index);
        Path log = settings.workDir().resolve(settings.name() + "-" + index + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.onExit().thenAccept(p -> replaceIfCrashed(taskRoot, index, launch, p, log));
        return process;
    }

    private void replaceIfCrashed(Path taskRoot, int index, int launch, Process exited, Path log) {
        if (closing) {
            return;
        }
        LOG.warning(settings.name() + " environment " + index + " exited with " + exited.exitValue()
                + "; starting a new one (log: " + log + ")");
        runtimeApi.environmentExited(launch, "Runtime exited with status " + exited.exitValue());
        try {
            synchronized (environments) {
                environments.set(index, launch(taskRoot, index));
            }
        } catch (IOException e) {
            LOG.severe("could not restart " + settings.name() + " environment " + index + ": " + e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runtimeApi.idlePollers() < settings.concurrency()) {
            if (runtimeApi.initError() != null) {
                close();
                throw new IllegalStateException(settings.name() + " failed to initialise: " + runtimeApi.initError()
                        + rootCause(settings.workDir().resolve(settings.name() + "-0.log")));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(settings.name() + " did not start within " + timeout.toSeconds()
                        + " s; see the logs in " + settings.workDir());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + settings.name(), e);
            }
        }
    }

    /**
     * The runtime client's JNI library, extracted once. Left to itself each runtime process
     * extracts it to the same /tmp file, and processes starting together crash on each other's
     * half-written copy; AWS's java runtime also passes the library's path in this property.
     */
    private static Path extractNativeClient(Path runtimeLibDir, Path workDir) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        Path target = workDir.resolve("libaws-lambda-jni.so");
        try (var jars = Files.list(runtimeLibDir)) {
            Path jar = jars.filter(
                            p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "AWS Lambda runtime interface client not found in " + runtimeLibDir));
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                ZipEntry so = zip.getEntry(entry);
                if (so == null) {
                    throw new IllegalStateException(entry + " is not in " + jar);
                }
                try (InputStream in = zip.getInputStream(so)) {
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    /** The last "Caused by" of an environment's log: what a person needs to see first. */
    private static String rootCause(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("Caused by: "))
                    .reduce((a, b) -> b)
                    .map(l -> "; root cause: " + l.substring("Caused by: ".length()) + " (log: " + log + ")")
                    .orElse(" (log: " + log + ")");
        } catch (IOException | java.io.UncheckedIOException e) {
            return " (log: " + log + ")";
        }
    }

    /**
     * Unpacks the package into an empty task root, as Lambda does: a file of an earlier package
     * left beside the new one (a jar renamed between builds) would shadow the new code.
     */
    private static void unzip(Path zip, Path target) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("function package not found: " + zip + " (build it with ./mvnw package)");
        }
        if (Files.exists(target)) {
            try (var paths = Files.walk(target)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream zin = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zin, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (environments) {
            environments.forEach(Process::destroy);
            for (Process p : environments) {
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        runtimeApi.close();
    }
}
