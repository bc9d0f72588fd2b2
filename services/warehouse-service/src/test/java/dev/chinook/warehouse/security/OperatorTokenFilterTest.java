package dev.chinook.warehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OperatorTokenFilterTest {

    private static <T> T fake(Class<T> type, java.util.function.Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> answers.apply(method.getName())));
    }

    /** The response the filter aborted the call with, or null if it let the call through. */
    private static Response filter(Optional<String> configured, String authorization) {
        WarehouseConfig config = fake(WarehouseConfig.class, m -> m.equals("operatorToken") ? configured : null);
        UriInfo uri = fake(UriInfo.class, m -> m.equals("getPath") ? "/api/rebuild" : null);
        AtomicReference<Response> aborted = new AtomicReference<>();
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(
                ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "POST";
                    case "getUriInfo" -> uri;
                    case "getHeaderString" -> authorization;
                    case "abortWith" -> {
                        aborted.set((Response) args[0]);
                        yield null;
                    }
                    default -> null;
                });
        new OperatorTokenFilter(() -> config).filter(request);
        return aborted.get();
    }

    @Test
    void withoutAConfiguredTokenEveryCallIsRefusedEvenOneThatBringsSomeToken() {
        assertThat(filter(Optional.empty(), "Bearer anything").getStatus()).isEqualTo(403);
        assertThat(filter(Optional.of("  "), "Bearer   ").getStatus()).isEqualTo(403);
    }

    @Test
    void onlyTheConfiguredBearerTokenGetsThrough() {
        assertThat(filter(Optional.of("s3cret"), "Bearer s3cret")).isNull();
        assertThat(filter(Optional.of("s3cret"), "Bearer s3cre").getStatus()).isEqualTo(401);
        assertThat(filter(Optional.of("s3cret"), null).getStatus()).isEqualTo(401);
        assertThat(filter(Optional.of("s3cret"), "s3cret").getStatus()).isEqualTo(401);
    }
}
