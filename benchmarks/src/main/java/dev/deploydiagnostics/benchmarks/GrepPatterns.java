package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.core.pattern.CatalogLoader;
import dev.deploydiagnostics.core.pattern.DeclarativePattern;
import dev.deploydiagnostics.core.pattern.Indicator;
import dev.deploydiagnostics.core.pattern.MatchText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the log signals of the built-in catalog as a {@code grep -E -i -f} pattern file, one POSIX extended
 * expression a line, so grep can be timed on the same signals as the engine.
 *
 * <p>The signals are the expressions of every {@code log:} and {@code text:} indicator (positive ones; text
 * indicators read log lines too), without duplicates. Those with no ERE form are left out and counted.
 */
public final class GrepPatterns {

    /**
     * What the catalog gave.
     *
     * @param translated expressions written, in catalog order
     * @param approximate how many of those may match more lines than the original
     * @param skipped    expressions left out, each with the reason
     */
    public record Translation(List<String> translated, int approximate, Map<String, String> skipped) {
        /** Copies. */
        public Translation {
            translated = List.copyOf(translated);
            skipped = Map.copyOf(skipped);
        }

        /** Every distinct log expression the catalog has. */
        public int total() {
            return translated.size() + skipped.size();
        }
    }

    private GrepPatterns() {
    }

    /** The distinct Java expressions of the log-reading indicators of these patterns, in order. */
    public static List<String> logExpressions(List<DeclarativePattern> patterns) {
        List<String> found = new ArrayList<>();
        for (DeclarativePattern p : patterns) {
            for (Indicator indicator : p.indicators()) {
                if (indicator instanceof Indicator.Text t
                        && (t.scope() == Indicator.Scope.LOG || t.scope() == Indicator.Scope.ANY)
                        && !found.contains(MatchText.quoteTolerant(t.regex().source()))) {
                    // as the engine compiles it: a quote matches any quote or none
                    found.add(MatchText.quoteTolerant(t.regex().source()));
                }
            }
        }
        return found;
    }

    /** Translates the expressions. */
    public static Translation translate(List<String> expressions) {
        List<String> out = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        int approximate = 0;
        for (String regex : expressions) {
            EreTranslator.Result r = EreTranslator.translate(regex);
            if (r.ere().isPresent()) {
                out.add(r.ere().get());
                if (r.approximate()) {
                    approximate++;
                }
            } else {
                skipped.put(regex, r.problem());
            }
        }
        return new Translation(out, approximate, skipped);
    }

    /**
     * {@code GrepPatterns OUT_FILE [CATALOG.yaml ...]}: writes the pattern file for the built-in catalog (or
     * the given catalog files) and says how many expressions were left out.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: GrepPatterns OUT_FILE [CATALOG.yaml ...]");
            System.exit(64);
        }
        CatalogLoader loader = new CatalogLoader();
        List<DeclarativePattern> patterns = new ArrayList<>();
        if (args.length == 1) {
            patterns.addAll(loader.loadBuiltIn());
        }
        for (int i = 1; i < args.length; i++) {
            patterns.addAll(loader.load(Path.of(args[i])));
        }
        Translation t = translate(logExpressions(patterns));
        Path out = Path.of(args[0]);
        Files.write(out, t.translated(), StandardCharsets.UTF_8);
        System.out.printf("catalog log expressions: %d; written to %s: %d (%d approximate: case or possessive); "
                + "skipped (no ERE form): %d%n", t.total(), out, t.translated().size(), t.approximate(), t.skipped().size());
        t.skipped().forEach((regex, why) -> System.out.println("  skipped (" + why + "): "
                + (regex.length() > 100 ? regex.substring(0, 100) + "..." : regex)));
    }
}
