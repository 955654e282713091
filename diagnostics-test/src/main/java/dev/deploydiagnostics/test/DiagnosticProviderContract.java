package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Stable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link DiagnosticProvider} keeps: a stable id, an honest {@code supports}, a bundle (never
 * an exception) for a supported request, and respect for the deadline. Extend it with your provider pointed at
 * a local test server.
 */
@Stable
public abstract class DiagnosticProviderContract {

    /** The provider under test, wired to a test server or test data. */
    protected abstract DiagnosticProvider provider();

    /** A request the provider supports and can serve from the test setup. */
    protected abstract DiagnosticRequest supportedRequest();

    /** How long a collection may take in these tests. */
    protected Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Test
    void idIsKebabCase() {
        assertThat(provider().id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    }

    @Test
    void supportsItsRequest() {
        assertThat(provider().supports(supportedRequest())).isTrue();
    }

    @Test
    void supportsDoesNotThrowForAnEmptyRequest() {
        assertThatCode(() -> provider().supports(DiagnosticRequest.builder().build())).doesNotThrowAnyException();
    }

    @Test
    void collectsABundleWithinTheDeadline() {
        Instant before = Instant.now();
        EvidenceBundle bundle = provider().collect(supportedRequest(), TestCollectionContext.withTimeout(timeout()));
        assertThat(bundle).isNotNull();
        assertThat(Duration.between(before, Instant.now())).isLessThanOrEqualTo(timeout().plusSeconds(2));
    }

    @Test
    void doesNotThrowWhenTheDeadlineHasPassed() {
        assertThatCode(() -> {
            EvidenceBundle bundle = provider().collect(supportedRequest(), TestCollectionContext.withTimeout(Duration.ofMillis(1)));
            assertThat(bundle).isNotNull();
        }).doesNotThrowAnyException();
    }

    @Test
    void gapsNameWhatIsMissingAndWhy() {
        EvidenceBundle bundle = provider().collect(supportedRequest(), TestCollectionContext.withTimeout(timeout()));
        assertThat(bundle.gaps()).allSatisfy(g -> {
            assertThat(g.what()).isNotBlank();
            assertThat(g.reason()).isNotBlank();
        });
    }
}
