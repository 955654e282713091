package dev.deploydiagnostics.azure.internal;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Kubernetes provider on the class path and hands it a request that already says how to reach
 * the cluster, so a managed-cluster provider adds the workload's pods, events and logs to its own evidence.
 */
public final class KubernetesHandoff implements AutoCloseable {
    /** The id of the provider that reads a cluster through its API server. */
    public static final String KUBERNETES_ID = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesHandoff.class);

    private final ClassLoader loader;
    private DiagnosticProvider found;
    private boolean searched;

    /** A hand-off that looks for providers with this class loader. */
    public KubernetesHandoff(ClassLoader loader) {
        this.loader = loader;
    }

    /** The Kubernetes provider, found once with {@link ServiceLoader}. */
    public synchronized Optional<DiagnosticProvider> provider() {
        if (!searched) {
            searched = true;
            try {
                for (DiagnosticProvider p : ServiceLoader.load(DiagnosticProvider.class, loader)) {
                    if (KUBERNETES_ID.equals(p.id())) {
                        found = p;
                        break;
                    }
                    p.close();
                }
            } catch (ServiceConfigurationError e) {
                LOG.debug("could not load providers", e);
            }
            LOG.debug("kubernetes provider {}", found == null ? "not found" : "found: " + found.getClass().getName());
        }
        return Optional.ofNullable(found);
    }

    /**
     * Runs the Kubernetes provider on the derived request; a missing provider or a failure becomes a gap.
     *
     * @param provider the id of the managed-cluster provider, for gaps
     * @param what     what the hand-off collects, e.g. {@code workload in cluster prod}
     */
    public EvidenceBundle collect(DiagnosticRequest derived, CollectionContext context, String provider,
                                  String what) {
        Optional<DiagnosticProvider> k8s = provider();
        if (k8s.isEmpty()) {
            return EvidenceBundle.of(java.util.List.of(CollectionGap.of(provider, what,
                    "no provider with id 'kubernetes' is on the class path; add dev.deploydiagnostics:diagnostics-k8s",
                    CollectionGap.Kind.UNSUPPORTED)));
        }
        try {
            return k8s.get().collect(derived, context);
        } catch (RuntimeException e) {
            LOG.debug("kubernetes provider failed", e);
            return EvidenceBundle.of(java.util.List.of(CollectionGap.of(provider, what,
                    "the Kubernetes provider failed: " + e, CollectionGap.Kind.ERROR)));
        }
    }

    @Override
    public synchronized void close() {
        if (found != null) {
            found.close();
            found = null;
        }
        searched = false;
    }
}
