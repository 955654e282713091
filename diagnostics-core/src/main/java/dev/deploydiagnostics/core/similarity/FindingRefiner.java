package dev.deploydiagnostics.core.similarity;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last step of ranking: maps the built-in patterns' confidences through the fitted
 * {@link ConfidenceCalibration}, then, when no finding reaches the threshold, asks the
 * {@link SimilarityFallback} for a likely cause. A likely cause of a category some pattern already found adds
 * nothing; otherwise it joins the findings at its own confidence.
 */
@Experimental
public final class FindingRefiner {
    private final Optional<SimilarityFallback> fallback;
    private final ConfidenceCalibration calibration;
    private final Set<String> calibratedIds;
    private final double threshold;
    private final double floor;

    /**
     * Creates a refiner.
     *
     * @param fallback      the similarity fallback, or empty to rely on patterns alone
     * @param calibration   the map for the built-in patterns' confidences
     * @param calibratedIds the ids of the patterns the map was fitted for
     * @param threshold     the confidence a finding needs to be the root cause
     * @param floor         likely causes below this are left out
     */
    public FindingRefiner(Optional<SimilarityFallback> fallback, ConfidenceCalibration calibration,
                          Set<String> calibratedIds, double threshold, double floor) {
        this.fallback = fallback;
        this.calibration = calibration;
        this.calibratedIds = Set.copyOf(calibratedIds);
        this.threshold = threshold;
        this.floor = floor;
    }

    /** Patterns alone, confidences as computed. */
    public static FindingRefiner none(double threshold) {
        return new FindingRefiner(Optional.empty(), ConfidenceCalibration.identity(), Set.of(), threshold, 1.0);
    }

    /** Calibrates, and adds a likely cause when nothing is sure. The input is ranked; so is the output. */
    public List<Finding> refine(List<Finding> ranked, EvidenceBundle evidence) {
        List<Finding> out = new ArrayList<>(ranked.size() + 1);
        for (Finding f : ranked) {
            out.add(calibratedIds.contains(f.patternId()) ? f.withConfidence(calibration.apply(f.confidence())) : f);
        }
        // Stable: findings that tie keep the order the pattern engine gave them.
        out.sort(Comparator.comparingDouble(Finding::confidence).reversed());
        if (fallback.isEmpty() || (!out.isEmpty() && out.get(0).confidence() >= threshold)) {
            return out;
        }
        Optional<Finding> likely = fallback.get().propose(evidence);
        if (likely.isEmpty() || likely.get().confidence() < floor) {
            return out;
        }
        Finding guess = likely.get();
        for (Finding f : out) {
            if (f.category() == guess.category()) {
                // A pattern already names this category, with what it knows (negatives, outranking) that words alone
                // do not: its finding stands, at its own confidence.
                return out;
            }
        }
        out.add(guess);
        out.sort(Comparator.comparingDouble(Finding::confidence).reversed());
        return out;
    }
}
