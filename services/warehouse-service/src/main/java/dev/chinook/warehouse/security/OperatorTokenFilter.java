package dev.chinook.warehouse.security;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lets a call to an {@link OperatorOnly} endpoint through only with {@code Authorization: Bearer
 * <operator token>}; without a configured token every such call is refused. Each decision is
 * logged with the method and path, never with the token.
 */
@Provider
@OperatorOnly
@Priority(Priorities.AUTHENTICATION)
public class OperatorTokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(OperatorTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final jakarta.inject.Provider<WarehouseConfig> config;

    /** The configuration is read per call: JAX-RS providers are built before runtime configuration exists. */
    public OperatorTokenFilter(jakarta.inject.Provider<WarehouseConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = config.get().operatorToken().filter(t -> !t.isBlank());
        String call =
                request.getMethod() + " /" + request.getUriInfo().getPath().replaceFirst("^/", "");
        if (token.isEmpty()) {
            LOG.warnf("refused %s: no operator token is configured (chinook.warehouse.operator-token)", call);
            request.abortWith(refusal(
                    Response.Status.FORBIDDEN,
                    "state-changing endpoints are disabled: no operator token is configured"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER) || !matches(header.substring(BEARER.length()), token.get())) {
            LOG.warnf("refused %s: %s", call, header == null ? "no credentials" : "wrong credentials");
            request.abortWith(Response.fromResponse(refusal(
                            Response.Status.UNAUTHORIZED, "an operator token is required (Authorization: Bearer ...)"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"chinook\"")
                    .build());
            return;
        }
        LOG.infof("%s by the operator", call);
    }

    /** Compared in constant time, so that the answer's timing tells nothing of the token. */
    private static boolean matches(String presented, String token) {
        return MessageDigest.isEqual(
                presented.strip().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static Response refusal(Response.Status status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build();
    }
}
