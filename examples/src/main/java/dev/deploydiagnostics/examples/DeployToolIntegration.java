package dev.deploydiagnostics.examples;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.RenderOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a deploy tool calls the engine when a rollout fails: build one engine, analyse, print the paragraph a
 * person needs, and fail the build with the root cause.
 *
 * <p>Run: {@code java -cp ... dev.deploydiagnostics.examples.DeployToolIntegration examples/bundles/k8s-oom}
 */
public final class DeployToolIntegration {
    private DeployToolIntegration() {
    }

    /** Diagnoses the bundle named by the first argument. */
    public static void main(String[] args) throws IOException {
        Path bundle = Path.of(args.length > 0 ? args[0] : "examples/bundles/k8s-oom");
        // One engine per process: it is thread-safe and owns a small thread pool.
        try (DiagnosticEngine engine = Diagnostics.builder().build()) {
            DiagnosticReport report = engine.analyze(DiagnosticRequest.builder()
                    .input(bundle)
                    .timeout(Duration.ofSeconds(30))
                    .build());
            engine.render(report, "text", System.out, RenderOptions.DEFAULT);
            report.rootCause().map(DeployToolIntegration::failureMessage).ifPresent(msg -> {
                System.err.println(msg);
                System.exit(1);
            });
        }
    }

    /** The one line a deploy tool puts in its failure. */
    static String failureMessage(Finding f) {
        return "Deployment failed: " + f.title() + " (" + f.category().id() + ", "
                + Math.round(f.confidence() * 100) + "%). Fix: "
                + (f.remedies().isEmpty() ? "see the report" : f.remedies().get(0).title());
    }
}
