package dev.deploydiagnostics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionContextTest {
    private static final Instant NOW = Instant.parse("2026-11-25T13:30:00Z");

    /** A context that implements only what a context must, as one written before delegation existed. */
    private static final CollectionContext MINIMAL = new CollectionContext() {
        @Override
        public Instant deadline() {
            return NOW.plusSeconds(30);
        }

        @Override
        public Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Override
        public int logLineLimit() {
            return 100;
        }

        @Override
        public Duration eventLookback() {
            return Duration.ofHours(1);
        }

        @Override
        public Map<String, String> settings() {
            return Map.of();
        }
    };

    @Test
    void delegatingOutsideAnEngineGivesOneGapNamingTheProvider() {
        DiagnosticRequest derived = DiagnosticRequest.builder().platform(Platform.AWS_EKS).cluster("prod")
                .attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER, "https://10.0.0.1").build();

        assertThat(MINIMAL.canDelegate("kubernetes")).isFalse();
        EvidenceBundle bundle = MINIMAL.delegate("kubernetes", derived);

        assertThat(bundle.observationCount()).isZero();
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("kubernetes");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.text()).isEqualTo("could not collect evidence from kubernetes: no provider with id "
                    + "'kubernetes' is available to delegate to");
        });
    }

    @Test
    void delegatingWithoutAnIdOrARequestIsAMistakeSaidAtOnce() {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.KUBERNETES).build();
        assertThatNullPointerException().isThrownBy(() -> MINIMAL.delegate(null, request)).withMessage("providerId");
        assertThatNullPointerException().isThrownBy(() -> MINIMAL.delegate("kubernetes", null))
                .withMessage("derivedRequest");
        assertThatNullPointerException().isThrownBy(() -> MINIMAL.canDelegate(null)).withMessage("providerId");
    }
}
