package dev.deploydiagnostics.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the figures of a JMH JSON result file ({@code -rf json}) next to their targets: MB/s and lines/s of
 * the engine on a log, and end-to-end time against the slowest simulated provider.
 */
public final class Summary {
    private Summary() {
    }

    /** {@code Summary JMH_RESULT.json}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Summary JMH_RESULT.json");
            System.exit(64);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        double slowest = SimulatedProvider.slowest(SimulatedProvider.kubernetesOomKill()).toMillis();
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            JsonNode primary = r.path("primaryMetric");
            if (name.endsWith("EngineThroughputBenchmark.analyze")) {
                double bytes = r.path("secondaryMetrics").path("bytes").path("score").asDouble();
                double lines = r.path("secondaryMetrics").path("lines").path("score").asDouble();
                double perSecond = primary.path("score").asDouble();
                System.out.printf(Locale.ROOT, "engine on a %s MiB log: %.1f MB/s, %,.0f lines/s (%.2f s per analysis)%n",
                        r.path("params").path("sizeMb").asText(), bytes / 1048576.0, lines, 1 / perSecond);
            } else if (name.endsWith("EndToEndBenchmark.analyze")) {
                double ms = primary.path("score").asDouble();
                double ratio = ms / slowest;
                System.out.printf(Locale.ROOT, "end to end with 4 providers: %.1f ms vs slowest provider %.0f ms = %.2fx "
                        + "(target <= 1.2x: %s)%n", ms, slowest, ratio, ratio <= 1.2 ? "met" : "MISSED");
            }
        }
    }
}
