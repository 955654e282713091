package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Stable;
import dev.deploydiagnostics.api.Termination;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link FailurePattern} keeps. Extend it, return your pattern and evidence it should
 * recognise, and JUnit runs the checks:
 *
 * <pre>{@code
 * class MyPatternTest extends FailurePatternContract {
 *     protected FailurePattern pattern() { return new MyPattern(); }
 *     protected List<EvidenceBundle> positiveSamples() {
 *         return List.of(EvidenceBundle.of(List.of(LogLine.of("app", "FATAL: quota exhausted"))));
 *     }
 * }
 * }</pre>
 */
@Stable
public abstract class FailurePatternContract {

    /** The pattern under test. */
    protected abstract FailurePattern pattern();

    /** Evidence the pattern must recognise; each sample must produce a finding. */
    protected abstract List<EvidenceBundle> positiveSamples();

    /** The context patterns are matched in; override to set a platform. */
    protected MatchContext context() {
        return new MatchContext(DiagnosticRequest.builder().build(), Optional.empty(), Instant.parse("2024-01-01T00:00:00Z"));
    }

    /**
     * Runs every check of the contract on one pattern outside a subclass, e.g. for each pattern of a catalog in
     * a {@code @TestFactory}. Checks that need a positive sample run on each given sample.
     *
     * @param samples evidence the pattern must recognise; may be empty
     */
    public static void verify(FailurePattern pattern, MatchContext context, List<EvidenceBundle> samples) {
        FailurePatternContract c = new FailurePatternContract() {
            @Override
            protected FailurePattern pattern() {
                return pattern;
            }

            @Override
            protected List<EvidenceBundle> positiveSamples() {
                return samples;
            }

            @Override
            protected MatchContext context() {
                return context;
            }
        };
        c.idIsStableDottedKebabCase();
        c.declaresCategory();
        c.findsNothingInEmptyEvidence();
        c.doesNotThrowOnHugeEvidence();
        c.doesNotThrowOnMalformedEvidence();
        if (!samples.isEmpty()) {
            c.recognisesItsPositiveSamples();
        }
        c.confidenceIsWithinZeroAndOne();
        c.isDeterministic();
        c.everyFindingCitesEvidenceItWasGiven();
    }

    /** Huge evidence, built once: 20,000 ordinary lines, a 1 MB line and a long run that tempts backtracking. */
    private static final EvidenceBundle HUGE = huge();

    private static EvidenceBundle huge() {
        EvidenceBundle.Builder b = EvidenceBundle.builder();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            b.add(LogLine.of("huge", "line " + i + " " + Long.toHexString(random.nextLong()) + " GET /api/v1/items 200 12ms"));
        }
        b.add(LogLine.of("huge", "x".repeat(1_000_000)));
        b.add(LogLine.of("huge", "a".repeat(50_000) + "!"));
        return b.build();
    }

    @Test
    void idIsStableDottedKebabCase() {
        assertThat(pattern().id()).matches(Finding.PATTERN_ID);
    }

    @Test
    void declaresCategory() {
        assertThat(pattern().category()).isNotNull();
    }

    @Test
    void findsNothingInEmptyEvidence() {
        assertThat(pattern().match(EvidenceBundle.empty(), context())).isEmpty();
    }

    @Test
    void doesNotThrowOnHugeEvidence() {
        assertThatCode(() -> pattern().match(HUGE, context())).doesNotThrowAnyException();
    }

    @Test
    void doesNotThrowOnMalformedEvidence() {
        List<Evidence> odd = new ArrayList<>();
        odd.add(LogLine.of("", ""));
        odd.add(LogLine.of("odd", "\u0000\u0001\u001b[31m\ud83d\ude00 \uFFFF ( [ { \\ $ ^ *"));
        odd.add(new Event(Optional.empty(), Optional.empty(), "", "", "", "", "", 0, Map.of()));
        odd.add(ResourceState.builder("", "").build());
        odd.add(ResourceState.builder("container", "c").status("Terminated").exitCode(-1)
                .lastTermination(new Termination("", Optional.of(Integer.MIN_VALUE), Optional.empty(), Optional.empty(), Optional.empty()))
                .build());
        odd.add(new MetricSample(Instant.EPOCH, "", "", Double.MAX_VALUE, "", Map.of()));
        odd.add(CollectionGap.of("p", "", "", CollectionGap.Kind.ERROR));
        odd.add(new LogLine(Optional.of(Instant.MAX), "odd", "ERROR", Severity.CRITICAL, Long.MAX_VALUE, Map.of("", "")));
        assertThatCode(() -> pattern().match(EvidenceBundle.of(odd), context())).doesNotThrowAnyException();
    }

    @Test
    void recognisesItsPositiveSamples() {
        assertThat(positiveSamples()).as("give at least one positive sample").isNotEmpty();
        for (EvidenceBundle sample : positiveSamples()) {
            List<Finding> findings = pattern().match(sample, context());
            assertThat(findings).as("findings for %s", sample).isNotEmpty();
            assertThat(findings).allSatisfy(f -> {
                assertThat(f.patternId()).isEqualTo(pattern().id());
                assertThat(f.category()).isEqualTo(pattern().category());
            });
        }
    }

    @Test
    void confidenceIsWithinZeroAndOne() {
        for (EvidenceBundle sample : positiveSamples()) {
            assertThat(pattern().match(sample, context()))
                    .allSatisfy(f -> assertThat(f.confidence()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void isDeterministic() {
        for (EvidenceBundle sample : positiveSamples()) {
            assertThat(pattern().match(sample, context())).isEqualTo(pattern().match(sample, context()));
        }
    }

    @Test
    void everyFindingCitesEvidenceItWasGiven() {
        for (EvidenceBundle sample : positiveSamples()) {
            Set<Evidence> given = Collections.newSetFromMap(new IdentityHashMap<>());
            given.addAll(sample.items());
            for (Finding f : pattern().match(sample, context())) {
                assertThat(f.evidence()).as("evidence cited by %s", f.patternId()).isNotEmpty();
                assertThat(f.evidence()).allSatisfy(e -> assertThat(given.contains(e) || sample.items().contains(e))
                        .as("cited evidence %s must come from the input", e).isTrue());
                assertThat(f.title()).isNotBlank();
                assertThat(f.remedies()).as("remedies of %s", f.patternId()).isNotEmpty();
            }
        }
    }
}
