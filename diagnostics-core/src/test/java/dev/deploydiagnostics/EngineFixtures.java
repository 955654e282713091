package dev.deploydiagnostics;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.core.pattern.CatalogLoader;

import java.io.InputStream;
import java.util.List;
import java.util.function.BiFunction;

/** Providers and patterns shared by the engine tests. */
public final class EngineFixtures {
    private EngineFixtures() {
    }

    static List<? extends FailurePattern> testPatterns() {
        try (InputStream in = EngineFixtures.class.getResourceAsStream("/engine/test-catalog.yaml")) {
            return new CatalogLoader().load("test-catalog.yaml", in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Diagnostics.Builder engine() {
        Diagnostics.Builder b = Diagnostics.builder().discovery(false).builtInCatalog(false);
        testPatterns().forEach(b::pattern);
        return b;
    }

    static ResourceState oomContainer() {
        return ResourceState.builder("container", "api-7d9/app").source("pod/shop/api-7d9")
                .status("Waiting").reason("CrashLoopBackOff").restartCount(4)
                .memoryLimitBytes(512L * 1024 * 1024).attribute("container", "app").attribute("limits.memory", "512Mi")
                .lastTermination(Termination.of("OOMKilled", 137)).build();
    }

    /** A provider answering every request with a function of it. */
    public static DiagnosticProvider provider(String id, BiFunction<DiagnosticRequest, CollectionContext, EvidenceBundle> body) {
        return new DiagnosticProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean supports(DiagnosticRequest request) {
                return true;
            }

            @Override
            public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
                return body.apply(request, context);
            }
        };
    }

    /** A provider answering every request with these items. */
    public static DiagnosticProvider returning(String id, Evidence... items) {
        return provider(id, (r, c) -> EvidenceBundle.of(List.of(items)));
    }
}
