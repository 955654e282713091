package dev.deploydiagnostics.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.api.InvalidConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code diagnostics.yaml}. Every problem is reported at once, each naming the key and the fix.
 *
 * <pre>{@code
 * providers:
 *   enabled: [offline, kubernetes]   # empty or absent: all found on the class path
 *   disabled: []
 *   timeout: 30s                     # per provider
 *   settings:
 *     aws-ecs: { maxTasks: "50" }
 * collection:
 *   timeout: 60s                     # whole analysis
 *   logLineLimit: 2000
 *   eventLookback: 1h
 * analysis:
 *   confidenceThreshold: 0.5
 *   maxFindings: 5
 *   patterns: [ci/deploy-patterns.yaml]   # relative to this file
 *   mute: [k8s.probe.readiness]
 * output:
 *   format: text
 * resilience:                        # per provider
 *   circuitBreaker: { failureRateThreshold: 50, minimumCalls: 4, slidingWindowSize: 10, waitInOpenState: 30s, permittedCallsInHalfOpen: 2 }
 *   retry: { maxAttempts: 3, initialBackoff: 200ms, multiplier: 2.0, maxBackoff: 5s, jitter: 0.5 }
 *   bulkhead: { maxConcurrentCalls: 8 }
 *   rateLimiter: { callsPerPeriod: 20, period: 1s }
 *   apiQuotas:                       # per platform API, shared by all providers; these add to or replace the defaults
 *     "logs:FilterLogEvents": { calls: 5, period: 1s }
 *     "logging.logEntries.list": { calls: 60, period: 1m }
 * cache:
 *   ttl: 2m                          # 0s switches it off
 *   maxWeight: 200000                # evidence items
 * }</pre>
 */
public final class ConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "providers", Set.of("enabled", "disabled", "timeout", "settings"),
            "collection", Set.of("timeout", "logLineLimit", "eventLookback"),
            "analysis", Set.of("confidenceThreshold", "maxFindings", "patterns", "mute"),
            "output", Set.of("format"),
            "resilience", Set.of("circuitBreaker", "retry", "bulkhead", "rateLimiter", "apiQuotas"),
            "cache", Set.of("ttl", "maxWeight"));
    /** Sections other modules read from the same file; their keys are theirs to check. */
    private static final Set<String> FOREIGN_SECTIONS = Set.of("sinks");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** Reads a configuration file; relative catalog paths resolve against its folder. */
    public DiagnosticsConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(file.toString(), "does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Path base = file.toAbsolutePath().getParent();
            return load(file.toString(), in, base);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /** Reads configuration from a stream; {@code base} resolves relative catalog paths. */
    public DiagnosticsConfig load(String name, InputStream in, Path base) {
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw new InvalidConfigurationException(name, "is not valid YAML: " + msg);
        }
        DiagnosticsConfig d = DiagnosticsConfig.DEFAULTS;
        if (root == null || root.isNull() || root.isMissingNode()) {
            return d;
        }
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new InvalidConfigurationException(name, "must be a mapping with sections " + new TreeSet<>(KEYS.keySet()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (FOREIGN_SECTIONS.contains(section)) {
                continue;
            }
            if (!KEYS.containsKey(section)) {
                problems.add("unknown section '" + section + "'; expected one of " + new TreeSet<>(KEYS.keySet()) + " or sinks");
                continue;
            }
            JsonNode s = root.get(section);
            if (!s.isObject()) {
                problems.add("'" + section + "' must be a mapping");
                continue;
            }
            for (Iterator<String> k = s.fieldNames(); k.hasNext(); ) {
                String key = k.next();
                if (!KEYS.get(section).contains(key)) {
                    problems.add("unknown key '" + section + "." + key + "'; expected one of " + new TreeSet<>(KEYS.get(section)));
                }
            }
        }
        JsonNode p = root.path("providers");
        JsonNode c = root.path("collection");
        JsonNode a = root.path("analysis");
        Set<String> enabled = strings(p, "enabled", "providers.enabled", problems);
        Set<String> disabled = strings(p, "disabled", "providers.disabled", problems);
        Duration providerTimeout = duration(p, "timeout", "providers.timeout", d.providerTimeout(), problems);
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        JsonNode st = p.path("settings");
        if (!st.isMissingNode()) {
            if (!st.isObject()) {
                problems.add("'providers.settings' must be a mapping of provider id to settings");
            } else {
                st.fields().forEachRemaining(e -> {
                    if (!e.getValue().isObject()) {
                        problems.add("'providers.settings." + e.getKey() + "' must be a mapping");
                        return;
                    }
                    Map<String, String> m = new LinkedHashMap<>();
                    e.getValue().fields().forEachRemaining(x -> m.put(x.getKey(), x.getValue().asText()));
                    settings.put(e.getKey(), m);
                });
            }
        }
        Duration analysisTimeout = duration(c, "timeout", "collection.timeout", d.analysisTimeout(), problems);
        int lines = integer(c, "logLineLimit", "collection.logLineLimit", d.logLineLimit(), 1, 1_000_000, problems);
        Duration lookback = duration(c, "eventLookback", "collection.eventLookback", d.eventLookback(), problems);
        double threshold = d.confidenceThreshold();
        JsonNode t = a.get("confidenceThreshold");
        if (t != null) {
            if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() > 1) {
                problems.add("'analysis.confidenceThreshold' must be a number within (0, 1], e.g. 0.5; found '" + t.asText() + "'");
            } else {
                threshold = t.asDouble();
            }
        }
        int maxFindings = integer(a, "maxFindings", "analysis.maxFindings", d.maxFindings(), 1, 100, problems);
        List<Path> patterns = new ArrayList<>();
        for (String f : strings(a, "patterns", "analysis.patterns", problems)) {
            Path path = base == null ? Path.of(f) : base.resolve(f);
            if (!Files.isRegularFile(path)) {
                problems.add("'analysis.patterns' names " + path + ", which does not exist");
            }
            patterns.add(path);
        }
        Set<String> mute = strings(a, "mute", "analysis.mute", problems);
        String format = root.path("output").path("format").asText(d.outputFormat()).toLowerCase(Locale.ROOT);
        ResilienceSettings r = resilience(root.path("resilience"), problems);
        CacheSettings cache = d.cache();
        JsonNode cn = root.path("cache");
        if (!cn.isMissingNode()) {
            Duration ttl = cn.has("ttl") && "0".equals(cn.get("ttl").asText().replaceAll("[^0-9]", ""))
                    ? Duration.ZERO : duration(cn, "ttl", "cache.ttl", cache.ttl(), problems);
            long weight = integer(cn, "maxWeight", "cache.maxWeight", (int) Math.min(Integer.MAX_VALUE, cache.maxWeight()), 0, Integer.MAX_VALUE, problems);
            cache = new CacheSettings(ttl, weight);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(name, problems);
        }
        return new DiagnosticsConfig(enabled, disabled, providerTimeout, settings, analysisTimeout, lines, lookback,
                threshold, maxFindings, patterns, mute, format, r, cache);
    }

    private static ResilienceSettings resilience(JsonNode n, List<String> problems) {
        ResilienceSettings d = ResilienceSettings.DEFAULTS;
        if (n.isMissingNode()) {
            return d;
        }
        JsonNode cb = n.path("circuitBreaker");
        JsonNode rt = n.path("retry");
        JsonNode bh = n.path("bulkhead");
        JsonNode rl = n.path("rateLimiter");
        unknown(cb, "resilience.circuitBreaker", Set.of("failureRateThreshold", "minimumCalls", "slidingWindowSize", "waitInOpenState", "permittedCallsInHalfOpen"), problems);
        unknown(rt, "resilience.retry", Set.of("maxAttempts", "initialBackoff", "multiplier", "maxBackoff", "jitter"), problems);
        unknown(bh, "resilience.bulkhead", Set.of("maxConcurrentCalls"), problems);
        unknown(rl, "resilience.rateLimiter", Set.of("callsPerPeriod", "period"), problems);
        double rate = number(cb, "failureRateThreshold", "resilience.circuitBreaker.failureRateThreshold", d.failureRateThreshold(), 1, 100, problems);
        int minimum = integer(cb, "minimumCalls", "resilience.circuitBreaker.minimumCalls", d.minimumCalls(), 1, 10_000, problems);
        int window = integer(cb, "slidingWindowSize", "resilience.circuitBreaker.slidingWindowSize", d.slidingWindowSize(), 1, 10_000, problems);
        Duration open = duration(cb, "waitInOpenState", "resilience.circuitBreaker.waitInOpenState", d.waitInOpenState(), problems);
        int half = integer(cb, "permittedCallsInHalfOpen", "resilience.circuitBreaker.permittedCallsInHalfOpen", d.permittedCallsInHalfOpen(), 1, 1000, problems);
        int attempts = integer(rt, "maxAttempts", "resilience.retry.maxAttempts", d.maxAttempts(), 1, 20, problems);
        Duration initial = duration(rt, "initialBackoff", "resilience.retry.initialBackoff", d.initialBackoff(), problems);
        double multiplier = number(rt, "multiplier", "resilience.retry.multiplier", d.backoffMultiplier(), 1, 10, problems);
        Duration maxBackoff = duration(rt, "maxBackoff", "resilience.retry.maxBackoff", d.maxBackoff(), problems);
        double jitter = number(rt, "jitter", "resilience.retry.jitter", d.jitter(), 0, 0.99, problems);
        int concurrent = integer(bh, "maxConcurrentCalls", "resilience.bulkhead.maxConcurrentCalls", d.maxConcurrentCalls(), 1, 1000, problems);
        int calls = integer(rl, "callsPerPeriod", "resilience.rateLimiter.callsPerPeriod", d.callsPerPeriod(), 1, 100_000, problems);
        Duration period = duration(rl, "period", "resilience.rateLimiter.period", d.period(), problems);
        Map<String, ApiQuota> quotas = new LinkedHashMap<>(ApiQuota.DEFAULTS);
        JsonNode aq = n.path("apiQuotas");
        if (!aq.isMissingNode() && !aq.isObject()) {
            problems.add("'resilience.apiQuotas' must map API names to { calls: N, period: D }");
        } else if (aq.isObject()) {
            aq.fields().forEachRemaining(e -> {
                String path = "resilience.apiQuotas." + e.getKey();
                JsonNode q = e.getValue();
                if (!q.isObject()) {
                    problems.add("'" + path + "' must be { calls: N, period: D }");
                    return;
                }
                unknown(q, path, Set.of("calls", "period"), problems);
                if (!q.has("calls") || !q.has("period")) {
                    problems.add("'" + path + "' needs both calls and period");
                    return;
                }
                int qc = integer(q, "calls", path + ".calls", 1, 1, 1_000_000, problems);
                Duration qp = duration(q, "period", path + ".period", Duration.ofSeconds(1), problems);
                quotas.put(e.getKey(), new ApiQuota(qc, qp));
            });
        }
        return new ResilienceSettings((float) rate, minimum, Math.max(window, minimum), open, half, attempts, initial,
                multiplier, maxBackoff, jitter, concurrent, calls, period, quotas);
    }

    private static void unknown(JsonNode n, String path, Set<String> allowed, List<String> problems) {
        if (n.isMissingNode()) {
            return;
        }
        if (!n.isObject()) {
            problems.add("'" + path + "' must be a mapping");
            return;
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problems.add("unknown key '" + path + "." + k + "'; expected one of " + new TreeSet<>(allowed));
            }
        });
    }

    private static double number(JsonNode n, String key, String path, double dflt, double min, double max, List<String> problems) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            problems.add("'" + path + "' must be a number from " + min + " to " + max + "; found '" + v.asText() + "'");
            return dflt;
        }
        return v.asDouble();
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, {@code 1d} or ISO-8601 {@code PT30S}. */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    }

    private static Duration duration(JsonNode n, String key, String path, Duration dflt, List<String> problems) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            Duration d = parseDuration(v.asText());
            if (d.isNegative() || d.isZero()) {
                problems.add("'" + path + "' must be positive, e.g. 30s");
                return dflt;
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add("'" + path + "' must be a duration such as 30s, 5m or 1h; found '" + v.asText() + "'");
            return dflt;
        }
    }

    private static int integer(JsonNode n, String key, String path, int dflt, int min, int max, List<String> problems) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            problems.add("'" + path + "' must be a whole number from " + min + " to " + max + "; found '" + v.asText() + "'");
            return dflt;
        }
        return v.asInt();
    }

    private static Set<String> strings(JsonNode n, String key, String path, List<String> problems) {
        JsonNode v = n.get(key);
        Set<String> out = new LinkedHashSet<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            problems.add("'" + path + "' must be a list of names");
        }
        return out;
    }
}
