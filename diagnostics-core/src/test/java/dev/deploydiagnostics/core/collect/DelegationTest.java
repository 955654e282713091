package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.RetryableCollectionException;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.core.config.ConfigLoader;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider hands part of its collection to another registered provider through
 * {@link CollectionContext#delegate}: a cloud provider that found a cluster asks the cluster provider to read the
 * workload, as the EKS, GKE and AKS providers ask the Kubernetes provider.
 */
class DelegationTest {
    private static final String API_SERVER = DiagnosticRequest.Attributes.KUBE_API_SERVER;
    private static final DiagnosticRequest REQUEST = DiagnosticRequest.builder().platform(Platform.AWS_EKS)
            .cluster("prod").namespace("shop").service("api").build();

    /** A provider whose collection is a function of the request and context; it records both. */
    static final class Recording implements DiagnosticProvider {
        final String id;
        final Predicate<DiagnosticRequest> supports;
        final BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body;
        final List<DiagnosticRequest> requests = new CopyOnWriteArrayList<>();
        final List<CollectionContext> contexts = new CopyOnWriteArrayList<>();

        Recording(String id, Predicate<DiagnosticRequest> supports,
                  BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body) {
            this.id = id;
            this.supports = supports;
            this.body = body;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return supports.test(request);
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            requests.add(request);
            contexts.add(context);
            return body.apply(request, context);
        }
    }

    /** The cluster provider: only answers requests that carry a connection, as the Kubernetes provider does. */
    static Recording cluster(BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body) {
        return new Recording("cluster", r -> r.attribute(API_SERVER).isPresent(), body);
    }

    static EvidenceBundle backOff() {
        return EvidenceBundle.builder().platform(Platform.KUBERNETES)
                .add(Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container api",
                        "Pod/api-7d9", Instant.now()))
                .build();
    }

    /** A cloud provider: reports its cluster, then delegates the workload to {@code target} and merges it. */
    static Recording cloud(String id, String target) {
        return new Recording(id, r -> r.attribute(API_SERVER).isEmpty(), (request, context) -> {
            EvidenceBundle workload = context.delegate(target,
                    request.toBuilder().attribute(API_SERVER, "https://10.0.0.1").build());
            EvidenceBundle.Builder out = EvidenceBundle.builder().platform(Platform.AWS_EKS)
                    .add(ResourceState.builder("cluster", "prod").source(id).status("ACTIVE").build());
            out.addAll(workload.items()).droppedLogLines(workload.droppedLogLines());
            workload.platforms().forEach(out::platform);
            return out.build();
        });
    }

    static DiagnosticsConfig config(String yaml) {
        return new ConfigLoader().load("diagnostics.yaml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Path.of("."));
    }

    static DiagnosticReport analyze(DiagnosticsConfig config, DiagnosticListener listener, DiagnosticProvider... providers) {
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).builtInCatalog(false).config(config)
                .listener(listener);
        for (DiagnosticProvider p : providers) {
            b.provider(p);
        }
        try (DiagnosticEngine engine = b.build()) {
            return engine.analyze(REQUEST);
        }
    }

    static DiagnosticReport analyze(DiagnosticsConfig config, DiagnosticProvider... providers) {
        return analyze(config, new DiagnosticListener() { }, providers);
    }

    static ProviderRun run(DiagnosticReport report, String id) {
        return report.providers().stream().filter(r -> r.providerId().equals(id)).findFirst().orElseThrow();
    }

    static List<String> timelineText(DiagnosticReport report) {
        return report.timeline().stream().map(TimelineEntry::evidence).map(e -> e.text()).toList();
    }

    /** Listener calls in order, as {@code started:id}, {@code finished:id} and {@code failed:id}. */
    static final class Calls implements DiagnosticListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void providerStarted(String providerId, DiagnosticRequest request) {
            calls.add("started:" + providerId);
        }

        @Override
        public void providerFinished(ProviderRun run) {
            calls.add("finished:" + run.providerId());
        }

        @Override
        public void providerFailed(ProviderRun run, CollectionGap gap) {
            calls.add("failed:" + run.providerId());
        }
    }

    @Test
    void runsTheRegisteredProviderForTheDerivedRequestWithItsOwnSettingsAndReportsItsRun() {
        Recording cluster = cluster((r, c) -> backOff());
        Recording cloud = cloud("cloud", "cluster");
        Calls listener = new Calls();
        DiagnosticReport report = analyze(config("""
                providers:
                  settings:
                    cloud: { region: eu-west-1 }
                    cluster: { context: prod }
                """), listener, cloud, cluster);

        assertThat(report.gaps()).isEmpty();
        assertThat(cluster.requests).singleElement().satisfies(r -> {
            assertThat(r.attribute(API_SERVER)).contains("https://10.0.0.1");
            assertThat(r.namespace()).contains("shop");
            assertThat(r.service()).contains("api");
        });
        CollectionContext callerContext = cloud.contexts.get(0);
        CollectionContext delegatedContext = cluster.contexts.get(0);
        assertThat(callerContext.canDelegate("cluster")).isTrue();
        assertThat(delegatedContext.settings()).isEqualTo(Map.of("context", "prod"));
        assertThat(callerContext.settings()).isEqualTo(Map.of("region", "eu-west-1"));
        assertThat(delegatedContext.deadline()).isBefore(callerContext.deadline());
        // What the delegate collected reached the analysis through the caller's bundle.
        assertThat(timelineText(report)).anyMatch(t -> t.contains("Back-off restarting failed container api"))
                .anyMatch(t -> t.contains("cluster prod: ACTIVE"));
        assertThat(report.evidenceCount()).isEqualTo(2);

        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("cloud", "cluster");
        assertThat(run(report, "cloud").evidenceCount()).isEqualTo(2);
        assertThat(run(report, "cloud").statistics()).doesNotContainKey("delegatedBy");
        ProviderRun delegated = run(report, "cluster");
        assertThat(delegated.outcome()).isEqualTo(ProviderRun.Outcome.SUCCEEDED);
        assertThat(delegated.evidenceCount()).isEqualTo(1);
        assertThat(delegated.statistics()).containsEntry("delegatedBy", "cloud").containsEntry("attempts", "1")
                .containsEntry("circuit", "CLOSED");
        assertThat(listener.calls).containsExactly("started:cloud", "started:cluster", "finished:cluster",
                "finished:cloud");
    }

    @Test
    void retriesADelegatedCallUnderTheDelegatesOwnGuard() {
        AtomicInteger attempts = new AtomicInteger();
        Recording cluster = cluster((r, c) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RetryableCollectionException("the API server answered 503", false, null);
            }
            return backOff();
        });
        DiagnosticReport report = analyze(config("""
                resilience:
                  retry: { maxAttempts: 3, initialBackoff: 10ms, maxBackoff: 20ms }
                """), cloud("cloud", "cluster"), cluster);

        assertThat(report.gaps()).isEmpty();
        assertThat(run(report, "cluster").statistics()).containsEntry("attempts", "2").containsEntry("delegatedBy", "cloud");
        assertThat(run(report, "cloud").statistics()).containsEntry("attempts", "1");
    }

    @Test
    void reportsAGapWhenNoProviderHasTheIdAndTheCallerKeepsItsOwnEvidence() {
        Recording cloud = cloud("cloud", "cluster");
        DiagnosticReport report = analyze(DiagnosticsConfig.DEFAULTS, cloud);

        assertThat(cloud.contexts.get(0).canDelegate("cluster")).isFalse();
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("cluster");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).contains("no provider with id 'cluster' is registered")
                    .contains("'cloud' could not delegate to it");
        });
        assertThat(timelineText(report)).anyMatch(t -> t.contains("cluster prod: ACTIVE"));
        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("cloud");
        assertThat(run(report, "cloud").outcome()).isEqualTo(ProviderRun.Outcome.PARTIAL);
    }

    @Test
    void reportsAGapWhenTheConfigurationSwitchesTheProviderOff() {
        Recording cluster = cluster((r, c) -> backOff());
        Recording cloud = cloud("cloud", "cluster");
        DiagnosticReport report = analyze(config("""
                providers:
                  enabled: [cloud]
                """), cloud, cluster);

        assertThat(cloud.contexts.get(0).canDelegate("cluster")).isFalse();
        assertThat(cluster.requests).isEmpty();
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).contains("'cluster' is switched off by providers.enabled or providers.disabled");
        });
    }

    @Test
    void reportsAGapWhenTheProviderDoesNotSupportTheDerivedRequest() {
        Recording cluster = new Recording("cluster", r -> false, (r, c) -> backOff());
        DiagnosticReport report = analyze(DiagnosticsConfig.DEFAULTS, cloud("cloud", "cluster"), cluster);

        assertThat(cluster.requests).isEmpty();
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).isEqualTo("the provider 'cluster' does not support the request 'cloud' delegated to it");
        });
    }

    @Test
    void refusesAProviderThatDelegatesToItself() {
        Recording self = new Recording("self", r -> true,
                (r, c) -> c.delegate("self", r.toBuilder().attribute(API_SERVER, "https://10.0.0.1").build()));
        DiagnosticReport report = analyze(DiagnosticsConfig.DEFAULTS, self);

        assertThat(self.requests).hasSize(1);
        assertThat(self.contexts.get(0).canDelegate("self")).isFalse();
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.reason()).contains("(self -> self)").contains("cannot delegate to itself");
        });
        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("self");
    }

    @Test
    void refusesADelegationThatWouldGoRoundInACycle() {
        // a hands its request to b, which hands a derived request back to a: the second a is refused.
        Recording a = cloud("a", "b");
        List<Boolean> couldDelegateBack = new CopyOnWriteArrayList<>();
        Recording b = new Recording("b", r -> r.attribute(API_SERVER).isPresent(), (r, c) -> {
            couldDelegateBack.add(c.canDelegate("a"));
            return c.delegate("a", r);
        });
        DiagnosticReport report = analyze(DiagnosticsConfig.DEFAULTS, a, b);

        assertThat(couldDelegateBack).containsExactly(false);
        assertThat(a.requests).hasSize(1);
        assertThat(b.requests).hasSize(1);
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("a");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.reason()).contains("'b' delegated to 'a'").contains("(a -> b -> a)");
        });
        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("a", "b");
        assertThat(run(report, "b").statistics()).containsEntry("delegatedBy", "a");
        assertThat(run(report, "b").outcome()).isEqualTo(ProviderRun.Outcome.FAILED);
    }

    @Test
    void endsADelegatedCallAtTheCallersDeadlineSoTheCallerStillReturnsWhatItCollected() {
        Recording cluster = cluster((r, c) -> {
            try {
                Thread.sleep(20_000); // ignores its deadline, as a hung client would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return backOff();
        });
        List<Instant> delegateReturned = new CopyOnWriteArrayList<>();
        Recording timed = new Recording("cloud", r -> r.attribute(API_SERVER).isEmpty(), (r, c) -> {
            EvidenceBundle workload = c.delegate("cluster", r.toBuilder().attribute(API_SERVER, "https://10.0.0.1").build());
            delegateReturned.add(c.clock().instant());
            return EvidenceBundle.builder().add(ResourceState.builder("cluster", "prod").source("cloud")
                    .status("ACTIVE").build()).addAll(workload.items()).build();
        });
        long start = System.nanoTime();
        DiagnosticReport report = analyze(config("""
                providers:
                  timeout: 2s
                """), timed, cluster);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        CollectionContext caller = timed.contexts.get(0);
        CollectionContext delegated = cluster.contexts.get(0);
        assertThat(delegated.deadline()).isBefore(caller.deadline())
                .isAfterOrEqualTo(caller.deadline().minus(ProviderDelegation.MAX_RESERVE));
        assertThat(delegateReturned).singleElement().satisfies(t -> assertThat(t).isBefore(caller.deadline()));
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("cluster");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT);
        });
        // The caller had time left to return its own evidence.
        assertThat(run(report, "cloud").outcome()).isEqualTo(ProviderRun.Outcome.PARTIAL);
        assertThat(timelineText(report)).anyMatch(t -> t.contains("cluster prod: ACTIVE"));
        assertThat(run(report, "cluster").outcome()).isEqualTo(ProviderRun.Outcome.TIMED_OUT);
    }

    @Test
    void keepsATenthOfTheTimeLeftAtMostASecondForTheCaller() {
        Instant now = Instant.parse("2026-11-25T13:30:00Z");
        assertThat(ProviderDelegation.deadline(now.plusSeconds(30), now)).isEqualTo(now.plusSeconds(29));
        assertThat(ProviderDelegation.deadline(now.plusMillis(500), now)).isEqualTo(now.plusMillis(450));
        assertThat(ProviderDelegation.deadline(now, now)).isEqualTo(now);
        assertThat(ProviderDelegation.deadline(now.minusSeconds(1), now)).isEqualTo(now.minusSeconds(1));
    }

    @Test
    void turnsAFailingDelegateIntoAGapTheCallerMerges() {
        Recording cluster = cluster((r, c) -> {
            throw new IllegalStateException("watch stream closed");
        });
        Recording cloud = cloud("cloud", "cluster");
        Calls listener = new Calls();
        DiagnosticReport report = analyze(config("""
                resilience:
                  retry: { maxAttempts: 1 }
                """), listener, cloud, cluster);

        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("cluster");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.reason()).isEqualTo("the provider failed: IllegalStateException: watch stream closed");
        });
        assertThat(timelineText(report)).anyMatch(t -> t.contains("cluster prod: ACTIVE"));
        assertThat(run(report, "cluster").outcome()).isEqualTo(ProviderRun.Outcome.FAILED);
        assertThat(run(report, "cloud").outcome()).isEqualTo(ProviderRun.Outcome.PARTIAL);
        assertThat(listener.calls).containsExactly("started:cloud", "started:cluster", "failed:cluster",
                "finished:cloud");
    }
}
