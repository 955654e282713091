package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;
import dev.deploydiagnostics.test.FailurePatternContract;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in pattern keeps the compatibility kit's contract. Positive samples come from real texts: the
 * project's working corpus (and the shared corpus when present) and the bundled examples, read by the offline
 * readers.
 */
class BuiltInPatternContractTest {
    private static final MatchContext CONTEXT = new MatchContext(DiagnosticRequest.builder().build(), Optional.empty(),
            Instant.parse("2024-06-01T00:00:00Z"));

    private static List<EvidenceBundle> pool() throws IOException {
        List<EvidenceBundle> pool = new ArrayList<>();
        EvidenceReaders readers = EvidenceReaders.defaults();
        List<CorpusAccuracyTest.Case> cases = new ArrayList<>(CorpusAccuracyTest.projectCases("working"));
        for (Path shared : CorpusAccuracyTest.sharedCorpusDir().stream().toList()) {
            cases.addAll(CorpusAccuracyTest.readCases(shared));
        }
        for (CorpusAccuracyTest.Case c : cases) {
            pool.add(readers.readText(c.id(), c.text(), ReadOptions.DEFAULTS));
        }
        Path bundles = Path.of("..", "examples", "bundles");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> dirs = Files.list(bundles)) {
                for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                    pool.add(readers.read(EvidenceInput.of(d), ReadOptions.DEFAULTS));
                }
            }
        }
        return pool;
    }

    private static List<FailurePattern> builtIn() {
        List<FailurePattern> all = new ArrayList<>(new CatalogLoader().loadBuiltIn());
        all.addAll(BuiltInPatterns.all());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInPatternKeepsTheContract() throws IOException {
        List<EvidenceBundle> pool = pool();
        List<FailurePattern> patterns = builtIn();
        assertThat(patterns).hasSizeGreaterThanOrEqualTo(60);
        return patterns.stream().map(p -> DynamicTest.dynamicTest(p.id(), () -> {
            List<EvidenceBundle> samples = pool.stream().filter(b -> !p.match(b, CONTEXT).isEmpty()).limit(3).toList();
            FailurePatternContract.verify(p, CONTEXT, samples);
        }));
    }

    @Test
    void realTextsExerciseMostPatterns() throws IOException {
        List<EvidenceBundle> pool = pool();
        long exercised = builtIn().stream().filter(p -> pool.stream().anyMatch(b -> !p.match(b, CONTEXT).isEmpty())).count();
        // The corpus and bundles are a sample; the rest are exercised by PatternGroupsTest's hand-made evidence.
        assertThat(exercised).isGreaterThanOrEqualTo(30);
    }
}
