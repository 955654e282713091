package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The time of one analysis of pasted text, the way a user or a CI step hands over what it has: a one-line
 * error no pattern knows (so the similarity fallback runs), a one-line error a pattern knows, and a 60-line
 * describe-and-logs paste; each with the similarity fallback on and off, so the fallback's cost shows
 * (target: under 20 ms).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PasteBenchmark {
    /** Which paste. */
    @Param({"unknown-line", "known-line", "describe-and-logs"})
    public String paste;

    /** Whether the similarity fallback runs. */
    @Param({"true", "false"})
    public boolean similarity;

    private DiagnosticEngine engine;
    private DiagnosticRequest request;

    /** Builds the engine and the request. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = Diagnostics.builder().similarity(similarity).build();
        String text = switch (paste) {
            case "unknown-line" -> "ERROR worker pool drained: upstream ledger handshake refused after 3 attempts, giving up";
            case "known-line" -> "Back-off pulling image \"registry.example.com/shop/web:1.4.3\": manifest unknown";
            default -> describeAndLogs();
        };
        request = DiagnosticRequest.builder().input(EvidenceInput.ofText("pasted.txt", text)).build();
    }

    private static String describeAndLogs() {
        StringBuilder s = new StringBuilder("Name:         web-7d9f8b6c5-x2x4p\nNamespace:    shop\nStatus:       Running\n"
                + "Containers:\n  web:\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
                + "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n"
                + "Events:\n  Type     Reason   Age   From     Message\n  ----     ------   ----  ----     -------\n"
                + "  Warning  BackOff  2m    kubelet  Back-off restarting failed container web\n");
        for (int i = 0; i < 45; i++) {
            s.append("2026-12-07T10:00:").append(String.format("%02d", i)).append(".112Z INFO  [main] request ").append(i)
                    .append(" served in 12 ms\n");
        }
        s.append("2026-12-07T10:00:46.001Z ERROR [main] Application run failed: java.lang.IllegalStateException: "
                + "required setting 'payments.endpoint' is empty\n");
        return s.toString();
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One analysis. */
    @Benchmark
    public Object analyze() {
        return engine.analyze(request);
    }
}
