package dev.chinook.localcloud.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS Lambda Runtime API (2018-06-01) that a function's runtime polls: {@code invocation/next}
 * hands out queued invocations, {@code response} and {@code error} complete them. AWS's own
 * runtime interface client talks to it exactly as it talks to Lambda. Each execution environment
 * polls under a path of its own ({@link #address(int)}), so that an environment that dies fails the
 * invocation it held at once, as Lambda reports {@code Runtime.ExitError}, instead of leaving it to
 * run into its timeout.
 */
public final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final String ENVIRONMENT = "/environment-";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingDeque<Invocation> queued = new LinkedBlockingDeque<>();
    private final java.util.Set<Integer> exited = ConcurrentHashMap.newKeySet();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger pollers = new AtomicInteger();
    private final String functionArn;
    private volatile String initError;

    record Invocation(String requestId, byte[] payload, long deadlineMillis, CompletableFuture<byte[]> result) {}

    /** An invocation handed out, and the environment that took it. */
    private record Running(Invocation invocation, int environment) {}

    public RuntimeApiServer(String functionArn) throws IOException {
        this.functionArn = functionArn;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * The value of AWS_LAMBDA_RUNTIME_API for one environment's process (a number no other process
     * of the function had): host:port and the environment's path, which the runtime client puts
     * before the API's own paths.
     */
    public String address(int environment) {
        return "127.0.0.1:" + server.getAddress().getPort() + ENVIRONMENT + environment;
    }

    /** Fails at once what the environment held, as Lambda fails an invocation whose runtime exited. */
    public void environmentExited(int environment, String reason) {
        exited.add(environment);
        running.values().removeIf(held -> {
            if (held.environment() != environment) {
                return false;
            }
            held.invocation()
                    .result()
                    .completeExceptionally(new FunctionErrorException(
                            "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"" + reason + "\"}"));
            return true;
        });
    }

    /** How many runtime processes are waiting for work right now. */
    public int idlePollers() {
        return pollers.get();
    }

    public String initError() {
        return initError;
    }

    /** Queues one invocation; the future fails with {@link FunctionErrorException} on a function error. */
    public CompletableFuture<byte[]> invoke(byte[] payload, Duration timeout) {
        Invocation invocation = new Invocation(
                UUID.randomUUID().toString(),
                payload,
                System.currentTimeMillis() + timeout.toMillis(),
                new CompletableFuture<>());
        queued.add(invocation);
        return invocation
                .result()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> running.remove(invocation.requestId()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String fullPath = exchange.getRequestURI().getPath();
            int environment = -1;
            if (fullPath.startsWith(ENVIRONMENT)) {
                int end = fullPath.indexOf('/', ENVIRONMENT.length());
                environment =
                        Integer.parseInt(fullPath.substring(ENVIRONMENT.length(), end < 0 ? fullPath.length() : end));
                fullPath = end < 0 ? "" : fullPath.substring(end);
            }
            if (!fullPath.startsWith(PREFIX)) {
                reply(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
                return;
            }
            String path = fullPath.substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange, environment);
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(exchange, requestId(path), body, null);
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                String error = new String(body, StandardCharsets.UTF_8);
                complete(exchange, requestId(path), null, error);
            } else if (path.equals("init/error")) {
                initError = new String(body, StandardCharsets.UTF_8);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
            }
        }
    }

    private void next(HttpExchange exchange, int environment) throws IOException {
        Invocation invocation;
        pollers.incrementAndGet();
        try {
            invocation = queued.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            pollers.decrementAndGet();
        }
        if (exited.contains(environment)) {
            // The poll of a process that has died since: the invocation goes to a live one.
            queued.addFirst(invocation);
            return;
        }
        running.put(invocation.requestId(), new Running(invocation, environment));
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add(
                "Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                        + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        headers.add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, invocation.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.payload());
        }
    }

    private void complete(HttpExchange exchange, String requestId, byte[] response, String error) throws IOException {
        Running held = running.remove(requestId);
        if (held == null) {
            reply(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
            return;
        }
        if (error != null) {
            held.invocation().result().completeExceptionally(new FunctionErrorException(error));
        } else {
            held.invocation().result().complete(response);
        }
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static String requestId(String path) {
        return path.split("/")[1];
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
