package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.k8s.internal.ClientConfigs;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.util.Objects;

/**
 * Creates the fabric8 {@link KubernetesClient} that {@link KubernetesProvider} uses for one request.
 *
 * <p>The provider closes every client a factory creates once the collection is over; hand the provider a
 * {@link KubernetesClient} directly instead to keep ownership of a long-lived client.
 */
@Experimental("may gain a way to share clients between requests")
@FunctionalInterface
public interface KubernetesClientFactory {

    /**
     * Creates a client for the cluster the request names.
     *
     * @throws RuntimeException when no client can be configured; the provider reports it as a gap
     */
    KubernetesClient create(DiagnosticRequest request);

    /**
     * The default: connects with the request's attributes: an explicit API server, token and CA
     * ({@code kube.apiServer}, {@code kube.token}, {@code kube.caData}), else a kubeconfig
     * ({@code kube.config}, {@code kube.context}), else the usual discovery (the {@code KUBECONFIG}
     * variable, {@code ~/.kube/config}, or the in-cluster service account).
     */
    static KubernetesClientFactory fromRequest() {
        return request -> new KubernetesClientBuilder().withConfig(ClientConfigs.forRequest(request)).build();
    }

    /** Always connects with this configuration; the request's namespace still selects where to look. */
    static KubernetesClientFactory of(Config config) {
        Objects.requireNonNull(config, "config");
        return request -> new KubernetesClientBuilder()
                .withConfig(ClientConfigs.withTimeouts(config, request.timeout())).build();
    }
}
