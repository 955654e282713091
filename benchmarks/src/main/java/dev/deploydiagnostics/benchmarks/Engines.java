package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.core.collect.OfflineProvider;
import dev.deploydiagnostics.core.config.ConfigLoader;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The engines and requests every benchmark builds the same way. */
final class Engines {
    /** Long enough for a gigabyte on a slow disk; a benchmark must measure the work, not a deadline. */
    static final Duration GENEROUS = Duration.ofMinutes(30);

    private Engines() {
    }

    /**
     * The defaults, with deadlines that cannot cut a large read short and the evidence cache off (a repeated
     * analysis must do the work again, not reuse the last one's evidence); written as a configuration file
     * would say it, so the benchmarks keep compiling as the configuration gains settings.
     */
    static DiagnosticsConfig config() {
        String yaml = "providers:\n  timeout: " + GENEROUS.toMinutes() + "m\ncollection:\n  timeout: "
                + GENEROUS.toMinutes() + "m\ncache:\n  ttl: 0s\n";
        return new ConfigLoader().load("benchmark settings",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Path.of("."));
    }

    /** The built-in catalog and the offline provider, nothing discovered. */
    static DiagnosticEngine offline() {
        return Diagnostics.builder().discovery(false).config(config()).provider(new OfflineProvider()).build();
    }

    /** The built-in catalog and the given providers, nothing discovered. */
    static DiagnosticEngine with(List<? extends DiagnosticProvider> providers) {
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).config(config());
        providers.forEach(b::provider);
        return b.build();
    }

    /** A request to analyse these files or directories. */
    static DiagnosticRequest offlineRequest(Path... inputs) {
        DiagnosticRequest.Builder b = DiagnosticRequest.builder().timeout(GENEROUS);
        for (Path p : inputs) {
            b.input(EvidenceInput.of(p));
        }
        return b.build();
    }
}
