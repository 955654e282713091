package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.ReportSink;
import dev.deploydiagnostics.api.Verdict;
import dev.deploydiagnostics.core.report.ReportJson;
import dev.deploydiagnostics.core.report.ReportLabels;
import dev.deploydiagnostics.sinks.internal.Digest;
import dev.deploydiagnostics.sinks.internal.Http;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Sends one report to every configured sink, and decides what each should receive.
 *
 * <ul>
 *   <li><b>Keys.</b> The deployment key names the target (its identifiers in a stable order); the dedup key is a
 *   short SHA-256 of the deployment key and the root cause's pattern id, so the same cause of the same deployment
 *   always has the same key.</li>
 *   <li><b>Suppression.</b> Once a sink has received a diagnosis, identical ones (same dedup key) within the
 *   suppression window are held back and counted; the first delivery after the window carries the count in
 *   {@link Delivery#suppressed()}.</li>
 *   <li><b>Mutes.</b> A report whose top finding's pattern is muted (an exact id, or a prefix ending in
 *   {@code .*}) goes nowhere.</li>
 *   <li><b>Resolution.</b> The last dedup key delivered for each deployment is remembered; a later report of that
 *   deployment with {@link Verdict#NO_FAILURE_FOUND} is delivered with {@link Delivery#resolves()} set to it (a
 *   PagerDuty resolve, a Jira comment, a chat message). A report with no failure and nothing to resolve is skipped.</li>
 *   <li><b>Retries.</b> A sink that throws {@link IOException} is tried again with exponential back-off and jitter,
 *   except for HTTP answers that cannot improve (4xx other than 408, 425 and 429); a {@code Retry-After} is
 *   honoured.</li>
 *   <li><b>Never lost, never thrown.</b> Each sink's failure is caught and reported in the {@link DispatchResult},
 *   which always holds the report; with a dead-letter folder, a report some sink failed to take is also written
 *   there as JSON.</li>
 * </ul>
 *
 * <p>The memory of deliveries lives in this object, and in a JSON state file when one is set, so that separate
 * runs of a command line share it. Thread-safe: dispatches are serialised.
 */
@Experimental("sinks are new")
public final class ReportDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDispatcher.class);
    private static final int DEDUP_HEX = 16;

    private final List<ReportSink> sinks;
    private final Duration suppressWindow;
    private final List<String> mutes;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Optional<Path> stateFile;
    private final Optional<Path> deadLetterDir;
    /** sink id + dedup key → when it was last delivered and how many were held back since. */
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    /** deployment key → the dedup key of the last failure delivered for it. */
    private final Map<String, String> triggered = new LinkedHashMap<>();

    private ReportDispatcher(Builder b) {
        this.sinks = List.copyOf(b.sinks);
        this.suppressWindow = b.suppressWindow;
        this.mutes = List.copyOf(b.mutes);
        this.retry = b.retry;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.jitter = b.jitter;
        this.stateFile = Optional.ofNullable(b.stateFile);
        this.deadLetterDir = Optional.ofNullable(b.deadLetterDir);
        stateFile.ifPresent(this::loadState);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A dispatcher for a loaded configuration, with a client of its own and the system clock. */
    public static ReportDispatcher fromConfig(SinksConfig config) {
        return config.dispatcher(Http.defaultClient()).build();
    }

    /** The sinks, in configuration order. */
    public List<ReportSink> sinks() {
        return sinks;
    }

    /** The deployment key for a report: its target's identifiers in a stable order. */
    public static String deploymentKey(DiagnosticReport report) {
        StringBuilder sb = new StringBuilder();
        ReportLabels.orderedTarget(report.target()).forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.length() == 0 ? "deployment" : sb.toString();
    }

    /** The dedup key: a short, stable hash of the deployment key and the root cause's pattern id. */
    public static String dedupKey(String deploymentKey, String patternId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((deploymentKey + "\n" + patternId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, DEDUP_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Dispatches a report to every sink; never throws for a sink's failure. */
    public synchronized DispatchResult dispatch(DiagnosticReport report) {
        Objects.requireNonNull(report, "report");
        String deployment = deploymentKey(report);
        String pattern = Digest.patternId(report);
        String dedup = dedupKey(deployment, pattern);
        boolean noFailure = report.verdict() == Verdict.NO_FAILURE_FOUND;
        Optional<String> resolves = noFailure ? Optional.ofNullable(triggered.get(deployment)) : Optional.empty();
        Instant now = clock.instant();
        List<SinkResult> results = new ArrayList<>();
        Delivery shown = new Delivery(deployment, dedup, 0, resolves);
        boolean muted = report.topFinding().isPresent() && muted(pattern);
        for (ReportSink sink : sinks) {
            if (muted) {
                results.add(new SinkResult(sink.id(), SinkResult.Status.MUTED, 0, Optional.of("pattern " + pattern + " is muted")));
                continue;
            }
            if (noFailure && resolves.isEmpty()) {
                results.add(new SinkResult(sink.id(), SinkResult.Status.SKIPPED, 0,
                        Optional.of("no failure found and no earlier alert to resolve")));
                continue;
            }
            String sentKey = sink.id() + "|" + dedup;
            Sent last = sent.get(sentKey);
            if (!noFailure && last != null && now.isBefore(last.at.plus(suppressWindow))) {
                last.suppressed++;
                results.add(new SinkResult(sink.id(), SinkResult.Status.SUPPRESSED, 0, Optional.of("identical diagnosis "
                        + dedup + " delivered at " + last.at + "; held back until " + last.at.plus(suppressWindow))));
                continue;
            }
            int heldBack = last == null ? 0 : last.suppressed;
            Delivery delivery = new Delivery(deployment, dedup, heldBack, resolves);
            shown = delivery;
            SinkResult result = deliver(sink, report, delivery);
            results.add(result);
            if (result.status() == SinkResult.Status.DELIVERED && !noFailure) {
                sent.put(sentKey, new Sent(now, 0));
            }
        }
        boolean anyDelivered = results.stream().anyMatch(r -> r.status() == SinkResult.Status.DELIVERED);
        boolean anyFailed = results.stream().anyMatch(r -> r.status() == SinkResult.Status.FAILED);
        if (!noFailure && anyDelivered) {
            triggered.put(deployment, dedup);
        } else if (noFailure && resolves.isPresent() && anyDelivered && !anyFailed) {
            triggered.remove(deployment);
        }
        stateFile.ifPresent(this::saveState);
        Optional<Path> deadLetter = anyFailed ? deadLetterDir.flatMap(d -> writeDeadLetter(d, report, dedup, results, now))
                : Optional.empty();
        return new DispatchResult(report, shown, results, deadLetter);
    }

    private SinkResult deliver(ReportSink sink, DiagnosticReport report, Delivery delivery) {
        String reason = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            long start = System.nanoTime();
            try {
                sink.send(report, delivery);
                LOG.debug("sink {} took dedup key {} in {} ms (attempt {})", sink.id(), delivery.dedupKey(),
                        (System.nanoTime() - start) / 1_000_000, attempt);
                return new SinkResult(sink.id(), SinkResult.Status.DELIVERED, attempt, Optional.empty());
            } catch (SinkHttpException e) {
                reason = e.getMessage();
                if (!e.retryable()) {
                    return failed(sink, attempt, reason);
                }
                Optional<Duration> wait = e.retryAfter();
                if (wait.isPresent() && wait.get().compareTo(retry.maxRetryAfter()) > 0) {
                    return failed(sink, attempt, reason + " (asked to retry after " + wait.get().toSeconds()
                            + " s, longer than the " + retry.maxRetryAfter().toSeconds() + " s allowed)");
                }
                if (attempt < retry.maxAttempts() && !pause(wait.isPresent() ? wait.get() : jittered(retry.backoff(attempt)))) {
                    return failed(sink, attempt, reason + " (interrupted while waiting to retry)");
                }
            } catch (IOException e) {
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (attempt < retry.maxAttempts() && !pause(jittered(retry.backoff(attempt)))) {
                    return failed(sink, attempt, reason + " (interrupted while waiting to retry)");
                }
            } catch (RuntimeException e) {
                // A broken sink costs itself, never the other sinks or the caller.
                return failed(sink, attempt, "sink threw " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            LOG.debug("sink {} attempt {} failed: {}", sink.id(), attempt, reason);
        }
        return failed(sink, retry.maxAttempts(), reason + " (gave up after " + retry.maxAttempts() + " attempts)");
    }

    private static SinkResult failed(ReportSink sink, int attempts, String reason) {
        LOG.warn("could not deliver the report to {}: {}", sink.id(), reason);
        return new SinkResult(sink.id(), SinkResult.Status.FAILED, attempts, Optional.of(reason));
    }

    private Duration jittered(Duration d) {
        double factor = 0.5 + 0.5 * Math.max(0.0, Math.min(1.0, jitter.getAsDouble()));
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    private boolean pause(Duration d) {
        try {
            sleeper.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean muted(String patternId) {
        for (String m : mutes) {
            if (m.equals(patternId) || m.endsWith(".*") && patternId.startsWith(m.substring(0, m.length() - 1))
                    || m.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private Optional<Path> writeDeadLetter(Path dir, DiagnosticReport report, String dedup, List<SinkResult> results,
                                           Instant now) {
        try {
            Files.createDirectories(dir);
            ObjectNode doc = Http.mapper().createObjectNode();
            doc.put("dedupKey", dedup);
            doc.put("failedAt", now.toString());
            ObjectNode failures = doc.putObject("failures");
            results.stream().filter(r -> r.status() == SinkResult.Status.FAILED)
                    .forEach(r -> failures.put(r.sinkId(), r.reason().orElse("")));
            doc.set("report", ReportJson.toJson(report));
            Path file = dir.resolve("report-" + dedup + "-" + now.toEpochMilli() + ".json");
            Files.write(file, ReportJson.mapper().writeValueAsBytes(doc));
            return Optional.of(file);
        } catch (IOException e) {
            LOG.warn("could not write the undelivered report to {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    private void loadState(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = Http.mapper().readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sent").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sent.put(e.getKey(), new Sent(Instant.parse(e.getValue().path("at").asText()),
                        e.getValue().path("suppressed").asInt()));
            }
            root.path("triggered").fields().forEachRemaining(e -> triggered.put(e.getKey(), e.getValue().asText()));
        } catch (IOException | RuntimeException e) {
            // A damaged state file costs the memory of earlier deliveries, never a delivery.
            LOG.warn("ignoring unreadable delivery state {}: {}", file, e.toString());
        }
    }

    private void saveState(Path file) {
        Instant horizon = clock.instant().minus(suppressWindow);
        sent.values().removeIf(s -> s.at.isBefore(horizon) && s.suppressed == 0);
        ObjectNode root = Http.mapper().createObjectNode();
        ObjectNode s = root.putObject("sent");
        sent.forEach((k, v) -> s.putObject(k).put("at", v.at.toString()).put("suppressed", v.suppressed));
        ObjectNode t = root.putObject("triggered");
        triggered.forEach(t::put);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".sinks-state", ".tmp");
            Files.write(tmp, Http.mapper().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not save delivery state to {}: {}", file, e.toString());
        }
    }

    /** Closes every sink. */
    @Override
    public void close() {
        for (ReportSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("sink {} failed to close: {}", s.id(), e.toString());
            }
        }
    }

    private static final class Sent {
        final Instant at;
        int suppressed;

        Sent(Instant at, int suppressed) {
            this.at = at;
            this.suppressed = suppressed;
        }
    }

    /** Builds a {@link ReportDispatcher}. */
    @Experimental("sinks are new")
    public static final class Builder {
        private final List<ReportSink> sinks = new ArrayList<>();
        private Duration suppressWindow = Duration.ofMinutes(30);
        private final List<String> mutes = new ArrayList<>();
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private DoubleSupplier jitter = new Random()::nextDouble;
        private Path stateFile;
        private Path deadLetterDir;

        private Builder() {
        }

        /** Adds a sink; ids must be unique. */
        public Builder sink(ReportSink sink) {
            Objects.requireNonNull(sink, "sink");
            if (sinks.stream().anyMatch(s -> s.id().equals(sink.id()))) {
                throw new IllegalArgumentException("a sink with id '" + sink.id() + "' is already configured");
            }
            sinks.add(sink);
            return this;
        }

        /** How long identical diagnoses are held back after one was delivered (default 30 minutes). */
        public Builder suppressWindow(Duration value) { this.suppressWindow = Objects.requireNonNull(value); return this; }
        /** Mutes pattern ids: exact ids, or prefixes ending in {@code .*}. */
        public Builder mute(Set<String> patternIds) { mutes.addAll(patternIds); return this; }
        /** Mutes pattern ids: exact ids, or prefixes ending in {@code .*}. */
        public Builder mute(List<String> patternIds) { mutes.addAll(patternIds); return this; }
        /** The retry policy (default {@link RetryPolicy#DEFAULT}). */
        public Builder retry(RetryPolicy value) { this.retry = Objects.requireNonNull(value); return this; }
        /** The clock for suppression windows. */
        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value); return this; }
        /** How to wait between retries. */
        public Builder sleeper(Sleeper value) { this.sleeper = Objects.requireNonNull(value); return this; }
        /** The source of jitter in [0,1): 0 waits half the back-off, 1 all of it. */
        public Builder jitter(DoubleSupplier value) { this.jitter = Objects.requireNonNull(value); return this; }
        /** A JSON file that keeps the memory of deliveries between runs. */
        public Builder stateFile(Path value) { this.stateFile = value; return this; }
        /** A folder where reports some sink failed to take are written as JSON. */
        public Builder deadLetterDir(Path value) { this.deadLetterDir = value; return this; }

        /** Builds the dispatcher. */
        public ReportDispatcher build() {
            return new ReportDispatcher(this);
        }
    }
}
