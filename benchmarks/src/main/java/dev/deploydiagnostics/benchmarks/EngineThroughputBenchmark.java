package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Verdict;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * How fast the engine (built-in catalog, offline provider) analyses a generated service log of
 * {@code sizeMb} MiB (default 64): the score is analyses per second; the {@code bytes} and {@code lines}
 * counters are bytes and lines analysed per second.
 *
 * <p>One analysis of 64 MiB takes seconds, so each iteration runs one or a few; override with the usual JMH
 * options, e.g. {@code -p sizeMb=256 -wi 2 -i 5 -f 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class EngineThroughputBenchmark {

    /** The size of the log in MiB. */
    @Param("64")
    public int sizeMb;

    /** The generator's seed. */
    @Param("42")
    public long seed;

    private DiagnosticEngine engine;
    private DiagnosticRequest request;
    private long bytes;
    private long lines;

    /** Volume analysed, reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        /** Bytes analysed. */
        public long bytes;
        /** Lines analysed. */
        public long lines;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            lines = 0;
        }
    }

    /** Generates (or reuses) the log and builds the engine; fails when the analysis does not run through. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        LogFiles.Generated log = LogFiles.log(sizeMb, seed);
        bytes = Files.size(log.file());
        lines = log.lines();
        engine = Engines.offline();
        request = Engines.offlineRequest(log.file());
        DiagnosticReport first = engine.analyze(request);
        if (first.verdict() == Verdict.COLLECTION_FAILED || !first.gaps().isEmpty()) {
            throw new IllegalStateException("the analysis did not read the whole log: " + first.gaps());
        }
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One analysis of the whole file. */
    @Benchmark
    public DiagnosticReport analyze(Volume volume) {
        DiagnosticReport report = engine.analyze(request);
        volume.bytes += bytes;
        volume.lines += lines;
        return report;
    }
}
