package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An in-process provider that answers after a fixed latency with evidence shaped like a real platform's,
 * standing in for a network call so the engine's orchestration can be timed without one.
 *
 * <p>{@link #kubernetesOomKill()} gives four of them that together describe an OOM-killed Java container in
 * a crash loop: resource states, events, logs and memory metrics, answering after 80, 150, 300 and 40 ms.
 */
public final class SimulatedProvider implements DiagnosticProvider {
    private static final Instant AT = Instant.parse("2026-03-14T09:12:00Z");

    private final String id;
    private final Duration latency;
    private final Supplier<List<Evidence>> evidence;

    /** A provider with this id that sleeps {@code latency}, then returns {@code evidence}. */
    public SimulatedProvider(String id, Duration latency, Supplier<List<Evidence>> evidence) {
        this.id = Objects.requireNonNull(id, "id");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
    }

    /** The latency this provider adds. */
    public Duration latency() {
        return latency;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().map(Platform.KUBERNETES::equals).orElse(false);
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EvidenceBundle.of(List.of(CollectionGap.of(id, "evidence from " + id,
                    "the call was interrupted", CollectionGap.Kind.TIMEOUT)));
        }
        return EvidenceBundle.builder().addAll(evidence.get()).platform(Platform.KUBERNETES).build();
    }

    /** The request the simulated providers answer. */
    public static DiagnosticRequest request() {
        return DiagnosticRequest.builder().platform(Platform.KUBERNETES).namespace("shop").service("orders").build();
    }

    /** Four providers describing an OOM-killed Java container in a crash loop; the slowest takes 300 ms. */
    public static List<SimulatedProvider> kubernetesOomKill() {
        return List.of(
                new SimulatedProvider("sim-states", Duration.ofMillis(80), SimulatedProvider::states),
                new SimulatedProvider("sim-events", Duration.ofMillis(150), SimulatedProvider::events),
                new SimulatedProvider("sim-logs", Duration.ofMillis(300), SimulatedProvider::logs),
                new SimulatedProvider("sim-metrics", Duration.ofMillis(40), SimulatedProvider::metrics));
    }

    /** The slowest of these providers' latencies. */
    public static Duration slowest(List<SimulatedProvider> providers) {
        return providers.stream().map(SimulatedProvider::latency).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static List<Evidence> states() {
        ResourceState container = ResourceState.builder("container", "orders").source("sim-states")
                .timestamp(AT).status("Waiting").reason("CrashLoopBackOff")
                .message("back-off 2m40s restarting failed container=orders pod=orders-7d9f8b6c4-x2x9q_shop")
                .restartCount(6).image("registry.example.com/shop/orders:1.42.0").memoryLimitBytes(512L << 20)
                .lastTermination(Termination.of("OOMKilled", 137))
                .attribute("pod", "orders-7d9f8b6c4-x2x9q").attribute("namespace", "shop")
                .attribute("container", "orders").attribute("limits.memory", "512Mi").attribute("ready", "false")
                .build();
        ResourceState pod = ResourceState.builder("pod", "orders-7d9f8b6c4-x2x9q").source("sim-states")
                .timestamp(AT).status("Running").attribute("namespace", "shop").attribute("node", "ip-10-0-3-17")
                .build();
        return List.of(container, pod);
    }

    private static List<Evidence> events() {
        String pod = "pod/orders-7d9f8b6c4-x2x9q";
        return List.of(
                Event.of("sim-events", "Normal", "Pulled", "Container image \"registry.example.com/shop/orders:1.42.0\" "
                        + "already present on machine", pod, AT.minusSeconds(300)),
                Event.of("sim-events", "Normal", "Started", "Started container orders", pod, AT.minusSeconds(299)),
                Event.of("sim-events", "Warning", "BackOff", "Back-off restarting failed container orders in pod "
                        + "orders-7d9f8b6c4-x2x9q_shop(5f1c7a0e-2b1d-4c8e-9a57-0b5e4d6b1f3a)", pod, AT.minusSeconds(30)));
    }

    private static List<Evidence> logs() {
        List<Evidence> lines = new ArrayList<>(201);
        for (int i = 0; i < 196; i++) {
            lines.add(log(i, Severity.INFO, "GET /api/orders/" + (4100 + i) + " -> 200 in " + (3 + i % 40) + " ms"));
        }
        lines.add(log(196, Severity.WARNING, "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=58s)."));
        lines.add(log(197, Severity.ERROR, "Application run failed"));
        lines.add(log(198, Severity.ERROR, "java.lang.OutOfMemoryError: Java heap space"));
        lines.add(log(199, Severity.UNKNOWN, "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)"));
        lines.add(log(200, Severity.UNKNOWN, "\tat com.example.orders.report.ExportService.export(ExportService.java:61)"));
        return lines;
    }

    private static LogLine log(int n, Severity severity, String message) {
        return new LogLine(java.util.Optional.of(AT.minusSeconds(400 - n)), "sim-logs:shop/orders-7d9f8b6c4-x2x9q/orders",
                message, severity, n + 1, Map.of("container", "orders"));
    }

    private static List<Evidence> metrics() {
        List<Evidence> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new MetricSample(AT.minusSeconds(600 - 60L * i), "sim-metrics", "container_memory_working_set_bytes",
                    (300 + 21 * i) * 1048576.0, "Bytes", Map.of("container", "orders", "statistic", "Maximum")));
        }
        return samples;
    }
}
