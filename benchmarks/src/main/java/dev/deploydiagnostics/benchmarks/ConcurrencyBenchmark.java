package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many analyses at once on one shared engine: throughput and the latency distribution (p50, p90, p99, max),
 * measured with plain timers because JMH reports percentiles per thread, not across 100 clients.
 *
 * <p>Each analysis reads an incident as the CLI would (a bundle directory when given, plus a generated
 * service log held in memory). Two shapes: a closed loop, where {@code clients} threads each run
 * {@code rounds} analyses back to back (the steady state of a busy CI fleet; the target p99 &lt; 2 x p50
 * applies here), and a burst, where {@code clients} analyses are submitted at the same instant with
 * {@code analyzeAsync} (a queue, so the last waits for all before it: its p99/p50 is near 2 by construction).
 *
 * <p>Usage: {@code ConcurrencyBenchmark [--clients 100] [--rounds 5] [--log-kb 256] [--bundle DIR]}.
 */
public final class ConcurrencyBenchmark {
    private ConcurrencyBenchmark() {
    }

    /** Runs it. */
    public static void main(String[] args) throws Exception {
        int clients = 100;
        int rounds = 5;
        int logKb = 256;
        Path bundle = null;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--clients" -> clients = Integer.parseInt(args[++a]);
                case "--rounds" -> rounds = Integer.parseInt(args[++a]);
                case "--log-kb" -> logKb = Integer.parseInt(args[++a]);
                case "--bundle" -> bundle = Path.of(args[++a]);
                default -> {
                    System.err.println("usage: ConcurrencyBenchmark [--clients N] [--rounds N] [--log-kb N] [--bundle DIR]");
                    System.exit(64);
                }
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(logKb * 1024);
        new LogGenerator(7).write(buf, (long) logKb * 1024);
        String log = buf.toString(StandardCharsets.US_ASCII);
        DiagnosticRequest.Builder rb = DiagnosticRequest.builder().timeout(Engines.GENEROUS)
                .input(EvidenceInput.ofText("orders.log", log));
        if (bundle != null && Files.isDirectory(bundle)) {
            rb.input(EvidenceInput.of(bundle));
        }
        DiagnosticRequest request = rb.build();
        try (DiagnosticEngine engine = Engines.offline()) {
            DiagnosticReport check = engine.analyze(request);
            System.out.printf(Locale.ROOT, "workload: %d KB generated log%s; verdict %s, root cause %s%n", logKb,
                    bundle != null ? " + bundle " + bundle : "", check.verdict(),
                    check.rootCause().map(f -> f.patternId()).orElse("none"));
            // warm up the JIT before anything is recorded
            closedLoop(engine, request, Math.min(clients, 8), 20);
            long[] alone = closedLoop(engine, request, 1, 20).latencies;
            System.out.printf(Locale.ROOT, "one at a time: p50 %.1f ms%n", percentile(alone, 50) / 1e6);

            Outcome closed = closedLoop(engine, request, clients, rounds);
            report("closed loop, " + clients + " clients x " + rounds + " analyses", closed);
            Outcome burst = burst(engine, request, clients);
            report("burst, " + clients + " submitted at once", burst);
            System.out.printf(Locale.ROOT, "RESULT clients=%d throughput_per_s=%.1f p50_ms=%.1f p99_ms=%.1f ratio=%.2f "
                            + "burst_p50_ms=%.1f burst_p99_ms=%.1f burst_ratio=%.2f%n", clients,
                    closed.throughput(), percentile(closed.latencies, 50) / 1e6, percentile(closed.latencies, 99) / 1e6,
                    ratio(closed), percentile(burst.latencies, 50) / 1e6, percentile(burst.latencies, 99) / 1e6,
                    ratio(burst));
        }
    }

    /** Latencies in nanoseconds and the wall time they took together. */
    private record Outcome(long[] latencies, long wallNanos) {
        double throughput() {
            return latencies.length / (wallNanos / 1e9);
        }
    }

    private static Outcome closedLoop(DiagnosticEngine engine, DiagnosticRequest request, int clients, int rounds)
            throws Exception {
        long[] latencies = new long[clients * rounds];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                go.await();
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    engine.analyze(request);
                    latencies[client * rounds + r] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        return new Outcome(latencies, wall);
    }

    private static Outcome burst(DiagnosticEngine engine, DiagnosticRequest request, int n) {
        long[] latencies = new long[n];
        List<CompletableFuture<DiagnosticReport>> futures = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(engine.analyzeAsync(request).whenComplete((r, t) -> latencies[k] = System.nanoTime() - start));
        }
        futures.forEach(CompletableFuture::join);
        return new Outcome(latencies, System.nanoTime() - start);
    }

    private static void report(String name, Outcome o) {
        System.out.printf(Locale.ROOT, "%s: %d analyses in %.2f s = %.1f analyses/s; latency p50 %.0f ms, p90 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms; p99/p50 = %.2f%n", name, o.latencies.length, o.wallNanos / 1e9,
                o.throughput(), percentile(o.latencies, 50) / 1e6, percentile(o.latencies, 90) / 1e6,
                percentile(o.latencies, 99) / 1e6, percentile(o.latencies, 100) / 1e6, ratio(o));
    }

    private static double ratio(Outcome o) {
        return percentile(o.latencies, 99) / percentile(o.latencies, 50);
    }

    /** The nearest-rank percentile. */
    static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
