package dev.deploydiagnostics.core.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the built-in catalog on the shared corpus of real failure texts, when a copy sits beside the project:
 * top-1 and top-3 accuracy, per-category recall and calibration; fails when top-1 accuracy drops below 96%.
 */
class CorpusAccuracyTest {
    private static final double REQUIRED_TOP1 = 0.96;

    record Case(String id, String platform, String text, String label, Set<String> secondary) {
    }

    record Outcome(Case c, List<Finding> findings) {
        String top1() {
            return findings.isEmpty() ? "(none)" : findings.get(0).category().id();
        }

        double confidence() {
            return findings.isEmpty() ? 0.0 : findings.get(0).confidence();
        }

        boolean correct() {
            return top1().equals(c.label());
        }

        boolean inTop3() {
            Set<String> ok = new HashSet<>(c.secondary());
            ok.add(c.label());
            return findings.stream().limit(3).anyMatch(f -> ok.contains(f.category().id()));
        }
    }

    /** The shared corpus beside the project, when there is one. */
    static java.util.Optional<Path> sharedCorpusDir() {
        String prop = System.getProperty("corpus.dir");
        if (prop != null && !prop.isBlank() && Files.isRegularFile(Path.of(prop, "cases.jsonl"))) {
            return java.util.Optional.of(Path.of(prop));
        }
        // The corpus sits beside the clone (../../shared/corpus from this module); look a level further up too,
        // for work trees nested one directory deeper.
        Path module = Path.of("").toAbsolutePath();
        int tried = 0;
        for (Path dir = module.getParent(); dir != null && tried < 3; dir = dir.getParent(), tried++) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isRegularFile(candidate.resolve("cases.jsonl"))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    static Path corpusDir() {
        return sharedCorpusDir().orElseGet(() -> {
            Assumptions.abort("no shared corpus beside the project; the project's own corpus is measured by "
                    + "ProjectCorpusAccuracyTest");
            throw new IllegalStateException("unreachable");
        });
    }

    /** The project's own corpus folder (corpus/ at the root of the clone). */
    static Path projectCorpusDir() {
        return Path.of("..", "corpus");
    }

    /** One file of the project's corpus, e.g. {@code working}; empty when it is not there. */
    static List<Case> projectCases(String name) throws IOException {
        Path file = projectCorpusDir().resolve(name + ".jsonl");
        return Files.isRegularFile(file) ? readFile(file) : List.of();
    }

    static List<Case> readCases(Path dir) throws IOException {
        return readFile(dir.resolve("cases.jsonl"));
    }

    static List<Case> readFile(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            Set<String> secondary = new HashSet<>();
            n.path("secondary_labels").forEach(s -> secondary.add(s.asText()));
            cases.add(new Case(n.get("id").asText(), n.get("platform").asText(), n.get("text").asText(),
                    n.get("label").asText(), secondary));
        }
        return cases;
    }

    static DiagnosticEngine engine() {
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).provider(new OfflineTextProvider());
        BuiltInPatterns.all().forEach(b::pattern);
        return b.build();
    }

    static Outcome analyze(DiagnosticEngine engine, Case c) {
        Platform platform = c.platform().equals("docker") ? Platform.DOCKER : Platform.of(c.platform());
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().platform(platform)
                .input(EvidenceInput.ofText(c.id() + ".txt", c.text())).build());
        return new Outcome(c, report.findings());
    }

    @Test
    void builtInCatalogDiagnosesTheCorpus() throws IOException {
        List<Case> cases = readCases(corpusDir());
        assertThat(cases).isNotEmpty();
        List<Outcome> outcomes = new ArrayList<>();
        try (DiagnosticEngine engine = engine()) {
            for (Case c : cases) {
                outcomes.add(analyze(engine, c));
            }
        }
        int top1 = (int) outcomes.stream().filter(Outcome::correct).count();
        int top3 = (int) outcomes.stream().filter(Outcome::inTop3).count();
        double top1Rate = top1 / (double) outcomes.size();
        StringBuilder out = new StringBuilder("\nCorpus: ").append(outcomes.size()).append(" cases\n");
        out.append(String.format(Locale.ROOT, "top-1 accuracy %.1f%% (%d), top-3 accuracy %.1f%% (%d), ECE %.3f%n",
                100 * top1Rate, top1, 100.0 * top3 / outcomes.size(), top3, expectedCalibrationError(outcomes)));
        Map<String, int[]> recall = new TreeMap<>();
        for (Outcome o : outcomes) {
            int[] r = recall.computeIfAbsent(o.c().label(), k -> new int[2]);
            r[1]++;
            if (o.correct()) {
                r[0]++;
            }
        }
        out.append("per-category recall:\n");
        recall.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-34s %d/%d%n", k, v[0], v[1])));
        if (Boolean.getBoolean("corpus.verbose")) {
            out.append("all cases:\n");
            for (Outcome o : outcomes) {
                out.append(String.format(Locale.ROOT, "  %-10s %-5s %-32s %s%n", o.c().id(), o.correct() ? "ok" : "MISS",
                        o.c().label(), o.findings().stream().limit(3)
                                .map(f -> f.patternId() + String.format(Locale.ROOT, "=%.2f", f.confidence())).toList()));
            }
        }
        out.append("misses:\n");
        for (Outcome o : outcomes) {
            if (!o.correct()) {
                out.append(String.format(Locale.ROOT, "  %-10s expected %-32s got %-32s %.2f %s%n", o.c().id(),
                        o.c().label(), o.top1(), o.confidence(),
                        o.findings().stream().limit(3).map(f -> f.patternId() + String.format(Locale.ROOT, "=%.2f", f.confidence())).toList()));
            }
        }
        System.out.println(out);
        assertThat(top1Rate).as("top-1 accuracy on the corpus%s", out).isGreaterThanOrEqualTo(REQUIRED_TOP1);
    }

    /** Expected calibration error over 10 equal-width bins of top-1 confidence. */
    static double expectedCalibrationError(List<Outcome> outcomes) {
        double[] conf = new double[10];
        double[] acc = new double[10];
        int[] n = new int[10];
        for (Outcome o : outcomes) {
            int bin = Math.min(9, (int) Math.floor(o.confidence() * 10));
            conf[bin] += o.confidence();
            acc[bin] += o.correct() ? 1 : 0;
            n[bin]++;
        }
        double ece = 0;
        for (int i = 0; i < 10; i++) {
            if (n[i] > 0) {
                ece += (n[i] / (double) outcomes.size()) * Math.abs(acc[i] / n[i] - conf[i] / n[i]);
            }
        }
        return ece;
    }
}
