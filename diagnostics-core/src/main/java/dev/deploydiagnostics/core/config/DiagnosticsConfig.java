package dev.deploydiagnostics.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's settings, as read from {@code diagnostics.yaml} or built in code.
 *
 * @param enabledProviders    provider ids to use; empty means every provider found
 * @param disabledProviders   provider ids never to use
 * @param providerTimeout     the deadline of each provider, within the analysis deadline
 * @param providerSettings    per-provider settings, keyed by provider id
 * @param analysisTimeout     default deadline of a whole analysis when the request keeps the default
 * @param logLineLimit        most log lines kept per source
 * @param eventLookback       how far back to look for events
 * @param confidenceThreshold the confidence a finding needs to be called the root cause
 * @param maxFindings         most findings a report lists
 * @param patternFiles        extra catalog files to load
 * @param mutedPatterns       pattern ids never to report
 * @param outputFormat        default output format for the CLI
 * @param resilience          how provider calls are protected
 * @param cache               how collected evidence is reused
 */
public record DiagnosticsConfig(Set<String> enabledProviders, Set<String> disabledProviders, Duration providerTimeout,
                                Map<String, Map<String, String>> providerSettings, Duration analysisTimeout,
                                int logLineLimit, Duration eventLookback, double confidenceThreshold, int maxFindings,
                                List<Path> patternFiles, Set<String> mutedPatterns, String outputFormat,
                                ResilienceSettings resilience, CacheSettings cache) {

    /** The defaults: every provider, 30 s per provider, 60 s per analysis, 2,000 lines, threshold 0.5. */
    public static final DiagnosticsConfig DEFAULTS = new DiagnosticsConfig(Set.of(), Set.of(), Duration.ofSeconds(30),
            Map.of(), Duration.ofSeconds(60), 2000, Duration.ofHours(1), 0.5, 5, List.of(), Set.of(), "text",
            ResilienceSettings.DEFAULTS, CacheSettings.DEFAULTS);

    /** Validates and copies. */
    public DiagnosticsConfig {
        enabledProviders = Set.copyOf(enabledProviders);
        disabledProviders = Set.copyOf(disabledProviders);
        Objects.requireNonNull(providerTimeout, "providerTimeout");
        providerSettings = Map.copyOf(providerSettings);
        Objects.requireNonNull(analysisTimeout, "analysisTimeout");
        Objects.requireNonNull(eventLookback, "eventLookback");
        if (logLineLimit < 1) {
            throw new IllegalArgumentException("logLineLimit must be at least 1");
        }
        if (!(confidenceThreshold > 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be within (0, 1]");
        }
        if (maxFindings < 1) {
            throw new IllegalArgumentException("maxFindings must be at least 1");
        }
        patternFiles = List.copyOf(patternFiles);
        mutedPatterns = Set.copyOf(mutedPatterns);
        Objects.requireNonNull(outputFormat, "outputFormat");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(cache, "cache");
    }

    /** Settings of one provider; empty when none. */
    public Map<String, String> settingsFor(String providerId) {
        return Optional.ofNullable(providerSettings.get(providerId)).orElse(Map.of());
    }

    /** True when the provider may run under this configuration. */
    public boolean providerAllowed(String id) {
        return !disabledProviders.contains(id) && (enabledProviders.isEmpty() || enabledProviders.contains(id));
    }

    /** A copy with more catalog files. */
    public DiagnosticsConfig withPatternFiles(List<Path> more) {
        List<Path> all = new java.util.ArrayList<>(patternFiles);
        all.addAll(more);
        return new DiagnosticsConfig(enabledProviders, disabledProviders, providerTimeout, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, confidenceThreshold, maxFindings, all, mutedPatterns,
                outputFormat, resilience, cache);
    }

    /** A copy with other muted pattern ids. */
    public DiagnosticsConfig withMutedPatterns(Set<String> value) {
        return new DiagnosticsConfig(enabledProviders, disabledProviders, providerTimeout, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, confidenceThreshold, maxFindings, patternFiles, value,
                outputFormat, resilience, cache);
    }

    /** A copy with other resilience settings. */
    public DiagnosticsConfig withResilience(ResilienceSettings value) {
        return new DiagnosticsConfig(enabledProviders, disabledProviders, providerTimeout, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, confidenceThreshold, maxFindings, patternFiles,
                mutedPatterns, outputFormat, value, cache);
    }

    /** A copy with other cache settings. */
    public DiagnosticsConfig withCache(CacheSettings value) {
        return new DiagnosticsConfig(enabledProviders, disabledProviders, providerTimeout, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, confidenceThreshold, maxFindings, patternFiles,
                mutedPatterns, outputFormat, resilience, value);
    }

    /** A copy with another per-provider timeout. */
    public DiagnosticsConfig withProviderTimeout(Duration value) {
        return new DiagnosticsConfig(enabledProviders, disabledProviders, value, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, confidenceThreshold, maxFindings, patternFiles,
                mutedPatterns, outputFormat, resilience, cache);
    }

    /** A copy with another confidence threshold. */
    public DiagnosticsConfig withConfidenceThreshold(double value) {
        return new DiagnosticsConfig(enabledProviders, disabledProviders, providerTimeout, providerSettings,
                analysisTimeout, logLineLimit, eventLookback, value, maxFindings, patternFiles, mutedPatterns,
                outputFormat, resilience, cache);
    }
}
