package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.core.report.ReportAssembler;
import dev.deploydiagnostics.core.timeline.TimelineBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports assembled by the real engine parts, and a clock tests can move. */
final class Reports {
    static final Instant T = Instant.parse("2024-06-02T08:09:46Z");

    private Reports() {
    }

    /** An OOM kill of service api in namespace shop, as the engine reports it. */
    static DiagnosticReport oomKilled(String service) {
        ResourceState container = ResourceState.builder("container", service + "/app").source("pod/shop/" + service)
                .status("Waiting").reason("CrashLoopBackOff").restartCount(3).memoryLimitBytes(512L << 20)
                .lastTermination(Termination.of("OOMKilled", 137)).timestamp(T).build();
        Event backoff = Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container", "Pod/" + service,
                T.plusSeconds(5));
        LogLine line = new LogLine(Optional.of(T.minusSeconds(2)), "pod/shop/" + service + "/app",
                "java.lang.OutOfMemoryError: Java heap space <&>", Severity.ERROR, 7, Map.of());
        Finding f = Finding.builder("k8s.oom-killed", Category.OOM_KILLED).title("Container app was OOMKilled at 512Mi")
                .confidence(0.93).explanation("It used more than its limit.").evidence(List.of(container, line))
                .remedy(Remedy.builder("Raise the limit").step("Edit resources.limits.memory").step("Redeploy")
                        .config("yaml", "resources:\n  limits:\n    memory: 1Gi").documentation("https://kubernetes.io/docs/").build())
                .fact("memoryLimit", "512Mi").build();
        return assemble(service, List.of(line, container, backoff), List.of(f));
    }

    /** The same deployment, healthy. */
    static DiagnosticReport healthy(String service) {
        LogLine ok = LogLine.of("pod/shop/" + service + "/app", T.plusSeconds(600), Severity.INFO, "Started in 2.1 seconds");
        return assemble(service, List.of(ok), List.of());
    }

    static DiagnosticReport assemble(String service, List<Evidence> items, List<Finding> findings) {
        EvidenceBundle bundle = EvidenceBundle.of(items);
        return new ReportAssembler(0.5).assemble(DiagnosticRequest.builder().platform("kubernetes").namespace("shop")
                        .service(service).build(), Optional.of(Platform.KUBERNETES), bundle, findings,
                new TimelineBuilder(100).build(bundle, findings),
                List.of(new ProviderRun("kubernetes", ProviderRun.Outcome.SUCCEEDED, Duration.ofMillis(80), items.size(), 0,
                        Map.of())), T.plusSeconds(60), Duration.ofMillis(95));
    }

    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
