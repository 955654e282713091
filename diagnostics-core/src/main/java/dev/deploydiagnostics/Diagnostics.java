package dev.deploydiagnostics;

import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.Stable;
import dev.deploydiagnostics.core.config.ConfigLoader;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import dev.deploydiagnostics.core.internal.SafeListener;
import dev.deploydiagnostics.core.pattern.CatalogLoader;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import dev.deploydiagnostics.core.similarity.ConfidenceCalibration;
import dev.deploydiagnostics.core.similarity.FindingRefiner;
import dev.deploydiagnostics.core.similarity.SimilarityFallback;
import dev.deploydiagnostics.core.similarity.SimilarityModel;
import dev.deploydiagnostics.core.report.JsonRenderer;
import dev.deploydiagnostics.core.report.TextRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: {@code Diagnostics.analyze(request)} diagnoses a failed deployment with everything found on
 * the class path, and {@code Diagnostics.builder()} builds an engine with explicit providers, patterns,
 * renderers, listeners and configuration.
 *
 * <pre>{@code
 * DiagnosticReport report = Diagnostics.analyze(DiagnosticRequest.builder()
 *         .platform(Platform.KUBERNETES).namespace("shop").service("checkout").build());
 * report.rootCause().ifPresent(f -> System.out.println(f.title()));
 * }</pre>
 */
@Stable
public final class Diagnostics {
    private static final Logger LOG = LoggerFactory.getLogger(Diagnostics.class);
    private static volatile DiagnosticEngine defaultEngine;

    private Diagnostics() {
    }

    /** Analyses with the shared default engine (everything discovered, default configuration). */
    public static DiagnosticReport analyze(DiagnosticRequest request) {
        return defaultEngine().analyze(request);
    }

    /** Analyses asynchronously with the shared default engine. */
    public static CompletableFuture<DiagnosticReport> analyzeAsync(DiagnosticRequest request) {
        return defaultEngine().analyzeAsync(request);
    }

    /** The shared default engine, built on first use; it lives as long as the class loader. */
    public static DiagnosticEngine defaultEngine() {
        DiagnosticEngine e = defaultEngine;
        if (e == null) {
            synchronized (Diagnostics.class) {
                e = defaultEngine;
                if (e == null) {
                    e = builder().build();
                    defaultEngine = e;
                }
            }
        }
        return e;
    }

    /** Starts a builder for an engine of your own. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link DiagnosticEngine}. Explicit providers, patterns and renderers win over discovered ones
     * with the same id; discovery can be switched off.
     */
    public static final class Builder {
        /** Likely causes the similarity model is less sure of are not worth a reader's time. */
        private static final double LIKELY_CAUSE_FLOOR = 0.15;
        private final List<DiagnosticProvider> providers = new ArrayList<>();
        private final List<FailurePattern> patterns = new ArrayList<>();
        private final List<ReportRenderer> renderers = new ArrayList<>();
        private final List<DiagnosticListener> listeners = new ArrayList<>();
        private final List<Path> catalogs = new ArrayList<>();
        private final Map<Class<?>, Object> components = new LinkedHashMap<>();
        private DiagnosticsConfig config = DiagnosticsConfig.DEFAULTS;
        private boolean discovery = true;
        private boolean builtInCatalog = true;
        private Clock clock = Clock.systemUTC();
        private ClassLoader classLoader;
        private Boolean similarity;
        private Path similarityModel;
        private boolean calibration = true;

        private Builder() {
        }

        /** Adds a provider. */
        public Builder provider(DiagnosticProvider provider) { providers.add(Objects.requireNonNull(provider)); return this; }
        /** Adds a pattern. */
        public Builder pattern(FailurePattern pattern) { patterns.add(Objects.requireNonNull(pattern)); return this; }
        /** Adds a renderer. */
        public Builder renderer(ReportRenderer renderer) { renderers.add(Objects.requireNonNull(renderer)); return this; }
        /** Adds a listener. */
        public Builder listener(DiagnosticListener listener) { listeners.add(Objects.requireNonNull(listener)); return this; }
        /** Adds a YAML pattern catalog file. */
        public Builder patternCatalog(Path file) { catalogs.add(Objects.requireNonNull(file)); return this; }
        /** Uses this configuration. */
        public Builder config(DiagnosticsConfig value) { this.config = Objects.requireNonNull(value); return this; }
        /** Reads configuration from a {@code diagnostics.yaml}. */
        public Builder config(Path file) { this.config = new ConfigLoader().load(file); return this; }
        /** Switches {@link ServiceLoader} discovery of providers, patterns, renderers and plug-in catalogs on or off. */
        public Builder discovery(boolean value) { this.discovery = value; return this; }
        /** Switches the built-in pattern catalog on or off. */
        public Builder builtInCatalog(boolean value) { this.builtInCatalog = value; return this; }
        /**
         * Switches the similarity fallback on or off: when no pattern reaches the threshold, a text classifier
         * proposes a likely cause (pattern id {@code similarity.<category>}). On by default with the built-in
         * catalog, off without it (the built-in model knows the built-in vocabularies).
         */
        public Builder similarity(boolean value) { this.similarity = value; return this; }
        /** Uses this similarity model (as written by {@code diagnose --train}) instead of the built-in one. */
        public Builder similarityModel(Path file) { this.similarityModel = Objects.requireNonNull(file); this.similarity = true; return this; }
        /**
         * Switches the calibration of the built-in patterns' confidences on or off; off leaves the confidences
         * as the catalog's weights add up. On by default.
         */
        public Builder calibration(boolean value) { this.calibration = value; return this; }
        /** The clock deadlines and timestamps use. */
        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value); return this; }
        /** The class loader discovery uses; defaults to this library's. */
        public Builder classLoader(ClassLoader value) { this.classLoader = value; return this; }
        /**
         * Shares a collaborator with providers, such as SDK credentials or a preconfigured client; providers
         * look it up with {@code CollectionContext.component(type)}.
         */
        public <T> Builder component(Class<T> type, T value) { components.put(type, Objects.requireNonNull(value)); return this; }

        /**
         * Builds the engine.
         *
         * @throws dev.deploydiagnostics.api.InvalidConfigurationException when a catalog is invalid
         */
        public DiagnosticEngine build() {
            ClassLoader cl = classLoader != null ? classLoader : Diagnostics.class.getClassLoader();
            Map<String, DiagnosticProvider> p = new LinkedHashMap<>();
            Map<String, FailurePattern> f = new LinkedHashMap<>();
            Map<String, ReportRenderer> r = new LinkedHashMap<>();
            CatalogLoader catalogLoader = new CatalogLoader();
            r.put("text", new TextRenderer());
            r.put("json", new JsonRenderer());
            java.util.Set<String> builtInIds = new java.util.HashSet<>();
            if (builtInCatalog) {
                catalogLoader.loadBuiltIn().forEach(x -> {
                    f.put(x.id(), x);
                    builtInIds.add(x.id());
                });
                BuiltInPatterns.all().forEach(x -> builtInIds.add(x.id()));
            }
            if (discovery) {
                discover(DiagnosticProvider.class, cl).forEach(x -> p.put(x.id(), x));
                discover(FailurePattern.class, cl).forEach(x -> f.put(x.id(), x));
                discover(ReportRenderer.class, cl).forEach(x -> r.put(x.format(), x));
                catalogLoader.loadPlugins(cl).forEach(x -> f.put(x.id(), x));
                LOG.debug("discovered providers {}, {} patterns, renderers {}", p.keySet(), f.size(), r.keySet());
            }
            List<Path> files = new ArrayList<>(config.patternFiles());
            files.addAll(catalogs);
            for (Path file : files) {
                catalogLoader.load(file).forEach(x -> f.put(x.id(), x));
            }
            providers.forEach(x -> p.put(x.id(), x));
            patterns.forEach(x -> f.put(x.id(), x));
            renderers.forEach(x -> r.put(x.format(), x));
            config.mutedPatterns().forEach(f::remove);
            return new DiagnosticEngine(config, List.copyOf(p.values()), List.copyOf(f.values()), r,
                    new SafeListener(listeners), clock, components, refiner(builtInIds, f));
        }

        private FindingRefiner refiner(java.util.Set<String> builtInIds, Map<String, FailurePattern> active) {
            java.util.Set<String> calibrated = new java.util.HashSet<>();
            if (calibration) {
                calibrated.addAll(builtInIds);
                calibrated.retainAll(active.keySet());
            }
            java.util.Optional<SimilarityFallback> fallback = java.util.Optional.empty();
            if (similarity == null ? builtInCatalog || similarityModel != null : similarity) {
                if (similarityModel == null) {
                    fallback = java.util.Optional.of(SimilarityFallback.builtIn());
                } else {
                    try (java.io.InputStream in = java.nio.file.Files.newInputStream(similarityModel)) {
                        fallback = java.util.Optional.of(new SimilarityFallback(SimilarityModel.read(in)));
                    } catch (java.io.IOException e) {
                        throw new dev.deploydiagnostics.api.InvalidConfigurationException(similarityModel.toString(),
                                "the similarity model cannot be read: " + e.getMessage());
                    }
                }
            }
            ConfidenceCalibration map = calibrated.isEmpty() ? ConfidenceCalibration.identity() : ConfidenceCalibration.builtIn();
            return new FindingRefiner(fallback, map, calibrated, config.confidenceThreshold(), LIKELY_CAUSE_FLOOR);
        }

        private static <T> List<T> discover(Class<T> type, ClassLoader cl) {
            List<T> found = new ArrayList<>();
            ServiceLoader<T> loader = ServiceLoader.load(type, cl);
            var it = loader.iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (ServiceConfigurationError e) {
                    // One broken plug-in jar must not stop the others from loading.
                    LOG.warn("skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
                }
            }
            return found;
        }
    }
}
