package dev.deploydiagnostics.core.collect;

import com.sun.net.httpserver.HttpServer;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.RetryableCollectionException;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import dev.deploydiagnostics.core.config.ResilienceSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault tests: providers that talk HTTP to local servers that delay, drop connections, answer 500 and 429 with
 * Retry-After, send malformed bodies, or never answer.
 */
class ResilienceTest {

    private HttpServer server;
    private final Queue<int[]> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/logs", exchange -> {
            hits.incrementAndGet();
            int[] step = script.poll();
            int status = step == null ? 200 : step[0];
            if (step != null && step.length > 1) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(step[1]));
            }
            byte[] body = (status == 200 ? "{\"lines\":[\"ERROR connect ECONNREFUSED db:5432\"]}" : "{\"error\":\"try later\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/malformed", exchange -> {
            byte[] body = "{\"lines\": [\"unterminated".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A provider that reads log lines from a local HTTP endpoint the way a cloud provider reads an API. */
    static final class HttpLogProvider implements DiagnosticProvider {
        private final String id;
        private final String url;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final AtomicInteger calls = new AtomicInteger();

        HttpLogProvider(String id, String url) {
            this.id = id;
            this.url = url;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return true;
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            calls.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(context.remaining()).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new RetryableCollectionException("GET " + url + " failed: " + e.getClass().getSimpleName(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EvidenceBundle.empty();
            }
            if (response.statusCode() == 429) {
                Duration after = response.headers().firstValue("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
                throw new RetryableCollectionException("GET " + url + " answered 429", true, after);
            }
            if (response.statusCode() >= 500) {
                throw new RetryableCollectionException("GET " + url + " answered " + response.statusCode(), false, null);
            }
            String body = response.body();
            if (!body.trim().endsWith("}")) {
                return EvidenceBundle.of(List.of(CollectionGap.of(id, "logs from " + url, "the response was not valid JSON",
                        CollectionGap.Kind.UNREADABLE)));
            }
            String line = body.replaceAll(".*\\[\"([^\"]*)\"].*", "$1");
            return EvidenceBundle.of(List.of(LogLine.of(id, line)));
        }
    }

    private static Diagnostics.Builder engine(ResilienceSettings resilience) {
        return Diagnostics.builder().discovery(false).builtInCatalog(false)
                .config(DiagnosticsConfig.DEFAULTS.withResilience(resilience));
    }

    private static ResilienceSettings fastRetries(int attempts) {
        ResilienceSettings d = ResilienceSettings.DEFAULTS;
        return new ResilienceSettings(d.failureRateThreshold(), 10, 10, d.waitInOpenState(), 2, attempts,
                Duration.ofMillis(50), 2.0, Duration.ofMillis(400), 0.3, 8, 100, Duration.ofSeconds(1));
    }

    private static final DiagnosticRequest REQUEST = DiagnosticRequest.builder().service("api").timeout(Duration.ofSeconds(5)).build();

    @Test
    void retriesAThrottledCallAfterTheRetryAfterItWasGiven() {
        script.add(new int[] {429, 1});
        HttpLogProvider p = new HttpLogProvider("http", url("/logs"));
        try (DiagnosticEngine e = engine(fastRetries(3)).provider(p).build()) {
            long start = System.nanoTime();
            DiagnosticReport report = e.analyze(REQUEST);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(report.gaps()).isEmpty();
            assertThat(report.evidenceCount()).isEqualTo(1);
            assertThat(p.calls).hasValue(2);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(report.providers().get(0).statistics()).containsEntry("attempts", "2");
        }
    }

    @Test
    void persistentThrottlingBecomesAThrottledGapWithinTheDeadline() {
        for (int i = 0; i < 10; i++) {
            script.add(new int[] {429});
        }
        HttpLogProvider p = new HttpLogProvider("http", url("/logs"));
        try (DiagnosticEngine e = engine(fastRetries(3)).provider(p).build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(p.calls).hasValue(3);
            assertThat(report.gaps()).singleElement().satisfies(g -> {
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.THROTTLED);
                assertThat(g.reason()).contains("429").contains("3 attempts");
            });
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheCallSucceeds() {
        script.add(new int[] {500});
        script.add(new int[] {503});
        HttpLogProvider p = new HttpLogProvider("http", url("/logs"));
        try (DiagnosticEngine e = engine(fastRetries(3)).provider(p).build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.gaps()).isEmpty();
            assertThat(hits).hasValue(3);
        }
    }

    @Test
    void aDroppedConnectionIsRetriedThenReported() throws Exception {
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread acceptor = new Thread(() -> {
                while (running.get()) {
                    try (Socket s = dropper.accept()) {
                        s.setSoLinger(true, 0); // reset instead of a clean close
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            acceptor.start();
            HttpLogProvider p = new HttpLogProvider("dropped", "http://127.0.0.1:" + dropper.getLocalPort() + "/logs");
            try (DiagnosticEngine e = engine(fastRetries(3)).provider(p).build()) {
                DiagnosticReport report = e.analyze(REQUEST);
                assertThat(p.calls).hasValue(3);
                assertThat(report.gaps()).singleElement().satisfies(g -> {
                    assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
                    assertThat(g.reason()).contains("failed").contains("3 attempts");
                });
            } finally {
                running.set(false);
                dropper.close();
                acceptor.join(2000);
            }
        }
    }

    @Test
    void everyKindOfFaultCostsOnlyItsOwnGapAndTheAnalysisKeepsItsDeadline() {
        for (int i = 0; i < 10; i++) {
            script.add(new int[] {429, 30});
        }
        DiagnosticProvider never = new DiagnosticProvider() {
            @Override
            public String id() {
                return "never";
            }

            @Override
            public boolean supports(DiagnosticRequest request) {
                return true;
            }

            @Override
            public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // a provider that ignores interruption: the engine must not wait for it
                    }
                }
            }
        };
        HttpLogProvider good = new HttpLogProvider("good", url("/malformed").replace("/malformed", "/logs?x"));
        DiagnosticRequest request = REQUEST.toBuilder().timeout(Duration.ofMillis(1500)).build();
        try (DiagnosticEngine e = engine(fastRetries(3))
                .provider(new HttpLogProvider("throttled", url("/logs")))
                .provider(new HttpLogProvider("malformed", url("/malformed")))
                .provider(new HttpLogProvider("slow", url("/slow")))
                .provider(never)
                .build()) {
            script.clear();
            for (int i = 0; i < 10; i++) {
                script.add(new int[] {429, 30});
            }
            long start = System.nanoTime();
            DiagnosticReport report = e.analyze(request);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Stated margin: 500 ms over the deadline for scheduling and report assembly on a loaded 2-core machine.
            assertThat(took).isLessThan(Duration.ofMillis(2000));
            assertThat(report.gaps()).extracting(CollectionGap::provider)
                    .containsExactlyInAnyOrder("throttled", "malformed", "slow", "never");
            assertThat(report.gaps()).filteredOn(g -> g.provider().equals("malformed"))
                    .singleElement().satisfies(g -> assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE));
            assertThat(report.gaps()).filteredOn(g -> g.provider().equals("never"))
                    .singleElement().satisfies(g -> assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT));
            assertThat(report.gaps()).filteredOn(g -> g.provider().equals("throttled"))
                    .singleElement().satisfies(g -> assertThat(g.kind()).isIn(CollectionGap.Kind.THROTTLED, CollectionGap.Kind.TIMEOUT));
        }
        assertThat(good.calls).hasValue(0);
    }

    @Test
    void circuitGoesFromClosedToOpenToHalfOpenAndBackToClosed() throws Exception {
        ResilienceSettings d = ResilienceSettings.DEFAULTS;
        ResilienceSettings settings = new ResilienceSettings(50f, 2, 2, Duration.ofMillis(300), 1, 1,
                Duration.ofMillis(10), 2.0, Duration.ofMillis(10), 0.0, 8, 100, Duration.ofSeconds(1));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        DiagnosticProvider flaky = new DiagnosticProvider() {
            @Override
            public String id() {
                return "flaky";
            }

            @Override
            public boolean supports(DiagnosticRequest request) {
                return true;
            }

            @Override
            public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
                calls.incrementAndGet();
                if (failing.get()) {
                    throw new IllegalStateException("API unavailable");
                }
                return EvidenceBundle.of(List.of(LogLine.of("flaky", "ok")));
            }
        };
        try (DiagnosticEngine e = engine(settings).provider(flaky).listener(new DiagnosticListener() {
            @Override
            public void resilienceEvent(String providerId, String component, String event) {
                if (component.equals("circuitBreaker")) {
                    events.add(event);
                }
            }
        }).build()) {
            e.analyze(REQUEST);
            e.analyze(REQUEST);
            assertThat(e.circuitState("flaky")).isEqualTo("OPEN");

            DiagnosticReport skipped = e.analyze(REQUEST);
            assertThat(calls).hasValue(2);
            assertThat(skipped.providers()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(ProviderRun.Outcome.SKIPPED));
            assertThat(skipped.gaps()).singleElement().satisfies(g -> assertThat(g.kind()).isEqualTo(CollectionGap.Kind.CIRCUIT_OPEN));

            Thread.sleep(400);
            failing.set(false);
            DiagnosticReport recovered = e.analyze(REQUEST);
            assertThat(recovered.gaps()).isEmpty();
            assertThat(e.circuitState("flaky")).isEqualTo("CLOSED");
        }
        assertThat(events).containsExactly("CLOSED -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> CLOSED");
    }

    @Test
    void noEngineThreadOutlivesTheEngine() throws Exception {
        int baseline = engineThreads();
        script.add(new int[] {503});
        try (DiagnosticEngine e = engine(fastRetries(2)).provider(new HttpLogProvider("a", url("/logs")))
                .provider(new HttpLogProvider("b", url("/slow"))).build()) {
            e.analyze(REQUEST.toBuilder().timeout(Duration.ofMillis(800)).build());
            e.analyzeAsync(REQUEST.toBuilder().timeout(Duration.ofMillis(800)).build()).get();
            assertThat(engineThreads()).isGreaterThan(baseline);
        }
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (engineThreads() > baseline && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(engineThreads()).isEqualTo(baseline);
    }

    private static int engineThreads() {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        return (int) all.keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("deploy-diagnostics-")).count();
    }
}
