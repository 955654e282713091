package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.ProviderRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wall time of one {@code DiagnosticEngine.analyze} with four in-process providers answering after 40,
 * 80, 150 and 300 ms ({@link SimulatedProvider#kubernetesOomKill()}): when providers run in parallel it
 * stays close to the slowest one's 300 ms (target at most 1.2 times that); in series it would be 570 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class EndToEndBenchmark {
    private DiagnosticEngine engine;
    private DiagnosticRequest request;

    /** Builds the engine and checks the simulated incident is diagnosed with every provider answering. */
    @Setup(Level.Trial)
    public void setUp() {
        List<SimulatedProvider> providers = SimulatedProvider.kubernetesOomKill();
        engine = Engines.with(providers);
        request = SimulatedProvider.request();
        DiagnosticReport first = engine.analyze(request);
        boolean allAnswered = first.providers().size() == providers.size()
                && first.providers().stream().allMatch(r -> r.outcome() == ProviderRun.Outcome.SUCCEEDED);
        if (!allAnswered || first.rootCause().isEmpty()) {
            throw new IllegalStateException("the simulated incident was not diagnosed: " + first.providers()
                    + ", verdict " + first.verdict());
        }
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One analysis. */
    @Benchmark
    public DiagnosticReport analyze() {
        return engine.analyze(request);
    }
}
