package dev.deploydiagnostics.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores an engine on labelled texts, so anyone can measure the diagnosis on their own incidents: top-1 and
 * top-3 accuracy, per-category recall, the most frequent confusions, how often nothing was found, the expected
 * calibration error of the top confidence, false alarms on healthy texts, and the slowest analyses.
 *
 * <p>Input is JSON Lines, one case per line: {@code text} and {@code label} (a category id, or
 * {@code no-failure} for a healthy text) are required; {@code id}, {@code platform} and
 * {@code secondary_labels} (also accepted in the top three) are optional.
 */
@Experimental
public final class Evaluation {
    /** The label of texts that show no failure. */
    public static final String NO_FAILURE = "no-failure";
    static final int BINS = 10;

    private Evaluation() {
    }

    /** One labelled text. */
    public record LabelledCase(String id, Optional<String> platform, String text, String label, Set<String> secondary) {
        /** Copies. */
        public LabelledCase {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(label, "label");
            secondary = Set.copyOf(secondary);
        }

        /** True for a healthy text. */
        public boolean benign() {
            return label.equals(NO_FAILURE);
        }
    }

    /** What the engine said about one case. */
    public record Outcome(LabelledCase labelled, Verdict verdict, List<Finding> findings, double millis) {
        /** Copies. */
        public Outcome {
            findings = List.copyOf(findings);
        }

        /** The category of the first finding, or {@code (none)}. */
        public String top1() {
            return findings.isEmpty() ? "(none)" : findings.get(0).category().id();
        }

        /** The first finding's confidence, 0 without one. */
        public double confidence() {
            return findings.isEmpty() ? 0 : findings.get(0).confidence();
        }

        /** The first finding names the label. */
        public boolean correct() {
            return top1().equals(labelled.label());
        }

        /** The label or a secondary label is among the first three findings. */
        public boolean inTop3() {
            Set<String> ok = new LinkedHashSet<>(labelled.secondary());
            ok.add(labelled.label());
            return findings.stream().limit(3).anyMatch(f -> ok.contains(f.category().id()));
        }

        /** A root cause was called on a healthy text. */
        public boolean falseAlarm() {
            return labelled.benign() && verdict == Verdict.ROOT_CAUSE_FOUND;
        }
    }

    /**
     * Reads labelled cases.
     *
     * @throws IOException when the file cannot be read or a line is not a valid case; the message names the line
     */
    public static List<LabelledCase> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<LabelledCase> out = new ArrayList<>();
        int no = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            no++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (IOException e) {
                throw new IOException(file + ":" + no + ": not a JSON object", e);
            }
            if (!n.isObject() || !n.path("text").isTextual() || !n.path("label").isTextual()) {
                throw new IOException(file + ":" + no + ": a case needs string fields 'text' and 'label'");
            }
            String label = n.get("label").asText();
            if (!label.equals(NO_FAILURE) && Category.fromId(label).isEmpty()) {
                throw new IOException(file + ":" + no + ": unknown label '" + label + "'; use a category id or " + NO_FAILURE);
            }
            Set<String> secondary = new LinkedHashSet<>();
            n.path("secondary_labels").forEach(s -> secondary.add(s.asText()));
            String id = n.hasNonNull("id") ? n.get("id").asText() : file.getFileName() + ":" + no;
            Optional<String> platform = n.hasNonNull("platform") ? Optional.of(n.get("platform").asText()) : Optional.empty();
            out.add(new LabelledCase(id, platform, n.get("text").asText(), label, secondary));
        }
        return out;
    }

    /**
     * Analyses every case with the engine (offline: the text is the only input). A few cases are analysed once
     * before timing starts, so that class loading and the first compilations are not counted against one case.
     */
    public static Result run(DiagnosticEngine engine, List<LabelledCase> cases) {
        for (LabelledCase c : cases.subList(0, Math.min(WARM_UP, cases.size()))) {
            engine.analyze(request(c));
        }
        List<Outcome> outcomes = new ArrayList<>(cases.size());
        for (LabelledCase c : cases) {
            DiagnosticRequest request = request(c);
            long start = System.nanoTime();
            DiagnosticReport report = engine.analyze(request);
            double ms = (System.nanoTime() - start) / 1e6;
            outcomes.add(new Outcome(c, report.verdict(), report.findings(), ms));
        }
        return new Result(outcomes);
    }

    /** Cases analysed before timing starts. */
    static final int WARM_UP = 20;

    private static DiagnosticRequest request(LabelledCase c) {
        DiagnosticRequest.Builder b = DiagnosticRequest.builder().input(EvidenceInput.ofText(c.id() + ".txt", c.text()));
        c.platform().ifPresent(p -> b.platform(Platform.of(p)));
        return b.build();
    }

    /** The scores of one run. */
    public record Result(List<Outcome> outcomes) {
        /** Copies. */
        public Result {
            outcomes = List.copyOf(outcomes);
        }

        /** The outcomes of failure cases. */
        public List<Outcome> failures() {
            return outcomes.stream().filter(o -> !o.labelled().benign()).toList();
        }

        /** The outcomes of healthy texts. */
        public List<Outcome> benign() {
            return outcomes.stream().filter(o -> o.labelled().benign()).toList();
        }

        private static double share(List<Outcome> of, java.util.function.Predicate<Outcome> p) {
            return of.isEmpty() ? Double.NaN : of.stream().filter(p).count() / (double) of.size();
        }

        /** Share of failures whose first finding names the label. */
        public double top1() {
            return share(failures(), Outcome::correct);
        }

        /** Share of failures with the label (or a secondary label) among the first three findings. */
        public double top3() {
            return share(failures(), Outcome::inTop3);
        }

        /** Share of failures called as root cause (confidence over the threshold) and right. */
        public double rootCauseRight() {
            return share(failures(), o -> o.verdict() == Verdict.ROOT_CAUSE_FOUND && o.correct());
        }

        /** Share of failures with no finding at all. */
        public double noFinding() {
            return share(failures(), o -> o.findings().isEmpty());
        }

        /** Share of healthy texts without a root cause. */
        public double benignQuiet() {
            return share(benign(), o -> !o.falseAlarm());
        }

        /** Per label: {right, cases}. */
        public Map<String, int[]> recall() {
            Map<String, int[]> out = new TreeMap<>();
            for (Outcome o : failures()) {
                int[] r = out.computeIfAbsent(o.labelled().label(), k -> new int[2]);
                r[1]++;
                if (o.correct()) {
                    r[0]++;
                }
            }
            return out;
        }

        /** The most frequent "label -> said instead" pairs among misses, most frequent first. */
        public List<Map.Entry<String, Integer>> confusions() {
            Map<String, Integer> pairs = new TreeMap<>();
            for (Outcome o : failures()) {
                if (!o.correct()) {
                    pairs.merge(o.labelled().label() + " -> " + o.top1(), 1, Integer::sum);
                }
            }
            List<Map.Entry<String, Integer>> list = new ArrayList<>(pairs.entrySet());
            list.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            return list;
        }

        /** Expected calibration error of the first finding's confidence over failures, {@value #BINS} equal bins. */
        public double expectedCalibrationError() {
            List<Outcome> f = failures();
            double[] conf = new double[BINS];
            double[] acc = new double[BINS];
            int[] n = new int[BINS];
            for (Outcome o : f) {
                int bin = Math.min(BINS - 1, (int) Math.floor(o.confidence() * BINS));
                conf[bin] += o.confidence();
                acc[bin] += o.correct() ? 1 : 0;
                n[bin]++;
            }
            double ece = 0;
            for (int i = 0; i < BINS; i++) {
                if (n[i] > 0) {
                    ece += (n[i] / (double) f.size()) * Math.abs(acc[i] / n[i] - conf[i] / n[i]);
                }
            }
            return f.isEmpty() ? Double.NaN : ece;
        }

        /** Per confidence bin of the first finding over failures: {cases, mean confidence, share right}. */
        public double[][] reliability() {
            double[][] bins = new double[BINS][3];
            for (Outcome o : failures()) {
                int bin = Math.min(BINS - 1, (int) Math.floor(o.confidence() * BINS));
                bins[bin][0]++;
                bins[bin][1] += o.confidence();
                bins[bin][2] += o.correct() ? 1 : 0;
            }
            for (double[] b : bins) {
                if (b[0] > 0) {
                    b[1] /= b[0];
                    b[2] /= b[0];
                }
            }
            return bins;
        }

        /** Findings of the first rank that came from the similarity model rather than a pattern. */
        public long bySimilarity() {
            return failures().stream().filter(o -> !o.findings().isEmpty()
                    && o.findings().get(0).facts().getOrDefault("method", "").equals("similarity")).count();
        }

        /** The slowest analysis, or empty without cases. */
        public Optional<Outcome> slowest(boolean oneLineOnly) {
            return outcomes.stream().filter(o -> !oneLineOnly || o.labelled().text().strip().indexOf('\n') < 0)
                    .max(Comparator.comparingDouble(Outcome::millis));
        }

        /** The median analysis time. */
        public double medianMillis() {
            double[] ms = outcomes.stream().mapToDouble(Outcome::millis).sorted().toArray();
            return ms.length == 0 ? Double.NaN : ms[ms.length / 2];
        }

        /** A plain-text summary for a terminal. */
        public String toText() {
            StringBuilder s = new StringBuilder();
            List<Outcome> f = failures();
            s.append(String.format(Locale.ROOT, "%d cases: %d failures, %d healthy texts%n", outcomes.size(), f.size(), benign().size()));
            if (!f.isEmpty()) {
                s.append(String.format(Locale.ROOT, "top-1 %s  top-3 %s  root cause called and right %s  no finding %s  ECE %.3f%n",
                        pct(top1()), pct(top3()), pct(rootCauseRight()), pct(noFinding()), expectedCalibrationError()));
                s.append(String.format(Locale.ROOT, "first finding by similarity on %d failures%n", bySimilarity()));
                s.append("calibration (confidence bin: cases, mean confidence, share right):\n");
                double[][] rel = reliability();
                for (int i = 0; i < BINS; i++) {
                    if (rel[i][0] > 0) {
                        s.append(String.format(Locale.ROOT, "  %.1f-%.1f  %3d  %.2f  %.2f%n", i / (double) BINS, (i + 1) / (double) BINS,
                                (int) rel[i][0], rel[i][1], rel[i][2]));
                    }
                }
                s.append("recall per category:\n");
                recall().forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-34s %3d/%-3d %s%n", k, v[0], v[1], pct(v[0] / (double) v[1]))));
                List<Map.Entry<String, Integer>> conf = confusions();
                if (!conf.isEmpty()) {
                    s.append("confusions:\n");
                    conf.stream().limit(15).forEach(e -> s.append(String.format(Locale.ROOT, "  %3d  %s%n", e.getValue(), e.getKey())));
                }
            }
            if (!benign().isEmpty()) {
                s.append(String.format(Locale.ROOT, "healthy texts quiet: %s (%d false alarms)%n", pct(benignQuiet()),
                        benign().stream().filter(Outcome::falseAlarm).count()));
                benign().stream().filter(Outcome::falseAlarm).forEach(o -> s.append("  false alarm ").append(o.labelled().id())
                        .append(": ").append(o.findings().get(0).patternId()).append('\n'));
            }
            slowest(false).ifPresent(o -> s.append(String.format(Locale.ROOT, "slowest analysis %.1f ms (%s), median %.1f ms%n",
                    o.millis(), o.labelled().id(), medianMillis())));
            slowest(true).ifPresent(o -> s.append(String.format(Locale.ROOT, "slowest one-line analysis %.1f ms (%s)%n", o.millis(), o.labelled().id())));
            return s.toString();
        }

        /** The misses, one per line, for working on the catalog. */
        public String misses() {
            StringBuilder s = new StringBuilder();
            for (Outcome o : failures()) {
                if (!o.correct()) {
                    s.append(String.format(Locale.ROOT, "%-28s expected %-32s got %s%n", o.labelled().id(), o.labelled().label(),
                            o.findings().stream().limit(3).map(x -> x.patternId() + String.format(Locale.ROOT, "=%.2f", x.confidence())).toList()));
                }
            }
            return s.toString();
        }

        /** The figures as a Markdown table block. */
        public String toMarkdown(String title) {
            StringBuilder s = new StringBuilder();
            List<Outcome> f = failures();
            s.append("| ").append(title).append(" | value |\n| --- | --- |\n");
            s.append("| failure cases | ").append(f.size()).append(" |\n");
            if (!f.isEmpty()) {
                s.append("| top-1 | ").append(pct(top1())).append(" |\n");
                s.append("| top-3 | ").append(pct(top3())).append(" |\n");
                s.append("| root cause called and right | ").append(pct(rootCauseRight())).append(" |\n");
                s.append("| no finding at all | ").append(pct(noFinding())).append(" |\n");
                s.append(String.format(Locale.ROOT, "| expected calibration error | %.3f |%n", expectedCalibrationError()));
                s.append("| first finding by similarity | ").append(bySimilarity()).append(" |\n");
                int[] worst = recall().values().stream().min(Comparator.comparingDouble(v -> v[0] / (double) v[1])).orElse(new int[] {0, 1});
                s.append("| lowest category recall | ").append(pct(worst[0] / (double) worst[1])).append(" |\n");
            }
            if (!benign().isEmpty()) {
                s.append("| healthy texts | ").append(benign().size()).append(" |\n");
                s.append("| healthy texts quiet | ").append(pct(benignQuiet())).append(" |\n");
            }
            slowest(true).ifPresent(o -> s.append(String.format(Locale.ROOT, "| slowest one-line analysis | %.1f ms |%n", o.millis())));
            return s.toString();
        }

        /** The figures as JSON. */
        public String toJson() {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("cases", outcomes.size());
            root.put("failures", failures().size());
            root.put("benign", benign().size());
            if (!failures().isEmpty()) {
                root.put("top1", top1());
                root.put("top3", top3());
                root.put("rootCauseRight", rootCauseRight());
                root.put("noFinding", noFinding());
                root.put("expectedCalibrationError", expectedCalibrationError());
                root.put("firstFindingBySimilarity", bySimilarity());
                ObjectNode recall = root.putObject("recall");
                recall().forEach((k, v) -> recall.putObject(k).put("right", v[0]).put("cases", v[1]));
                ArrayNode conf = root.putArray("confusions");
                confusions().forEach(e -> conf.addObject().put("pair", e.getKey()).put("count", e.getValue()));
            }
            if (!benign().isEmpty()) {
                root.put("benignQuiet", benignQuiet());
                ArrayNode alarms = root.putArray("falseAlarms");
                benign().stream().filter(Outcome::falseAlarm).forEach(o -> alarms.addObject().put("id", o.labelled().id())
                        .put("pattern", o.findings().get(0).patternId()));
            }
            slowest(true).ifPresent(o -> root.put("slowestOneLineMillis", o.millis()));
            slowest(false).ifPresent(o -> root.put("slowestMillis", o.millis()));
            try {
                return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static String pct(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
        }

        /** Outcomes grouped by a key, e.g. the platform. */
        public Map<String, Result> by(java.util.function.Function<Outcome, String> key) {
            Map<String, List<Outcome>> groups = new LinkedHashMap<>();
            for (Outcome o : outcomes) {
                groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
            }
            Map<String, Result> out = new TreeMap<>();
            groups.forEach((k, v) -> out.put(k, new Result(v)));
            return out;
        }
    }
}
