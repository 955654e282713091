package dev.deploydiagnostics.azure;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the Kubernetes provider at the SPI boundary (it lives in another module): it records the
 * request it is handed and answers with the pod that request names.
 */
public final class RecordingKubernetesProvider implements DiagnosticProvider {
    static final List<DiagnosticRequest> REQUESTS = new CopyOnWriteArrayList<>();
    /** The kubeconfig file's content as it was while the provider ran. */
    static final List<String> KUBECONFIGS = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "kubernetes";
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.attribute(DiagnosticRequest.Attributes.KUBECONFIG).isPresent();
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        REQUESTS.add(request);
        request.attribute(DiagnosticRequest.Attributes.KUBECONFIG).ifPresent(path -> {
            try {
                KUBECONFIGS.add(java.nio.file.Files.readString(java.nio.file.Path.of(path)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return EvidenceBundle.builder().platform(Platform.KUBERNETES)
                .add(ResourceState.builder("pod", "api-7d9c6b5f4-x2k8q").status("Pending").reason("Unschedulable")
                        .source("kubernetes")
                        .build())
                .build();
    }
}
