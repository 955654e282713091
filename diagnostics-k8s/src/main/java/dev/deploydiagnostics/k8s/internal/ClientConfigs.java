package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticRequest.Attributes;
import dev.deploydiagnostics.api.InvalidConfigurationException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;

import java.io.File;
import java.time.Duration;
import java.util.Optional;

/** Turns a request's connection attributes into a fabric8 client configuration. */
public final class ClientConfigs {
    /** No single API call may take longer than this, whatever the overall deadline. */
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private ClientConfigs() {
    }

    /** The configuration for the cluster the request names; see {@code KubernetesClientFactory#fromRequest()}. */
    public static Config forRequest(DiagnosticRequest request) {
        Optional<String> apiServer = request.attribute(Attributes.KUBE_API_SERVER);
        Optional<String> context = request.attribute(Attributes.KUBE_CONTEXT);
        Config config;
        if (apiServer.isPresent()) {
            ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.get());
            request.attribute(Attributes.KUBE_TOKEN).ifPresent(b::withOauthToken);
            request.attribute(Attributes.KUBE_CA_DATA).ifPresent(b::withCaCertData);
            config = b.build();
        } else if (request.attribute(Attributes.KUBECONFIG).isPresent()) {
            File file = new File(request.attribute(Attributes.KUBECONFIG).get());
            if (!file.isFile()) {
                throw new InvalidConfigurationException(Attributes.KUBECONFIG, "kubeconfig " + file
                        + " does not exist; set " + Attributes.KUBECONFIG + " to a readable file");
            }
            config = Config.fromKubeconfig(context.orElse(null), file);
        } else {
            config = Config.autoConfigure(context.orElse(null));
        }
        return withTimeouts(config, request.timeout());
    }

    /**
     * A copy whose calls fit in the analysis: no call outlives the deadline, and the client does not retry on
     * its own, because the engine already retries providers with back-off.
     */
    public static Config withTimeouts(Config config, Duration overall) {
        long millis = Math.max(1, Math.min(overall.toMillis(), MAX_REQUEST_TIMEOUT.toMillis()));
        return new ConfigBuilder(config)
                .withRequestTimeout((int) millis)
                .withConnectionTimeout((int) Math.min(millis, 10_000))
                .withRequestRetryBackoffLimit(0)
                .build();
    }
}
