package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import dev.deploydiagnostics.test.TestCollectionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The scenarios' "now" and the collection context the tests collect with, and finding evidence in a bundle the
 * way a reader of the report would look for it.
 */
final class ScenarioSupport {
    /** "Now" in every scenario: the fixtures' timestamps lead up to it. */
    static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");

    private ScenarioSupport() {
    }

    /** A context whose clock stands at {@link #NOW}, with a minute to the deadline and 200 log lines a source. */
    static TestCollectionContext context() {
        return TestCollectionContext.withTimeout(Duration.ofSeconds(60))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withLogLineLimit(200);
    }

    static DiagnosticRequest deployment(String name) {
        return DiagnosticRequest.builder().platform(Platform.KUBERNETES).namespace(MockCluster.NAMESPACE)
                .service(name).since(Duration.ofHours(1)).build();
    }

    static ResourceState state(EvidenceBundle bundle, String kind, String name) {
        return bundle.states().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + bundle.states().stream()
                        .map(s -> s.kind() + " " + s.name()).toList()));
    }

    static List<ResourceState> states(EvidenceBundle bundle, String kind) {
        return bundle.states().stream().filter(s -> s.kind().equals(kind)).toList();
    }

    static List<Event> events(EvidenceBundle bundle, String reason) {
        return bundle.events().stream().filter(e -> e.reason().equals(reason)).toList();
    }

    static List<LogLine> logs(EvidenceBundle bundle, String source) {
        return bundle.logs().stream().filter(l -> l.source().equals(source)).toList();
    }

    static List<CollectionGap> gaps(EvidenceBundle bundle, CollectionGap.Kind kind) {
        return bundle.gaps().stream().filter(g -> g.kind() == kind).toList();
    }
}
