package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pattern made of weighted indicators, as declared in a YAML catalog.
 *
 * <p>Confidence combines the weights of the indicators that matched as a noisy-OR,
 * {@code 1 - (1 - w1)(1 - w2)...}: independent signals reinforce each other, one weak signal stays weak,
 * and the result never exceeds 1. Each matched negative indicator then multiplies it by {@code (1 - w)}.
 * The pattern fires only if at least one anchor indicator matched.
 */
public final class DeclarativePattern implements FailurePattern {

    private final String id;
    private final Category category;
    private final String title;
    private final String description;
    private final String explanation;
    private final Set<Platform> platforms;
    private final List<Indicator> indicators;
    private final List<Indicator> negatives;
    private final List<Boolean> negativeSameLine;
    private final List<RemedyTemplate> remedies;
    private final Set<String> outranks;
    private final String origin;

    /**
     * Creates a pattern; {@link CatalogLoader} validates catalog input before calling this.
     *
     * @param origin where it was declared, for messages, e.g. {@code builtin:kubernetes.yaml}
     */
    public DeclarativePattern(String id, Category category, String title, String description, String explanation,
                              Set<Platform> platforms, List<Indicator> indicators, List<Indicator> negatives,
                              List<RemedyTemplate> remedies, Set<String> outranks, String origin) {
        this(id, category, title, description, explanation, platforms, indicators, negatives,
                java.util.Collections.nCopies(negatives.size(), false), remedies, outranks, origin);
    }

    /**
     * Creates a pattern whose negatives may be limited to the lines its anchors matched.
     *
     * @param negativeSameLine for each negative: true when it cancels only if it matches every item the pattern's
     *                         anchor indicators matched ("Rate exceeded, retrying" quiets that line, not a later
     *                         throttling failure)
     */
    public DeclarativePattern(String id, Category category, String title, String description, String explanation,
                              Set<Platform> platforms, List<Indicator> indicators, List<Indicator> negatives,
                              List<Boolean> negativeSameLine, List<RemedyTemplate> remedies, Set<String> outranks,
                              String origin) {
        if (negativeSameLine.size() != negatives.size()) {
            throw new IllegalArgumentException("one same-line flag per negative");
        }
        for (int i = 0; i < negatives.size(); i++) {
            if (negativeSameLine.get(i) && !(negatives.get(i) instanceof Indicator.Text)) {
                throw new IllegalArgumentException("pattern '" + id + "': only text and log negatives can be same-line");
            }
        }
        this.negativeSameLine = List.copyOf(negativeSameLine);
        this.id = Objects.requireNonNull(id, "id");
        this.category = Objects.requireNonNull(category, "category");
        this.title = Objects.requireNonNull(title, "title");
        this.description = Objects.requireNonNull(description, "description");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.platforms = Set.copyOf(platforms);
        this.indicators = List.copyOf(indicators);
        this.negatives = List.copyOf(negatives);
        this.remedies = List.copyOf(remedies);
        this.outranks = Set.copyOf(outranks);
        this.origin = Objects.requireNonNull(origin, "origin");
        if (this.indicators.stream().noneMatch(Indicator::anchor)) {
            throw new IllegalArgumentException("pattern '" + id + "' needs at least one anchor indicator");
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Category category() {
        return category;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<Platform> platforms() {
        return platforms;
    }

    @Override
    public Set<String> outranks() {
        return outranks;
    }

    @Override
    public List<String> signals() {
        List<String> s = new ArrayList<>();
        for (Indicator i : indicators) {
            s.add(i.describe() + " (" + weightText(i) + ")");
        }
        for (int n = 0; n < negatives.size(); n++) {
            Indicator i = negatives.get(n);
            s.add("not " + i.describe() + (negativeSameLine.get(n) ? " on the same line" : "") + " (-" + i.weight() + ")");
        }
        return s;
    }

    @Override
    public String remedyTitle() {
        return remedies.isEmpty() ? "" : remedies.get(0).title();
    }

    /** Where the pattern was declared. */
    public String origin() {
        return origin;
    }

    /** The indicators, for the fast log path and listings. */
    public List<Indicator> indicators() {
        return indicators;
    }

    /** The negative indicators. */
    public List<Indicator> negatives() {
        return negatives;
    }

    /** The remedy templates. */
    public List<RemedyTemplate> remedyTemplates() {
        return remedies;
    }

    /** The title template. */
    public String titleTemplate() {
        return title;
    }

    @Override
    public List<Finding> match(EvidenceBundle evidence, MatchContext context) {
        if (!appliesTo(context.platform())) {
            return List.of();
        }
        double miss = 1.0;
        boolean anchored = false;
        LinkedHashSet<Evidence> cited = new LinkedHashSet<>();
        LinkedHashSet<Evidence> anchorItems = new LinkedHashSet<>();
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> matchedSignals = new ArrayList<>();
        for (Indicator indicator : indicators) {
            Optional<Indicator.Match> m = indicator.match(evidence);
            if (m.isEmpty()) {
                continue;
            }
            anchored |= indicator.anchor();
            miss *= 1.0 - indicator.weight();
            cited.addAll(m.get().items());
            if (indicator.anchor()) {
                anchorItems.addAll(m.get().items());
            }
            m.get().facts().forEach(facts::putIfAbsent);
            matchedSignals.add(indicator.describe());
        }
        if (!anchored) {
            return List.of();
        }
        double confidence = 1.0 - miss;
        for (int n = 0; n < negatives.size(); n++) {
            Indicator negative = negatives.get(n);
            boolean applies = negativeSameLine.get(n)
                    ? anchorItems.stream().allMatch(e -> ((Indicator.Text) negative).regex().find(MatchText.of(e.text())))
                    : negative.match(evidence).isPresent();
            if (applies) {
                confidence *= 1.0 - negative.weight();
            }
        }
        List<Evidence> citedList = new ArrayList<>(cited);
        Facts.from(citedList, context.request()).forEach(facts::putIfAbsent);
        Finding.Builder b = Finding.builder(id, category)
                .title(Template.render(title, facts))
                .confidence(Math.max(0.0, Math.min(1.0, confidence)))
                .explanation(Template.render(explanation, facts))
                .evidence(citedList);
        for (RemedyTemplate r : remedies) {
            b.remedy(r.render(facts));
        }
        facts.forEach(b::fact);
        return List.of(b.build());
    }

    private boolean appliesTo(Optional<Platform> platform) {
        return platforms.isEmpty() || platform.isEmpty() || platforms.contains(platform.get());
    }

    private static String weightText(Indicator i) {
        return (i.anchor() ? "" : "supporting, ") + i.weight();
    }

    @Override
    public String toString() {
        return "DeclarativePattern[" + id + " from " + origin + "]";
    }
}
