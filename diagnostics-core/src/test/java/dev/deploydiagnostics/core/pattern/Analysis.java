package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs the built-in catalog over hand-made evidence through a real engine. */
final class Analysis {
    private Analysis() {
    }

    /** Hands the engine a fixed bundle, as a platform provider would. */
    record FixedEvidence(EvidenceBundle bundle) implements DiagnosticProvider {
        @Override
        public String id() {
            return "fixed-evidence";
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return true;
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            return bundle;
        }
    }

    static DiagnosticReport report(Platform platform, List<Path> catalogs, Evidence... evidence) {
        return report(platform, b -> catalogs.forEach(b::patternCatalog), evidence);
    }

    static DiagnosticReport report(Platform platform, Consumer<Diagnostics.Builder> customise, Evidence... evidence) {
        // The catalog's own confidences: calibration and the similarity fallback are tested on their own.
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).calibration(false).similarity(false)
                .provider(new FixedEvidence(EvidenceBundle.of(List.of(evidence))));
        BuiltInPatterns.all().forEach(b::pattern);
        customise.accept(b);
        try (DiagnosticEngine engine = b.build()) {
            return engine.analyze(DiagnosticRequest.builder().platform(platform).service("checkout").build());
        }
    }

    static List<Finding> findings(Platform platform, Evidence... evidence) {
        return report(platform, List.of(), evidence).findings();
    }

    static Finding top(Platform platform, Evidence... evidence) {
        List<Finding> f = findings(platform, evidence);
        if (f.isEmpty()) {
            throw new AssertionError("no finding for " + List.of(evidence));
        }
        return f.get(0);
    }

    static Optional<Finding> byId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.patternId().equals(id)).findFirst();
    }

    /** Everything a finding tells a reader about how to fix it, for assertions on filled-in numbers. */
    static String remedyText(Finding f) {
        StringBuilder sb = new StringBuilder(f.title()).append('\n');
        f.remedies().forEach(r -> {
            sb.append(r.title()).append('\n');
            r.steps().forEach(s -> sb.append(s).append('\n'));
            r.configExample().ifPresent(c -> sb.append(c.content()).append('\n'));
        });
        return sb.toString();
    }
}
