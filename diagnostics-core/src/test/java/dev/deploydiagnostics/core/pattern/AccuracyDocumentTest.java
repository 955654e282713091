package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.core.eval.Evaluation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes {@code docs/accuracy.md} from a fresh measurement when run with {@code -Daccuracy.write=true}
 * ({@code bin/accuracy}); skipped otherwise, as the figures it writes are checked by the other corpus tests.
 */
class AccuracyDocumentTest {
    private static final Path DOC = Path.of("..", "docs", "accuracy.md");

    @Test
    void writeTheAccuracyDocument() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("accuracy.write"), "run with -Daccuracy.write=true to rewrite docs/accuracy.md");
        Evaluation.Result locked;
        Evaluation.Result working;
        Evaluation.Result shared = null;
        Map<String, int[]> vocabulary;
        int vocabularyLines;
        try (DiagnosticEngine engine = CorpusAccuracyTest.engine()) {
            locked = ProjectCorpusAccuracyTest.measure(engine, "locked", "benign-locked");
            working = ProjectCorpusAccuracyTest.measure(engine, "working", "benign-working");
            if (CorpusAccuracyTest.sharedCorpusDir().isPresent()) {
                List<Evaluation.LabelledCase> cases = new ArrayList<>();
                for (CorpusAccuracyTest.Case c : CorpusAccuracyTest.readCases(CorpusAccuracyTest.sharedCorpusDir().get())) {
                    cases.add(new Evaluation.LabelledCase(c.id(), java.util.Optional.of(c.platform()), c.text(), c.label(), c.secondary()));
                }
                shared = Evaluation.run(engine, cases);
            }
        }
        Evaluation.Result cv = ProjectCorpusAccuracyTest.crossValidated();
        List<VocabularyCoverageTest.Entry> entries = VocabularyCoverageTest.entries();
        vocabularyLines = entries.size();
        try (DiagnosticEngine patterns = VocabularyCoverageTest.patternsOnly()) {
            vocabulary = VocabularyCoverageTest.coverage(patterns, entries, null);
        }

        StringBuilder d = new StringBuilder();
        d.append("# Diagnosis accuracy\n\n");
        d.append("Measured on ").append(LocalDate.now(ZoneOffset.UTC)).append(" by `bin/accuracy`, which rewrites this page. ")
                .append("The corpus is described in [corpus/README.md](../corpus/README.md); the locked set is only ever measured.\n\n");
        d.append("**Top-1**: the first finding names the labelled category (whatever its confidence). **Top-3**: the label or a ")
                .append("secondary label is among the first three. **Root cause called and right**: the first finding also reached the ")
                .append("confidence threshold. **Expected calibration error**: the mean gap, over ten bins of the first finding's ")
                .append("confidence, between confidence and how often it was right. **Healthy texts quiet**: no root cause on a text ")
                .append("that shows no failure. Timings are of one analysis of pasted text after warm-up, on the build machine.\n\n");
        d.append("## Figures\n\n");
        d.append(table(List.of("locked set", "working set, model cross-validated", "working set (seen in training)"),
                List.of(locked, cv, working), shared));
        d.append("\nThe working set is what patterns and the similarity model were written and trained with; ")
                .append("its in-sample figure flatters, the cross-validated one (each fifth measured with a model trained without it) ")
                .append("less so. The locked set is the honest figure. The confidence calibration is fitted on neither: it maps ")
                .append("a pattern's raw confidence to how often patterns were right on working cases measured when they ")
                .append("entered the corpus, before any pattern was written from them (`corpus/fresh-outcomes.tsv`), so ")
                .append("confidences are honest on new texts and modest on the texts the catalog was written from.\n\n");

        d.append("## Locked set by platform\n\n| platform | cases | top-1 | top-3 | no finding |\n| --- | --- | --- | --- | --- |\n");
        Evaluation.Result lockedFailures = new Evaluation.Result(locked.failures());
        lockedFailures.by(o -> o.labelled().platform().orElse("?")).forEach((k, r) -> d.append(String.format(Locale.ROOT,
                "| %s | %d | %s | %s | %s |%n", k, r.failures().size(), pct(r.top1()), pct(r.top3()), pct(r.noFinding()))));

        d.append("\n## Locked set recall per category\n\n| category | right / cases | recall |\n| --- | --- | --- |\n");
        locked.recall().forEach((k, v) -> d.append(String.format(Locale.ROOT, "| %s | %d / %d | %s |%n", k, v[0], v[1],
                pct(v[0] / (double) v[1]))));
        List<Map.Entry<String, Integer>> confusions = locked.confusions();
        if (!confusions.isEmpty()) {
            d.append("\nMost frequent confusions on the locked set (label -> first finding):\n\n");
            confusions.stream().limit(10).forEach(e -> d.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }

        d.append("\n## Corpus\n\n");
        d.append(corpusTable()).append('\n');

        d.append("## Platform vocabularies\n\n");
        d.append("Each line of `diagnostics-core/src/test/resources/vocabulary/` alone, as one line and in its surroundings ")
                .append("(patterns only, without the similarity model, which is trained on these lines):\n\n");
        d.append("| file | lines landing in their category | coverage |\n| --- | --- | --- |\n");
        vocabulary.forEach((k, v) -> d.append(String.format(Locale.ROOT, "| %s | %d / %d | %s |%n", k, v[0], v[1],
                pct(v[0] / (double) v[1]))));
        d.append(String.format(Locale.ROOT, "%n%d lines in all.%n%n", vocabularyLines));

        d.append("## Speed\n\n");
        List<Evaluation.Outcome> all = new ArrayList<>(locked.outcomes());
        all.addAll(working.outcomes());
        Evaluation.Result both = new Evaluation.Result(all);
        both.slowest(true).ifPresent(o -> d.append(String.format(Locale.ROOT, "- slowest analysis of a one-line paste: %.1f ms%n", o.millis())));
        both.slowest(false).ifPresent(o -> d.append(String.format(Locale.ROOT, "- slowest analysis of any corpus text: %.1f ms%n", o.millis())));
        d.append(String.format(Locale.ROOT, "- median analysis: %.1f ms%n", both.medianMillis()));
        d.append("\nThese are single timings on a shared build machine, where a collection pause can land on any case; ")
                .append("`PasteBenchmark` in `benchmarks/` measures one analysis of a one-line paste and of a 60-line paste with ")
                .append("the similarity fallback on and off.\n");
        d.append("\n## Measure your own\n\n```sh\ndiagnose --evaluate my-incidents.jsonl            # text\n")
                .append("diagnose --evaluate my-incidents.jsonl --format json\n")
                .append("diagnose --train my-incidents.jsonl --train corpus/working.jsonl --model-out my-model.tsv\n")
                .append("diagnose --model my-model.tsv --input pasted.txt\n```\n\n")
                .append("One JSON object per line with `text` and `label` (a category id or `no-failure`); `id`, `platform` and ")
                .append("`secondary_labels` are optional.\n");
        Files.writeString(DOC, d.toString(), StandardCharsets.UTF_8);
        System.out.println(d);
    }

    private static String table(List<String> names, List<Evaluation.Result> results, Evaluation.Result shared) {
        List<String> cols = new ArrayList<>(names);
        List<Evaluation.Result> rs = new ArrayList<>(results);
        if (shared != null) {
            cols.add("shared corpus");
            rs.add(shared);
        }
        StringBuilder s = new StringBuilder("| figure |");
        cols.forEach(c -> s.append(' ').append(c).append(" |"));
        s.append("\n| --- |");
        cols.forEach(c -> s.append(" --- |"));
        s.append('\n');
        row(s, "failure cases", rs, r -> String.valueOf(r.failures().size()));
        row(s, "top-1", rs, r -> pct(r.top1()));
        row(s, "top-3", rs, r -> pct(r.top3()));
        row(s, "root cause called and right", rs, r -> pct(r.rootCauseRight()));
        row(s, "no finding at all", rs, r -> pct(r.noFinding()));
        row(s, "expected calibration error", rs, r -> String.format(Locale.ROOT, "%.3f", r.expectedCalibrationError()));
        row(s, "lowest category recall", rs, r -> r.recall().entrySet().stream()
                .min(java.util.Comparator.comparingDouble(e -> e.getValue()[0] / (double) e.getValue()[1]))
                .map(e -> pct(e.getValue()[0] / (double) e.getValue()[1]) + " (" + e.getKey() + ")").orElse("-"));
        row(s, "first finding by similarity", rs, r -> String.valueOf(r.bySimilarity()));
        row(s, "healthy texts", rs, r -> String.valueOf(r.benign().size()));
        row(s, "healthy texts quiet", rs, r -> r.benign().isEmpty() ? "-" : pct(r.benignQuiet()));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, List<Evaluation.Result> rs,
                            java.util.function.Function<Evaluation.Result, String> f) {
        s.append("| ").append(name).append(" |");
        rs.forEach(r -> s.append(' ').append(f.apply(r)).append(" |"));
        s.append('\n');
    }

    private static String corpusTable() throws IOException {
        Map<String, Map<String, Integer>> byPlatform = new TreeMap<>();
        Map<String, Map<String, Integer>> byCategory = new TreeMap<>();
        List<String> files = List.of("working", "locked", "benign-working", "benign-locked");
        for (String f : files) {
            for (Evaluation.LabelledCase c : Evaluation.read(CorpusAccuracyTest.projectCorpusDir().resolve(f + ".jsonl"))) {
                byPlatform.computeIfAbsent(c.platform().orElse("?"), k -> new TreeMap<>()).merge(f, 1, Integer::sum);
                if (!c.benign()) {
                    byCategory.computeIfAbsent(c.label(), k -> new TreeMap<>()).merge(f, 1, Integer::sum);
                }
            }
        }
        StringBuilder s = new StringBuilder("| platform | working | locked | healthy (working) | healthy (locked) |\n| --- | --- | --- | --- | --- |\n");
        int[] total = new int[4];
        byPlatform.forEach((p, m) -> {
            s.append("| ").append(p);
            for (int i = 0; i < files.size(); i++) {
                int n = m.getOrDefault(files.get(i), 0);
                total[i] += n;
                s.append(" | ").append(n);
            }
            s.append(" |\n");
        });
        s.append("| **all** | ").append(total[0]).append(" | ").append(total[1]).append(" | ").append(total[2]).append(" | ")
                .append(total[3]).append(" |\n\n| category | working | locked |\n| --- | --- | --- |\n");
        for (String c : new TreeSet<>(byCategory.keySet())) {
            Map<String, Integer> m = byCategory.get(c);
            s.append("| ").append(c).append(" | ").append(m.getOrDefault("working", 0)).append(" | ")
                    .append(m.getOrDefault("locked", 0)).append(" |\n");
        }
        return s.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}
