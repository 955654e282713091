package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class TestCollectionContextTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aFixedClockKeepsTheWholeTimeoutAndNowStandsStill() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED);

        assertThat(context.clock().instant()).isEqualTo(NOW);
        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(30));
        assertThat(context.remaining()).isEqualTo(Duration.ofSeconds(30));
        assertThat(context.isExpired()).isFalse();
    }

    @Test
    void theDeadlineMovesWithEachNewClock() {
        Clock later = Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC);
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withClock(FIXED).withClock(later);

        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(3600 + 30));
    }

    @Test
    void aTimeoutThatHasAlreadyPassedStaysPassedOnAFixedClock() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(-1)).withClock(FIXED);

        assertThat(context.deadline()).isEqualTo(NOW.minusSeconds(1));
        assertThat(context.isExpired()).isTrue();
        assertThat(context.remaining()).isZero();
    }

    @Test
    void anAbsoluteDeadlineIsReadAgainstTheClock() {
        TestCollectionContext base = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED);

        assertThat(base.withDeadline(NOW.plusMillis(400)).remaining()).isEqualTo(Duration.ofMillis(400));
        assertThat(base.withDeadline(NOW).isExpired()).isTrue();
        assertThat(base.deadline()).as("the original is unchanged").isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void withSettingAddsOneSettingAndReplacesOneOfTheSameKey() {
        TestCollectionContext base = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withSettings(Map.of("region", "eu-west-1"));
        TestCollectionContext context = base.withSetting("maxAttempts", "1").withSetting("region", "us-east-1");

        assertThat(context.settings()).containsOnly(entry("region", "us-east-1"), entry("maxAttempts", "1"));
        assertThat(context.setting("maxAttempts")).contains("1");
        assertThat(base.settings()).containsOnly(entry("region", "eu-west-1"));
    }

    @Test
    void copiesKeepTheClockLimitsAndComponents() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED)
                .withLogLineLimit(3).withComponent(CharSequence.class, "shared")
                .withSetting("maxAttempts", "1").withDeadline(NOW.plusSeconds(5));

        assertThat(context.clock()).isSameAs(FIXED);
        assertThat(context.logLineLimit()).isEqualTo(3);
        assertThat(context.component(CharSequence.class)).contains("shared");
        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(5));
    }

    private static final String API_SERVER = DiagnosticRequest.Attributes.KUBE_API_SERVER;
    private static final DiagnosticRequest REQUEST = DiagnosticRequest.builder().platform(Platform.AWS_EKS)
            .cluster("prod").namespace("shop").service("api").build();

    /** A provider with id {@code kubernetes} that answers requests carrying an API server. */
    private static final class Kubernetes implements DiagnosticProvider {
        final List<DiagnosticRequest> requests = new CopyOnWriteArrayList<>();
        final BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body;

        Kubernetes(BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body) {
            this.body = body;
        }

        @Override
        public String id() {
            return "kubernetes";
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return request.attribute(API_SERVER).isPresent();
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            requests.add(request);
            return body.apply(request, context);
        }
    }

    private static DiagnosticRequest derived() {
        return REQUEST.toBuilder().attribute(API_SERVER, "https://10.0.0.1").build();
    }

    @Test
    void runsTheRegisteredDelegateForTheDerivedRequest() {
        Kubernetes k8s = new Kubernetes((r, c) -> EvidenceBundle.builder().platform(Platform.KUBERNETES)
                .add(Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container",
                        "Pod/api-7d9", Instant.parse("2026-11-25T13:30:00Z")))
                .build());
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(5)).withDelegate(k8s)
                .withSettings(Map.of("region", "eu-west-1"));

        assertThat(context.canDelegate("kubernetes")).isTrue();
        assertThat(context.canDelegate("aws-ecs")).isFalse();
        EvidenceBundle bundle = context.delegate("kubernetes", derived());

        assertThat(bundle.events()).extracting(Event::reason).containsExactly("BackOff");
        assertThat(bundle.platforms()).containsExactly(Platform.KUBERNETES);
        assertThat(k8s.requests).singleElement()
                .satisfies(r -> assertThat(r.attribute(API_SERVER)).contains("https://10.0.0.1"));
    }

    @Test
    void givesAGapForAnUnknownIdAnUnsupportedRequestOrAThrowingDelegate() {
        Kubernetes throwing = new Kubernetes((r, c) -> {
            throw new IllegalStateException("connection refused");
        });
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(5)).withDelegate(throwing);

        assertThat(context.delegate("aws-ecs", derived()).gaps()).singleElement()
                .satisfies(g -> assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED));
        assertThat(context.delegate("kubernetes", REQUEST).gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).contains("does not support");
        });
        assertThat(context.delegate("kubernetes", derived()).gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.reason()).contains("connection refused");
        });
    }

    @Test
    void aDelegateCannotDelegateToItselfAgain() {
        Kubernetes looping = new Kubernetes((r, c) -> {
            assertThat(c.canDelegate("kubernetes")).isFalse();
            return c.delegate("kubernetes", r);
        });
        EvidenceBundle bundle = TestCollectionContext.withTimeout(Duration.ofSeconds(5)).withDelegate(looping)
                .delegate("kubernetes", derived());

        assertThat(looping.requests).hasSize(1);
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).contains("no provider with id 'kubernetes' is available");
        });
    }
}
