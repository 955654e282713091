package dev.deploydiagnostics.core.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Remedy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proposes a likely cause when no pattern is sure: the {@link SimilarityModel} weighs the words of the
 * evidence against known failures and, when a failure category is more likely than healthy text, returns a
 * finding with the model's calibrated probability, citing the lines that weighed most. Its findings say that
 * they were found by similarity, not by a pattern, and carry the fact {@code method=similarity}.
 */
@Experimental
public final class SimilarityFallback {
    /** The pattern id prefix of similarity findings: {@code similarity.<category>}. */
    public static final String ID_PREFIX = "similarity.";
    /** Where the built-in model lives on the class path. */
    public static final String BUILT_IN_MODEL = "/dev/deploydiagnostics/core/similarity/model.tsv";
    private static final String REMEDIES = "/dev/deploydiagnostics/core/similarity/remedies.yaml";
    /** When healthy text is at least this likely, the model proposes nothing. */
    static final double HEALTHY_ENOUGH = 0.5;
    /** Words that say something went wrong; a likely cause is only proposed for evidence with such a line. */
    static final java.util.regex.Pattern FAILURE_WORDS = java.util.regex.Pattern.compile(
            "(?i)\\b(?:error|errors?:|fail(?:s|ed|ure|ing)?|fatal|panic|exception|traceback|denied|forbidden|unauthori[sz]ed|"
            + "refused|unable|cannot|can't|could ?not|couldn't|timed? ?out|timeout|deadline|exceeded|killed|oom\\w*|"
            + "invalid|not found|no such|missing|unknown|rejected|unhealthy|back-?off|evicted|insufficient|unreachable|"
            + "not ready|not allowed|not authori[sz]ed|not permitted|conflict|throttl\\w*|too many requests|429|"
            + "exit(?:ed)?(?: with)?(?: code| status)? ?[:=]? ?(?:[1-9]\\d*)|crash\\w*|abort\\w*|expired|"
            + "no space|full|pending|stuck|exhausted|limit|quota|disabled|misconfigur\\w*|incompatible|unsupported|not supported)\\b");
    /** Lines that say their own trouble was harmless: ignored, retried, deprecated, recovered. */
    static final java.util.regex.Pattern NON_FATAL = java.util.regex.Pattern.compile(
            "(?i)\\bignor(?:ed|ing)\\b|\\bwill (?:be )?retr(?:y|ied)\\b|\\bretrying\\b|\\bdeprecat\\w*|\\bwarn(?:ing)?:|"
            + "\\bnon-?fatal\\b|\\bsucceeded\\b|\\brecovered\\b|\\bsuccessfully\\b|\\b0 (?:errors|failures|failed)\\b");
    /** How many lines a similarity finding quotes. */
    static final int QUOTED_LINES = 3;
    /** Items beyond this many are not weighed; the model reads the text in the same bounds. */
    static final int MAX_ITEMS = TextFeatures.MAX_LINES;

    private static volatile SimilarityFallback builtIn;

    private final SimilarityModel model;
    private final Map<Category, List<Remedy>> remedies;

    /** A fallback over the given model. */
    public SimilarityFallback(SimilarityModel model) {
        this.model = model;
        this.remedies = loadRemedies();
    }

    /** The fallback over the model shipped with the library, loaded once. */
    public static SimilarityFallback builtIn() {
        SimilarityFallback f = builtIn;
        if (f == null) {
            synchronized (SimilarityFallback.class) {
                f = builtIn;
                if (f == null) {
                    try (InputStream in = SimilarityFallback.class.getResourceAsStream(BUILT_IN_MODEL)) {
                        if (in == null) {
                            throw new IllegalStateException("the built-in similarity model " + BUILT_IN_MODEL + " is missing");
                        }
                        f = new SimilarityFallback(SimilarityModel.read(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the built-in similarity model cannot be read", e);
                    }
                    builtIn = f;
                }
            }
        }
        return f;
    }

    /** The model in use. */
    public SimilarityModel model() {
        return model;
    }

    /** The likely cause, if the model finds a failure category more likely than healthy text. */
    public Optional<Finding> propose(EvidenceBundle evidence) {
        List<Evidence> items = new ArrayList<>();
        Set<String> features = new LinkedHashSet<>();
        List<Set<String>> perItem = new ArrayList<>();
        for (Evidence e : evidence.items()) {
            if (e instanceof CollectionGap || e instanceof MetricSample) {
                continue;
            }
            if (items.size() >= MAX_ITEMS) {
                break;
            }
            Set<String> f = TextFeatures.ofLine(e.text());
            items.add(e);
            perItem.add(f);
            features.addAll(f);
        }
        boolean[] failing = new boolean[items.size()];
        boolean anyFailing = false;
        for (int i = 0; i < items.size(); i++) {
            String text = items.get(i).text();
            failing[i] = FAILURE_WORDS.matcher(text).find() && !NON_FATAL.matcher(text).find();
            anyFailing |= failing[i];
        }
        // Words alone cannot tell "DiskPressure False" from disk pressure: without one line that says something
        // failed, there is nothing for a likely cause to explain.
        if (!anyFailing) {
            return Optional.empty();
        }
        double[] p = model.probabilities(features);
        int healthy = model.classes().indexOf(SimilarityModel.NO_FAILURE);
        if (healthy >= 0 && p[healthy] >= HEALTHY_ENOUGH) {
            return Optional.empty();
        }
        // The most likely failure category, even when healthy text is a little more likely: the engine asks only
        // when the evidence shows signs of failure, and a weak lead below the threshold is reported as such.
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != healthy && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        String label = model.classes().get(best);
        Optional<Category> category = Category.fromId(label);
        if (category.isEmpty()) {
            return Optional.empty();
        }
        int cls = best;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (failing[i] && model.lineWeight(perItem.get(i), cls) > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -model.lineWeight(perItem.get(i), cls)).thenComparing(i -> i));
        List<Evidence> quoted = new ArrayList<>();
        for (int i : order.subList(0, Math.min(QUOTED_LINES, order.size()))) {
            quoted.add(items.get(i));
        }
        if (quoted.isEmpty()) {
            return Optional.empty();
        }
        quoted.sort(Comparator.comparingInt(items::indexOf));
        Category cat = category.get();
        double confidence = Math.min(0.99, p[best]);
        Finding.Builder b = Finding.builder(ID_PREFIX + cat.id(), cat)
                .title("Likely " + cat.displayName().toLowerCase(Locale.ROOT) + " (found by similarity to known failures)")
                .confidence(confidence)
                .explanation("No failure pattern matched with confidence, but the wording of the evidence is most like "
                        + "known failures of this kind (" + percent(p[best]) + " by the similarity model). The quoted "
                        + "lines weighed most; check them before acting, as this is a likely cause, not a recognised one.")
                .evidence(quoted)
                .fact("method", "similarity")
                .fact("similarity", String.format(Locale.ROOT, "%.2f", p[best]));
        int second = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != best && (second < 0 || p[c] > p[second])) {
                second = c;
            }
        }
        if (second >= 0) {
            b.fact("runnerUp", model.classes().get(second) + " " + String.format(Locale.ROOT, "%.2f", p[second]));
        }
        remedies.getOrDefault(cat, List.of()).forEach(b::remedy);
        return Optional.of(b.build());
    }

    private static String percent(double v) {
        return Math.round(v * 100) + " %";
    }

    private static Map<Category, List<Remedy>> loadRemedies() {
        Map<Category, List<Remedy>> out = new EnumMap<>(Category.class);
        try (InputStream in = SimilarityFallback.class.getResourceAsStream(REMEDIES)) {
            if (in == null) {
                throw new IllegalStateException(REMEDIES + " is missing");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            root.fields().forEachRemaining(e -> {
                Category c = Category.fromId(e.getKey()).orElseThrow(() ->
                        new IllegalStateException(REMEDIES + ": unknown category " + e.getKey()));
                List<Remedy> list = new ArrayList<>();
                for (JsonNode r : e.getValue()) {
                    Remedy.Builder rb = Remedy.builder(r.path("title").asText());
                    r.path("steps").forEach(s -> rb.step(s.asText()));
                    if (r.hasNonNull("documentation")) {
                        rb.documentation(r.get("documentation").asText());
                    }
                    list.add(rb.build());
                }
                out.put(c, List.copyOf(list));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
