package dev.chinook.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A long-running service started as its own JVM, with its output in a log file, and supervised
 * as systemd supervises it on AWS ({@code Restart=always}): when it exits without being asked
 * to, it is started again after a pause that grows with each restart.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());
    private static final long MAX_PAUSE_MILLIS = 10_000;

    private final String name;
    private final ProcessBuilder builder;
    private final Path log;
    private volatile Process process;
    private volatile boolean closed;
    private int restarts;

    private ServiceProcess(String name, ProcessBuilder builder, Path log) {
        this.name = name;
        this.builder = builder;
        this.log = log;
    }

    public static ServiceProcess start(String name, Path jar, Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        ServiceProcess service = new ServiceProcess(name, builder, log);
        service.launch();
        return service;
    }

    private synchronized void launch() {
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process watched = process;
        watched.onExit().thenRun(() -> restartUnlessClosed(watched));
    }

    private void restartUnlessClosed(Process exited) {
        if (closed) {
            return;
        }
        long pause;
        synchronized (this) {
            restarts++;
            pause = Math.min(MAX_PAUSE_MILLIS, 500L * restarts);
        }
        LOG.warning(() -> name + " (pid " + exited.pid() + ") exited with " + exited.exitValue()
                + "; starting it again in " + pause + " ms (see " + log + ")");
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closed) {
            launch();
        }
    }

    /** The process id of the running service, which changes when it is restarted. */
    public long pid() {
        return process.pid();
    }

    /** How often the service was started again after it exited on its own. */
    public synchronized int restarts() {
        return restarts;
    }

    /** Waits until {@code url} answers 200, failing early if the service exits meanwhile (a start that cannot succeed). */
    public void awaitStarted(URI url, Duration timeout) {
        awaitHttpOk(url, timeout, true);
    }

    /** Waits until {@code url} answers 200, through restarts. */
    public void awaitHttpOk(URI url, Duration timeout) {
        awaitHttpOk(url, timeout, false);
    }

    private void awaitHttpOk(URI url, Duration timeout, boolean failIfItExits) {
        int restartsBefore = restarts();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failIfItExits && (restarts() > restartsBefore || !process.isAlive())) {
                throw new IllegalStateException(name + " exited while starting; see " + log);
            }
            try {
                HttpResponse<Void> response =
                        http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(
                name + " did not become ready within " + timeout.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        closed = true;
        Process running = process;
        running.destroy();
        try {
            if (!running.waitFor(15, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }
}
