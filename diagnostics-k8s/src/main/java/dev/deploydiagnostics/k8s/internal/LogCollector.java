package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the current and previous logs of failing containers, the tail first, within the time window.
 *
 * <p>A container is failing when it restarted, is not ready while it runs, or ended with a non-zero exit
 * code. A container that never started has no log to read, so it is skipped rather than asked for.
 */
public final class LogCollector {
    private static final Pattern FIELD_LEVEL = Pattern.compile(
            "(?i)\"?(?:level|severity|lvl)\"?\\s*[:=]\\s*\"?([a-z]+)");
    private static final Pattern LEVEL = Pattern.compile(
            "\\b(FATAL|PANIC|CRITICAL|SEVERE|ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE)\\b");

    private final KubernetesClient client;
    private final Calls calls;
    private final int lineLimit;

    /** A collector keeping at most {@code lineLimit} lines per stream. */
    public LogCollector(KubernetesClient client, Calls calls, int lineLimit) {
        this.client = client;
        this.calls = calls;
        this.lineLimit = Math.max(1, lineLimit);
    }

    /**
     * One stream to read.
     *
     * @param pod       the pod
     * @param container the container name
     * @param previous  true for the log of the previous (crashed) instance
     */
    public record Stream(Pod pod, String container, boolean previous) {
        /** The stream's name as the evidence model writes it. */
        public String source() {
            return "pod/" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + container
                    + (previous ? " (previous)" : "");
        }
    }

    /** The streams worth reading for one pod, init containers first. */
    public static List<Stream> streams(Pod pod) {
        List<Stream> out = new ArrayList<>();
        if (pod.getStatus() == null) {
            return out;
        }
        List<ContainerStatus> all = new ArrayList<>(Kube.list(pod.getStatus().getInitContainerStatuses()));
        all.addAll(Kube.list(pod.getStatus().getContainerStatuses()));
        boolean initialised = Kube.list(pod.getStatus().getInitContainerStatuses()).stream()
                .allMatch(s -> s.getState() != null && s.getState().getTerminated() != null
                        && Kube.num(s.getState().getTerminated().getExitCode()) == 0);
        for (ContainerStatus s : all) {
            if (!isFailing(s, initialised)) {
                continue;
            }
            var state = s.getState();
            boolean hasCurrent = state != null && (state.getRunning() != null || state.getTerminated() != null);
            boolean hasPrevious = s.getLastState() != null && s.getLastState().getTerminated() != null;
            if (hasCurrent) {
                out.add(new Stream(pod, s.getName(), false));
            }
            if (hasPrevious) {
                out.add(new Stream(pod, s.getName(), true));
            }
        }
        return out;
    }

    static boolean isFailing(ContainerStatus s, boolean podInitialised) {
        if (Kube.num(s.getRestartCount()) > 0) {
            return true;
        }
        var state = s.getState();
        if (state == null) {
            return false;
        }
        if (state.getTerminated() != null) {
            return Kube.num(state.getTerminated().getExitCode()) != 0;
        }
        return state.getRunning() != null && !Boolean.TRUE.equals(s.getReady()) && podInitialised;
    }

    /** Reads one stream into {@code out}; returns the gap when the read was refused or failed. */
    public Optional<CollectionGap> read(Stream stream, Instant from, Optional<Instant> to, EvidenceBundle.Builder out) {
        String ns = stream.pod().getMetadata().getNamespace();
        String pod = stream.pod().getMetadata().getName();
        String what = (stream.previous() ? "previous log" : "log") + " of container " + stream.container()
                + " in pod " + ns + "/" + pod;
        String since = from.truncatedTo(ChronoUnit.SECONDS).toString();
        Calls.Outcome<String> outcome = calls.attempt(what, Access.namespaced("get", "pods/log", "", ns), () -> {
            var c = client.pods().inNamespace(ns).withName(pod).inContainer(stream.container())
                    .withReadyWaitTimeout(0).usingTimestamps();
            return stream.previous()
                    ? c.terminated().sinceTime(since).tailingLines(lineLimit).getLog()
                    : c.sinceTime(since).tailingLines(lineLimit).getLog();
        });
        if (outcome.gap().isPresent()) {
            CollectionGap gap = outcome.gap().get();
            // A 400 or 404 says the log is gone (the container was removed or never ran): nothing to grant or fix.
            boolean gone = gap.kind() == CollectionGap.Kind.UNSUPPORTED
                    || gap.kind() == CollectionGap.Kind.ERROR && gap.reason().contains("HTTP 400");
            if (!gone) {
                return Optional.of(gap);
            }
            return Optional.empty();
        }
        List<LogLine> lines = parse(outcome.value().orElse(""), stream, to);
        int drop = Math.max(0, lines.size() - lineLimit);
        if (drop > 0) {
            out.droppedLogLines(drop);
        }
        out.addAll(lines.subList(drop, lines.size()));
        return Optional.empty();
    }

    /** Splits the API's text, taking the timestamp the kubelet put before each line. */
    static List<LogLine> parse(String text, Stream stream, Optional<Instant> to) {
        List<LogLine> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        Map<String, String> attributes = stream.previous()
                ? Map.of("pod", stream.pod().getMetadata().getName(), "container", stream.container(),
                "namespace", stream.pod().getMetadata().getNamespace(), "previous", "true")
                : Map.of("pod", stream.pod().getMetadata().getName(), "container", stream.container(),
                "namespace", stream.pod().getMetadata().getNamespace());
        List<String> raw = Arrays.asList(text.split("\r?\n", -1));
        if (!raw.isEmpty() && raw.get(raw.size() - 1).isEmpty()) {
            raw = raw.subList(0, raw.size() - 1);
        }
        for (String line : raw) {
            Instant at = null;
            String message = line;
            int space = line.indexOf(' ');
            if (space > 0 && Character.isDigit(line.charAt(0))) {
                try {
                    at = Instant.parse(line.substring(0, space));
                    message = line.substring(space + 1);
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            if (at != null && to.isPresent() && at.isAfter(to.get())) {
                continue;
            }
            out.add(new LogLine(Optional.ofNullable(at), stream.source(), message, level(message), 0, attributes));
        }
        return out;
    }

    static Severity level(String message) {
        String head = message.length() > 200 ? message.substring(0, 200) : message;
        Matcher field = FIELD_LEVEL.matcher(head);
        if (field.find()) {
            Severity s = Severity.parse(field.group(1));
            if (s != Severity.UNKNOWN) {
                return s;
            }
        }
        Matcher m = LEVEL.matcher(head);
        if (m.find()) {
            return Severity.parse(m.group(1).toUpperCase(Locale.ROOT));
        }
        if (message.contains("Exception") || message.startsWith("panic:")) {
            return Severity.ERROR;
        }
        return Severity.UNKNOWN;
    }
}
