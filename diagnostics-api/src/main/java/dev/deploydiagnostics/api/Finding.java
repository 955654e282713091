package dev.deploydiagnostics.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One diagnosed cause: which pattern found it, its category, how confident the engine is, the evidence it
 * rests on, why, and how to fix it.
 *
 * @param patternId   the stable id of the pattern, e.g. {@code k8s.oom-killed}
 * @param category    the root-cause category
 * @param title       a one-line statement of the cause, with the numbers the evidence holds
 * @param confidence  how likely this is the cause, in [0, 1]; calibrated so 0.9 is right nine times in ten
 * @param explanation why the evidence points here, in a few sentences
 * @param evidence    the items it rests on, so a reader can check
 * @param remedies    how to fix it, best first
 * @param facts       values read from the evidence, e.g. {@code memoryLimit=512Mi}, {@code image=...}
 */
@Stable
public record Finding(String patternId, Category category, String title, double confidence, String explanation,
                      List<Evidence> evidence, List<Remedy> remedies, Map<String, String> facts) {

    /** The format pattern ids must have: dotted, kebab-case, at least two parts. */
    public static final Pattern PATTERN_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+");

    /** Validates and copies. */
    public Finding {
        Objects.requireNonNull(patternId, "patternId");
        if (!PATTERN_ID.matcher(patternId).matches()) {
            throw new IllegalArgumentException("pattern id '" + patternId
                    + "' must be dotted kebab-case with at least two parts, e.g. 'k8s.oom-killed'");
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(explanation, "explanation");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("pattern '" + patternId + "' returned confidence " + confidence
                    + "; must be within [0,1]");
        }
        evidence = List.copyOf(evidence);
        remedies = List.copyOf(remedies);
        facts = Map.copyOf(facts);
    }

    /** Starts a builder. */
    public static Builder builder(String patternId, Category category) {
        return new Builder(patternId, category);
    }

    /** A copy with another confidence. */
    public Finding withConfidence(double value) {
        return new Finding(patternId, category, title, value, explanation, evidence, remedies, facts);
    }

    /** Builds a {@link Finding}. */
    public static final class Builder {
        private final String patternId;
        private final Category category;
        private String title = "";
        private double confidence;
        private String explanation = "";
        private final List<Evidence> evidence = new ArrayList<>();
        private final List<Remedy> remedies = new ArrayList<>();
        private final Map<String, String> facts = new LinkedHashMap<>();

        private Builder(String patternId, Category category) {
            this.patternId = patternId;
            this.category = category;
        }

        /** The one-line statement of the cause. */
        public Builder title(String value) { this.title = Objects.requireNonNull(value); return this; }
        /** The confidence in [0,1]. */
        public Builder confidence(double value) { this.confidence = value; return this; }
        /** Why the evidence points here. */
        public Builder explanation(String value) { this.explanation = Objects.requireNonNull(value); return this; }
        /** Cites one item of evidence. */
        public Builder evidence(Evidence value) { evidence.add(Objects.requireNonNull(value)); return this; }
        /** Cites several items of evidence. */
        public Builder evidence(List<? extends Evidence> values) { values.forEach(this::evidence); return this; }
        /** Adds a remedy. */
        public Builder remedy(Remedy value) { remedies.add(Objects.requireNonNull(value)); return this; }
        /** Records a value read from the evidence. */
        public Builder fact(String key, String value) { facts.put(key, value); return this; }

        /** Builds the finding. */
        public Finding build() {
            return new Finding(patternId, category, title, confidence, explanation, evidence, remedies, facts);
        }
    }
}
