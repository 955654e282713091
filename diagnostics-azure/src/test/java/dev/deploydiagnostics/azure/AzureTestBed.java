package dev.deploydiagnostics.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.test.TestCollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import reactor.core.publisher.Mono;

/**
 * A local HTTPS server answering Azure Resource Manager and Log Analytics paths with JSON in their documented
 * shapes, and the settings and credential that make the real Azure clients call it.
 */
final class AzureTestBed implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
    static final String SUBSCRIPTION = "8f3b2c1d-4e5f-4a6b-9c7d-0e1f2a3b4c5d";

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> calls = new CopyOnWriteArrayList<>();
    final List<String> tokenScopes = new CopyOnWriteArrayList<>();
    private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();
    private final OkHttpClient okHttp;

    AzureTestBed() throws IOException {
        HeldCertificate held = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost").build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(held).build();
        HandshakeCertificates clientCerts = new HandshakeCertificates.Builder()
                .addTrustedCertificate(held.certificate()).build();
        okHttp = new OkHttpClient.Builder()
                .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager()).build();
        server.useHttps(serverCerts.sslSocketFactory(), false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.add(request);
                String key = request.getMethod() + " " + request.getRequestUrl().encodedPath();
                MockResponse r = routes.get(key);
                return r != null ? r : json(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The Resource '"
                        + request.getRequestUrl().encodedPath() + "' was not found.\"}}");
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    void route(String method, String path, int status, String body) {
        routes.put(method + " " + path, json(status, body));
    }

    String base() {
        return "https://127.0.0.1:" + server.getPort();
    }

    AzureClientSettings settings() {
        return AzureClientSettings.builder()
                .httpClient(new OkHttpAsyncHttpClientBuilder(okHttp).build())
                .resourceManagerEndpoint(base() + "/")
                .logsEndpoint(base() + "/v1")
                .build();
    }

    /** A credential that hands out a fixed token and records the scopes asked for. */
    TokenCredential credential() {
        return request -> {
            tokenScopes.addAll(request.getScopes());
            return Mono.just(new AccessToken("test-arm-token", OffsetDateTime.now().plusHours(1)));
        };
    }

    List<String> paths() {
        return calls.stream().map(r -> r.getMethod() + " " + r.getRequestUrl().encodedPath()).toList();
    }

    RecordedRequest call(String method, String path) {
        return calls.stream().filter(r -> r.getMethod().equals(method)
                && r.getRequestUrl().encodedPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no call " + method + " " + path + " in " + paths()));
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("x-ms-request-id", "5d6c7b8a-0000-4000-8000-000000000000").setBody(body);
    }

    static String fixture(String scenario, String file) {
        try {
            Path p = Paths.get(AzureTestBed.class.getResource("/scenarios/" + scenario + "/" + file).toURI());
            return Files.readString(p, StandardCharsets.UTF_8).replace("${SUBSCRIPTION}", SUBSCRIPTION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no fixture " + scenario + "/" + file, e);
        }
    }

    static CollectionContext context(Map<String, String> settings) {
        return context(settings, NOW.plus(Duration.ofSeconds(30)));
    }

    /** A context whose deadline is {@code deadline} on a clock fixed at {@link #NOW}. */
    static CollectionContext context(Map<String, String> settings, Instant deadline) {
        return context(settings, deadline, List.of());
    }

    /**
     * A context whose {@link CollectionContext#delegate} runs these providers by id, on the calling thread and
     * with this context, as the engine would run them.
     */
    static CollectionContext context(Map<String, String> settings, DiagnosticProvider... delegates) {
        return context(settings, NOW.plus(Duration.ofSeconds(30)), List.of(delegates));
    }

    private static CollectionContext context(Map<String, String> settings, Instant deadline,
                                             List<DiagnosticProvider> delegates) {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withDeadline(deadline).withLogLineLimit(50)
                .withSettings(settings);
        for (DiagnosticProvider delegate : delegates) {
            context = context.withDelegate(delegate);
        }
        return context;
    }
}
