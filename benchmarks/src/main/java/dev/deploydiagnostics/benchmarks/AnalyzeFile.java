package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.core.pattern.CatalogLoader;
import dev.deploydiagnostics.core.pattern.DeclarativePattern;
import dev.deploydiagnostics.core.pattern.Indicator;
import dev.deploydiagnostics.core.pattern.PatternEngine;
import dev.deploydiagnostics.core.pattern.SafeRegex;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;
import dev.deploydiagnostics.core.read.internal.LineReader;
import dev.deploydiagnostics.core.read.internal.PlainLines;
import dev.deploydiagnostics.core.read.internal.Utf8LineScanner;
import dev.deploydiagnostics.core.read.internal.LogLineParser;
import dev.deploydiagnostics.core.redact.Redactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the engine (built-in catalog, offline provider) over one log file and prints the elapsed time, the
 * rate and the peak heap; with {@code --split}, also where the time goes: splitting and judging lines,
 * what parsing every line would cost, all of reading, redaction, and pattern matching.
 *
 * <p>Usage: {@code AnalyzeFile FILE [--repeat N] [--split] [--full-match-mb N]}. The last line,
 * {@code RESULT key=value ...}, is for scripts.
 */
public final class AnalyzeFile {
    private AnalyzeFile() {
    }

    /** Runs it. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AnalyzeFile FILE [--repeat N] [--split] [--full-match-mb N]");
            System.exit(64);
        }
        Path file = Path.of(args[0]);
        int repeat = 1;
        boolean split = false;
        int fullMatchMb = 0;
        for (int a = 1; a < args.length; a++) {
            switch (args[a]) {
                case "--repeat" -> repeat = Integer.parseInt(args[++a]);
                case "--split" -> split = true;
                case "--full-match-mb" -> fullMatchMb = Integer.parseInt(args[++a]);
                default -> {
                    System.err.println("unknown option " + args[a]);
                    System.exit(64);
                }
            }
        }
        long bytes = Files.size(file);
        double mb = bytes / 1048576.0;
        HeapWatch heap = HeapWatch.start();
        long best = Long.MAX_VALUE;
        DiagnosticReport report = null;
        try (DiagnosticEngine engine = Engines.offline()) {
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                report = engine.analyze(Engines.offlineRequest(file));
                long ns = System.nanoTime() - t0;
                best = Math.min(best, ns);
                System.out.printf(Locale.ROOT, "run %d: %.3f s (%.1f MB/s)%n", r + 1, ns / 1e9, mb / (ns / 1e9));
            }
        }
        heap.stop();
        System.out.printf(Locale.ROOT, "file %s: %.1f MB; verdict %s; root cause: %s; %d evidence items kept%n",
                file, mb, report.verdict(), report.rootCause().map(f -> f.patternId()).orElse("none"),
                report.evidenceCount());
        System.out.printf(Locale.ROOT, "peak heap used %.1f MB (sampled every 5 ms), heap pools' peaks summed %.1f MB, max heap %.0f MB%n",
                heap.sampledPeak() / 1048576.0, heap.poolPeaks() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        if (split) {
            split(file, mb);
        }
        if (fullMatchMb > 0) {
            fullMatch(file, mb, fullMatchMb);
        }
        System.out.printf(Locale.ROOT, "RESULT elapsed_ms=%d bytes=%d mb_per_s=%.1f peak_heap_mb=%.1f verdict=%s%n",
                best / 1_000_000, bytes, mb / (best / 1e9), heap.sampledPeak() / 1048576.0, report.verdict());
    }

    /** Times each stage on its own, each over the whole file. */
    private static void split(Path file, double mb) throws IOException {
        System.out.println("where the time goes (each stage timed separately over the whole file):");
        long t0 = System.nanoTime();
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                lines++;
            }
        }
        stage("JDK BufferedReader.readLine (floor: decode + split)", t0, mb, lines);

        t0 = System.nanoTime();
        long[] kinds = new long[2];
        try (InputStream in = Files.newInputStream(file)) {
            new Utf8LineScanner(in, ReadOptions.DEFAULTS.maxLineLength(), 8 << 20).run(new Utf8LineScanner.Target() {
                @Override
                public boolean line(String line, long lineNumber) {
                    kinds[0]++;
                    return true;
                }

                @Override
                public boolean plain(PlainLines run) {
                    kinds[1] += run.size();
                    return true;
                }
            });
        }
        long n = kinds[0] + kinds[1];
        stage("engine byte scanner (split and judge every line, hand on nothing)", t0, mb, n);
        System.out.printf(Locale.ROOT, "    (%d plain lines left undecoded and unparsed, %d for the ordinary path: %.2f %%)%n",
                kinds[1], kinds[0], 100.0 * kinds[0] / Math.max(1, n));

        LogLineParser.Context ctx = new LogLineParser.Context(ZoneOffset.UTC, Clock.systemUTC());
        t0 = System.nanoTime();
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            LineReader lr = new LineReader(r, ReadOptions.DEFAULTS.maxLineLength(), 8 << 20);
            String line;
            while ((line = lr.next()) != null) {
                LogLineParser.parse(line, ctx);
            }
        }
        stage("what parsing every line would cost (LineReader + LogLineParser.parse)", t0, mb, n);

        t0 = System.nanoTime();
        EvidenceBundle read = EvidenceReaders.defaults().read(EvidenceInput.of(file), ReadOptions.DEFAULTS);
        stage("EvidenceReaders.read (all of reading: the offline provider's work)", t0, mb, n);
        System.out.printf(Locale.ROOT, "    (kept %d log lines, dropped %d)%n", read.logs().size(), read.droppedLogLines());

        Redactor redactor = new Redactor();
        t0 = System.nanoTime();
        EvidenceBundle redacted = redactor.redact(read);
        stage("Redactor.redact (kept evidence only)", t0, mb, read.logs().size());

        List<FailurePattern> patterns = new ArrayList<>(new CatalogLoader().loadBuiltIn());
        PatternEngine engine = new PatternEngine(patterns, 0.05, 5);
        DiagnosticRequest request = Engines.offlineRequest(file);
        t0 = System.nanoTime();
        engine.analyze(redacted, new MatchContext(request, Optional.empty(), Instant.now()), new DiagnosticListener() { });
        stage("PatternEngine.analyze (" + patterns.size() + " patterns over kept evidence)", t0, mb, read.logs().size());
    }

    /** What matching every line against every log expression, as grep does, would cost. */
    private static void fullMatch(Path file, double mb, int sampleMb) throws IOException {
        List<SafeRegex> regexes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (DeclarativePattern p : new CatalogLoader().loadBuiltIn()) {
            for (Indicator i : p.indicators()) {
                if (i instanceof Indicator.Text t && t.scope() != Indicator.Scope.EVENT
                        && t.scope() != Indicator.Scope.STATE && !seen.contains(t.regex().source())) {
                    seen.add(t.regex().source());
                    regexes.add(t.regex());
                }
            }
        }
        long limit = (long) sampleMb << 20;
        long read = 0;
        long lines = 0;
        long matched = 0;
        long t0 = System.nanoTime();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while (read < limit && (line = r.readLine()) != null) {
                read += line.length() + 1;
                lines++;
                for (SafeRegex x : regexes) {
                    if (x.find(line)) {
                        matched++;
                        break;
                    }
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double sampled = read / 1048576.0;
        System.out.printf(Locale.ROOT, "every line against all %d log expressions (java.util.regex, like grep -f): "
                        + "%.1f MB in %.2f s = %.2f MB/s, %d of %d lines match; the whole file would take about %.0f s%n",
                regexes.size(), sampled, s, sampled / s, matched, lines, s * mb / sampled);
    }

    private static void stage(String name, long startNanos, double mb, long lines) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "  %-66s %8.3f s  %8.1f MB/s  %,12d lines%n", name, s, mb / s, lines);
    }

    /** Samples heap use from a daemon thread; the pools' own peaks give an upper bound. */
    static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private HeapWatch() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            thread = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
        }

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            w.thread.start();
            return w;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long sampledPeak() {
            return peak.get();
        }

        long poolPeaks() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    sum += pool.getPeakUsage().getUsed();
                }
            }
            return sum;
        }
    }
}
