package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.MatchContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs every pattern over the evidence and ranks what they find.
 *
 * <p>Each pattern is isolated: one that throws, or returns an invalid finding, is skipped and reported to the
 * listener; the others still run. Ranking puts the most confident finding first, then applies each pattern's
 * {@code outranks}: a symptom (a probe failing, a back-off) is capped below the cause that explains it when
 * both are present.
 */
public final class PatternEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PatternEngine.class);
    /** How far a symptom's confidence is held below the cause that outranks it. */
    static final double SYMPTOM_FACTOR = 0.8;

    private final List<FailurePattern> patterns;
    private final MatchIndex.Plan plan;
    private final double reportFloor;
    private final int maxFindings;

    /**
     * Creates an engine.
     *
     * @param patterns    the patterns, already filtered for muted ids
     * @param reportFloor findings below this confidence are left out
     * @param maxFindings the most findings a report lists
     */
    public PatternEngine(List<FailurePattern> patterns, double reportFloor, int maxFindings) {
        this.patterns = List.copyOf(patterns);
        List<SafeRegex> expressions = new ArrayList<>();
        for (FailurePattern p : this.patterns) {
            if (p instanceof DeclarativePattern d) {
                for (Indicator i : d.indicators()) {
                    if (i instanceof Indicator.Text t) {
                        expressions.add(t.regex());
                    }
                }
                for (Indicator i : d.negatives()) {
                    if (i instanceof Indicator.Text t) {
                        expressions.add(t.regex());
                    }
                }
            }
        }
        this.plan = new MatchIndex.Plan(expressions);
        this.reportFloor = reportFloor;
        this.maxFindings = maxFindings;
    }

    /** The patterns in use. */
    public List<FailurePattern> patterns() {
        return patterns;
    }

    /** Finds and ranks. */
    public List<Finding> analyze(EvidenceBundle evidence, MatchContext context, DiagnosticListener listener) {
        List<Finding> found = new ArrayList<>();
        Map<String, FailurePattern> byId = new HashMap<>();
        MatchIndex index = plan.index(evidence);
        List<List<Finding>> results = new ArrayList<>(java.util.Collections.nCopies(patterns.size(), null));
        List<String> failures = new ArrayList<>(java.util.Collections.nCopies(patterns.size(), null));
        try (AutoCloseable active = index.activate(evidence)) {
            java.util.stream.IntStream range = java.util.stream.IntStream.range(0, patterns.size());
            if (evidence.size() >= MatchIndex.PARALLEL_THRESHOLD) {
                range = range.parallel();
            }
            range.forEach(i -> {
                try {
                    results.set(i, patterns.get(i).match(evidence, context));
                } catch (RuntimeException | StackOverflowError e) {
                    failures.set(i, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < patterns.size(); i++) {
            FailurePattern pattern = patterns.get(i);
            byId.put(pattern.id(), pattern);
            if (failures.get(i) != null) {
                report(listener, pattern.id(), failures.get(i));
                continue;
            }
            List<Finding> result = results.get(i);
            if (result == null) {
                report(listener, pattern.id(), "returned null instead of a list");
                continue;
            }
            for (Finding f : result) {
                String problem = validate(pattern, f);
                if (problem != null) {
                    report(listener, pattern.id(), problem);
                } else if (f.confidence() >= reportFloor) {
                    found.add(f);
                }
            }
        }
        if (context.platform().isEmpty()) {
            return rank(discountPlatformSpecific(found, byId), withoutPlatformSpecificOutranks(byId));
        }
        return rank(found, byId);
    }

    /**
     * How much a platform-specific pattern's confidence shrinks when neither the request nor the evidence says
     * which platform this is: "Cannot find module" is a Lambda import error only on Lambda.
     */
    static final double UNKNOWN_PLATFORM_FACTOR = 0.7;

    private static List<Finding> discountPlatformSpecific(List<Finding> found, Map<String, FailurePattern> byId) {
        List<Finding> out = new ArrayList<>(found.size());
        for (Finding f : found) {
            FailurePattern p = byId.get(f.patternId());
            out.add(p != null && !p.platforms().isEmpty() ? f.withConfidence(f.confidence() * UNKNOWN_PLATFORM_FACTOR) : f);
        }
        return out;
    }

    /** Without a known platform, a platform-specific cause may not push down the generic findings. */
    private static Map<String, FailurePattern> withoutPlatformSpecificOutranks(Map<String, FailurePattern> byId) {
        Map<String, FailurePattern> out = new HashMap<>();
        byId.forEach((id, p) -> {
            if (p.platforms().isEmpty()) {
                out.put(id, p);
            }
        });
        return out;
    }

    /** Orders findings: confidence first, causes above the symptoms they explain. */
    static List<Finding> rank(List<Finding> findings, Map<String, FailurePattern> byId) {
        Map<String, Finding> adjusted = new LinkedHashMap<>();
        for (Finding f : findings) {
            adjusted.merge(f.patternId(), f, (a, b) -> a.confidence() >= b.confidence() ? a : b);
        }
        // A few passes settle chains (cause -> symptom -> symptom of symptom) without a graph library.
        for (int pass = 0; pass < 3; pass++) {
            for (Finding cause : List.copyOf(adjusted.values())) {
                FailurePattern p = byId.get(cause.patternId());
                Set<String> outranked = p == null ? Set.of() : p.outranks();
                for (String symptomId : outranked) {
                    Finding symptom = adjusted.get(symptomId);
                    if (symptom != null && symptom.confidence() > cause.confidence() * SYMPTOM_FACTOR) {
                        adjusted.put(symptomId, symptom.withConfidence(cause.confidence() * SYMPTOM_FACTOR));
                    }
                }
            }
        }
        List<Finding> ranked = new ArrayList<>(adjusted.values());
        ranked.sort(Comparator.comparingDouble(Finding::confidence).reversed()
                .thenComparing(f -> f.evidence().size(), Comparator.reverseOrder())
                .thenComparing(Finding::patternId));
        return ranked;
    }

    /** Ranks and trims to the configured number. */
    List<Finding> trim(List<Finding> ranked) {
        return ranked.size() <= maxFindings ? ranked : ranked.subList(0, maxFindings);
    }

    private static String validate(FailurePattern pattern, Finding f) {
        if (f == null) {
            return "returned a null finding";
        }
        if (!Objects.equals(f.patternId(), pattern.id())) {
            return "returned a finding with pattern id '" + f.patternId() + "'; must be its own id '" + pattern.id() + "'";
        }
        if (f.evidence().isEmpty()) {
            return "returned a finding that cites no evidence; every finding must cite what it rests on";
        }
        if (f.title().isBlank()) {
            return "returned a finding without a title";
        }
        return null;
    }

    private static void report(DiagnosticListener listener, String patternId, String problem) {
        LOG.warn("pattern '{}' {}; skipped", patternId, problem);
        try {
            listener.patternFailed(patternId, problem);
        } catch (RuntimeException e) {
            LOG.debug("listener failed on patternFailed", e);
        }
    }

    /** The most findings a report lists. */
    public int maxFindings() {
        return maxFindings;
    }
}
