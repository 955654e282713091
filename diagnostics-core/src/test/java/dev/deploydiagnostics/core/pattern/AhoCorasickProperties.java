package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.core.internal.AhoCorasick;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MatchContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AhoCorasickProperties {

    @Property(tries = 500)
    void findsExactlyTheLiteralsASubstringSearchFinds(@ForAll("literals") @Size(min = 1, max = 30) List<String> literals,
                                                      @ForAll("texts") String text) {
        BitSet found = new BitSet();
        new AhoCorasick(literals).scan(text, found);
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < literals.size(); i++) {
            assertThat(found.get(i)).as("literal '%s' in '%s'", literals.get(i), text).isEqualTo(lower.contains(literals.get(i)));
        }
    }

    @Example
    void reportsOverlappingAndNestedLiterals() {
        BitSet found = new BitSet();
        new AhoCorasick(List.of("he", "she", "his", "hers", "oomkilled")).scan("uSHErs were OOMKilled", found);
        assertThat(found.stream().toArray()).containsExactly(0, 1, 3, 4);
    }

    @Property(tries = 200)
    void theFastPathNeverChangesWhatTheBuiltInCatalogFinds(@ForAll("logs") @Size(min = 1, max = 40) List<String> lines) {
        List<LogLine> logs = new ArrayList<>();
        for (String l : lines) {
            logs.add(LogLine.of("app", l));
        }
        EvidenceBundle bundle = EvidenceBundle.of(logs);
        MatchContext ctx = new MatchContext(DiagnosticRequest.builder().build(), Optional.empty(), Instant.EPOCH);
        List<FailurePattern> patterns = new ArrayList<>(CATALOG);
        List<String> slow = new ArrayList<>();
        for (FailurePattern p : patterns) {
            for (Finding f : p.match(bundle, ctx)) {
                slow.add(f.patternId() + "@" + f.confidence() + "#" + f.evidence().size());
            }
        }
        List<String> fast = new ArrayList<>();
        for (Finding f : ENGINE.analyze(bundle, ctx, new dev.deploydiagnostics.api.DiagnosticListener() { })) {
            fast.add(f.patternId());
        }
        List<String> slowIds = slow.stream().map(s -> s.substring(0, s.indexOf('@'))).toList();
        assertThat(fast).containsExactlyInAnyOrderElementsOf(slowIds);
    }

    /** On ASCII text, the ASCII-folding form of every catalog expression finds what the Unicode form finds. */
    @Property(tries = 300)
    void asciiCaseFoldingMatchesAsUnicodeCaseFoldingOnAsciiText(@ForAll("logs") @Size(min = 1, max = 5) List<String> lines) {
        for (String line : lines) {
            String text = line.replace('\u00e9', 'e');
            String shouted = text.toUpperCase(Locale.ROOT);
            for (SafeRegex regex : CATALOG_EXPRESSIONS) {
                assertThat(regex.matchChecked(text, true)).as("%s on %s", regex, text).isEqualTo(regex.matchChecked(text, false));
                assertThat(regex.matchChecked(shouted, true)).as("%s on %s", regex, shouted)
                        .isEqualTo(regex.matchChecked(shouted, false));
            }
        }
    }

    private static final List<DeclarativePattern> CATALOG = new CatalogLoader().loadBuiltIn();
    private static final List<SafeRegex> CATALOG_EXPRESSIONS = CATALOG.stream()
            .flatMap(p -> p.indicators().stream())
            .filter(i -> i instanceof Indicator.Text)
            .map(i -> ((Indicator.Text) i).regex())
            .distinct()
            .toList();
    private static final PatternEngine ENGINE = new PatternEngine(List.copyOf(CATALOG), 0.0, 1000);

    @Provide
    Arbitrary<List<String>> literals() {
        return Arbitraries.strings().withChars("abcdeklmo :/.-_").ofMinLength(1).ofMaxLength(6).list();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcdeklmoABCDEKLMO :/.-_\u00e9\u4e2d").ofMaxLength(60);
    }

    @Provide
    Arbitrary<List<String>> logs() {
        Arbitrary<String> signal = Arbitraries.of(
                "java.lang.OutOfMemoryError: Java heap space", "Error: connect ECONNREFUSED 10.0.0.7:5432",
                "ModuleNotFoundError: No module named 'flask'", "panic: runtime error: invalid memory address",
                "Back-off restarting failed container", "Failed to pull image \"x/y:1\": not found",
                "x509: certificate signed by unknown authority", "Task timed out after 3.00 seconds",
                "toomanyrequests: You have reached your pull rate limit", "no space left on device",
                "dial tcp: lookup db on 10.96.0.10:53: no such host", "Liveness probe failed: HTTP probe failed",
                "secret \"db\" not found", "is not authorized to perform: logs:FilterLogEvents", "bind: address already in use",
                "Memory limit of 512 MiB exceeded with 530 MiB used", "OOMKilled", "Insufficient cpu");
        Arbitrary<String> noise = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/._-\"'=\u00e9").ofMaxLength(80);
        Arbitrary<String> mixed = net.jqwik.api.Combinators.combine(noise, signal, noise).as((a, b, c) -> a + b + c);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, noise), net.jqwik.api.Tuple.of(2, signal), net.jqwik.api.Tuple.of(2, mixed)).list();
    }
}
