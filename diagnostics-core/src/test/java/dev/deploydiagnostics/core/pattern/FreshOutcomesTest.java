package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.core.eval.Evaluation;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcomes the confidence calibration is fitted on: how the built-in patterns did on each working case
 * <em>before</em> any pattern was written from it. A pattern scores better on the cases it was written from
 * than on new ones, so a map fitted on today's working-set results would promise more than the engine keeps on
 * texts it has not seen. Each new batch of cases is measured once, when it enters the working set, and its
 * outcomes are kept in {@code corpus/fresh-outcomes.tsv}: {@code -Dfresh.batch=s4} appends the working and
 * healthy working cases of that collection batch (ids {@code <platform>-s4-<n>}) that have no outcome yet. Run it
 * when a batch is merged, before any pattern is written from it.
 */
class FreshOutcomesTest {
    static final Path FILE = CorpusAccuracyTest.projectCorpusDir().resolve("fresh-outcomes.tsv");
    static final String HEADER = "# deploy-diagnostics-fresh-outcomes\t1\n"
            + "# case id\tfirst finding's raw confidence (0: none)\t1 when its category was right\tmeasured\n";

    /** One case's outcome. */
    record Row(String id, double confidence, boolean correct, String measured) {
    }

    static Map<String, Row> read() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (!Files.isRegularFile(FILE)) {
            return rows;
        }
        int no = 0;
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new IOException(FILE + " line " + no + " has " + f.length + " fields, not 4");
            }
            rows.put(f[0], new Row(f[0], Double.parseDouble(f[1]), "1".equals(f[2]), f[3]));
        }
        return rows;
    }

    /** The outcomes with a finding, as {raw confidence, 1 or 0}: what the calibration is fitted on. */
    static List<double[]> calibrationPoints() throws IOException {
        List<double[]> points = new ArrayList<>();
        for (Row r : read().values()) {
            if (r.confidence() > 0) {
                points.add(new double[] {r.confidence(), r.correct() ? 1 : 0});
            }
        }
        return points;
    }

    @Test
    void everyOutcomeBelongsToAWorkingOrHealthyWorkingCaseAndNeverToALockedOne() throws IOException {
        Set<String> working = ids("working");
        working.addAll(ids("benign-working"));
        Set<String> locked = ids("locked");
        locked.addAll(ids("benign-locked"));
        Map<String, Row> rows = read();

        assertThat(rows.keySet()).doesNotContainAnyElementsOf(locked);
        if (!working.isEmpty()) {
            assertThat(working).containsAll(rows.keySet());
        }
        assertThat(rows.values()).allSatisfy(r -> {
            assertThat(r.confidence()).isBetween(0.0, 1.0);
            assertThat(r.measured()).isNotBlank();
        });
    }

    @Test
    @EnabledIfSystemProperty(named = "fresh.batch", matches = "[\\w]+")
    void recordsTheBatchesCasesThatHaveNoOutcomeYet() throws IOException {
        String batch = "-" + System.getProperty("fresh.batch") + "-";
        Map<String, Row> rows = read();
        List<Evaluation.LabelledCase> cases = new ArrayList<>();
        for (String name : List.of("working.jsonl", "benign-working.jsonl")) {
            for (Evaluation.LabelledCase c : Evaluation.read(CorpusAccuracyTest.projectCorpusDir().resolve(name))) {
                if (c.id().contains(batch) && !rows.containsKey(c.id())) {
                    cases.add(c);
                }
            }
        }
        if (cases.isEmpty()) {
            return;
        }
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).provider(new OfflineTextProvider())
                .similarity(false).calibration(false);
        BuiltInPatterns.all().forEach(b::pattern);
        Evaluation.Result result;
        try (DiagnosticEngine engine = b.build()) {
            result = Evaluation.run(engine, cases);
        }
        String measured = System.getProperty("fresh.measured", java.time.LocalDate.now().toString());
        StringBuilder out = new StringBuilder(Files.isRegularFile(FILE) ? "" : HEADER);
        for (Evaluation.Outcome o : result.outcomes()) {
            double confidence = o.findings().isEmpty() ? 0 : o.confidence();
            out.append(o.labelled().id()).append('\t').append(String.format(java.util.Locale.ROOT, "%.4f", confidence))
                    .append('\t').append(o.correct() ? '1' : '0').append('\t').append(measured).append('\n');
        }
        Files.writeString(FILE, out.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static Set<String> ids(String name) throws IOException {
        Path file = CorpusAccuracyTest.projectCorpusDir().resolve(name + ".jsonl");
        if (!Files.isRegularFile(file)) {
            return new java.util.HashSet<>();
        }
        return Evaluation.read(file).stream().map(Evaluation.LabelledCase::id)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
