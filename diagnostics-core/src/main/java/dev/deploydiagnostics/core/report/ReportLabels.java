package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.api.Verdict;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Labels every output format shares: the target named in a stable order, confidences as percentages, verdict
 * names, and the terms of a finding worth highlighting in its evidence.
 */
public final class ReportLabels {
    /** The order target keys are shown in; keys not listed follow alphabetically. */
    private static final List<String> TARGET_ORDER = List.of("platform", "cluster", "region", "project", "namespace",
            "service", "deploymentId");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:/-]*[\\p{L}\\p{N}]");
    /** Words the taxonomy lists as typical signals of a category, so evidence shows why it counts. */
    private static final Map<Category, List<String>> SIGNALS = Map.ofEntries(
            Map.entry(Category.OOM_KILLED, List.of("OOMKilled", "OutOfMemoryError", "out of memory", "Memory limit",
                    "exit 137", "exit code 137", "signal: killed")),
            Map.entry(Category.IMAGE_PULL_FAILURE, List.of("ErrImagePull", "ImagePullBackOff", "CannotPullContainerError",
                    "manifest unknown", "pull access denied", "toomanyrequests")),
            Map.entry(Category.PORT_BINDING_FAILURE, List.of("address already in use", "EADDRINUSE", "PORT")),
            Map.entry(Category.HEALTH_CHECK_FAILURE, List.of("Unhealthy", "Liveness probe failed", "Readiness probe failed",
                    "health checks", "unhealthy")),
            Map.entry(Category.CRASH_LOOP_APP_ERROR, List.of("CrashLoopBackOff", "Exception", "exit 1", "exec format error",
                    "Essential container in task exited")),
            Map.entry(Category.MISSING_CONFIG_OR_SECRET, List.of("CreateContainerConfigError", "not found", "is not set",
                    "ResourceInitializationError")),
            Map.entry(Category.PERMISSION_DENIED_IAM, List.of("AccessDenied", "is not authorized to perform", "forbidden",
                    "Forbidden")),
            Map.entry(Category.INSUFFICIENT_RESOURCES_SCHEDULING, List.of("FailedScheduling", "Insufficient cpu",
                    "Insufficient memory", "unable to place a task", "quota exceeded")),
            Map.entry(Category.DEPENDENCY_UNREACHABLE, List.of("Connection refused", "ECONNREFUSED",
                    "could not connect to server", "Communications link failure")),
            Map.entry(Category.STARTUP_TIMEOUT, List.of("ProgressDeadlineExceeded", "Startup probe failed", "timed out")),
            Map.entry(Category.DISK_OR_VOLUME_FAILURE, List.of("FailedMount", "FailedAttachVolume", "no space left on device",
                    "DiskPressure")),
            Map.entry(Category.NETWORK_OR_DNS_FAILURE, List.of("no such host", "Temporary failure in name resolution")),
            Map.entry(Category.LAMBDA_TIMEOUT, List.of("Task timed out")),
            Map.entry(Category.LAMBDA_IMPORT_OR_HANDLER_ERROR, List.of("Runtime.ImportModuleError", "Runtime.HandlerNotFound",
                    "ClassNotFoundException")),
            Map.entry(Category.CERTIFICATE_OR_TLS_FAILURE, List.of("x509", "certificate has expired", "PKIX path building failed")),
            Map.entry(Category.RATE_LIMITED_OR_THROTTLED, List.of("toomanyrequests", "ThrottlingException", "429",
                    "Rate exceeded")));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReportLabels() {
    }

    /** The report's target with its keys in a stable, readable order (the report's own map has none). */
    public static Map<String, String> orderedTarget(Map<String, String> target) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : TARGET_ORDER) {
            if (target.containsKey(k)) {
                out.put(k, target.get(k));
            }
        }
        target.keySet().stream().filter(k -> !out.containsKey(k)).sorted().forEach(k -> out.put(k, target.get(k)));
        return out;
    }

    /**
     * A short name for what was analysed, e.g. {@code kubernetes shop/api}: the platform, then the other
     * identifiers joined by slashes; {@code deployment} when the target is empty.
     */
    public static String targetName(DiagnosticReport report) {
        Map<String, String> t = orderedTarget(report.target());
        String platform = t.remove("platform");
        t.remove("inputs");
        String rest = String.join("/", t.values());
        String name = (platform == null ? "" : platform) + (platform != null && !rest.isEmpty() ? " " : "") + rest;
        if (name.isBlank()) {
            name = report.target().getOrDefault("inputs", "deployment");
        }
        return name;
    }

    /** A confidence as a whole percentage, e.g. {@code 93%}. */
    public static String percent(double confidence) {
        return ReportAssembler.percent(confidence);
    }

    /** A timestamp for people, in UTC. */
    public static String time(java.time.Instant instant) {
        return TIME.format(instant);
    }

    /** The verdict as a short label for badges and subjects. */
    public static String verdictLabel(Verdict verdict) {
        return switch (verdict) {
            case ROOT_CAUSE_FOUND -> "Root cause found";
            case INCONCLUSIVE -> "Inconclusive";
            case NO_FAILURE_FOUND -> "No failure found";
            case COLLECTION_FAILED -> "Collection failed";
        };
    }

    /**
     * The terms of a finding a reader looks for in its evidence: the values of its facts, the reasons of the
     * states and events it cites, and the technical words of its title (with digits, inner capitals or dots,
     * such as {@code OOMKilled} or {@code 512Mi}), and the typical signal words of its category that its evidence
     * holds. Longest first, so a highlighter prefers the longer match.
     */
    public static List<String> keyTerms(Finding finding) {
        Set<String> terms = new LinkedHashSet<>();
        finding.facts().values().forEach(v -> addTerm(terms, v));
        for (Evidence e : finding.evidence()) {
            if (e instanceof ResourceState s) {
                s.reason().ifPresent(r -> addTerm(terms, r));
                s.lastTermination().map(Termination::reason).ifPresent(r -> addTerm(terms, r));
            } else if (e instanceof Event ev) {
                addTerm(terms, ev.reason());
            }
        }
        var m = WORD.matcher(finding.title());
        while (m.find()) {
            String w = m.group();
            boolean technical = w.chars().anyMatch(Character::isDigit)
                    || w.substring(1).chars().anyMatch(Character::isUpperCase)
                    || w.contains(".") || w.contains("_") || w.contains(":");
            if (technical) {
                addTerm(terms, w);
            }
        }
        for (String signal : SIGNALS.getOrDefault(finding.category(), List.of())) {
            String lower = signal.toLowerCase(Locale.ROOT);
            if (finding.evidence().stream().anyMatch(e -> e.text().toLowerCase(Locale.ROOT).contains(lower))) {
                addTerm(terms, signal);
            }
        }
        List<String> out = new ArrayList<>(terms);
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    private static void addTerm(Set<String> terms, String value) {
        String v = value == null ? "" : value.trim();
        if (v.length() >= 2 && v.length() <= 200) {
            terms.add(v);
        }
    }

    /**
     * Splits a text into alternating plain and matched parts: even indexes are plain, odd indexes are the parts
     * that equal one of the terms (case-insensitive, non-overlapping, leftmost and then longest first).
     */
    public static List<String> splitOnTerms(String text, List<String> terms) {
        List<String> parts = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> lowerTerms = terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        int pos = 0;
        int plainStart = 0;
        while (pos < text.length()) {
            int bestLen = 0;
            for (String t : lowerTerms) {
                if (t.length() > bestLen && lower.startsWith(t, pos) && lower.length() == text.length()) {
                    bestLen = t.length();
                }
            }
            if (bestLen > 0) {
                parts.add(text.substring(plainStart, pos));
                parts.add(text.substring(pos, pos + bestLen));
                pos += bestLen;
                plainStart = pos;
            } else {
                pos++;
            }
        }
        parts.add(text.substring(plainStart));
        return parts;
    }
}
