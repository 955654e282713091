package dev.deploydiagnostics.azure;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the Kubernetes provider (it lives in another module) under its id: it records the requests
 * delegated to it, and the kubeconfig each named while it ran, and answers with the pod that request names.
 */
final class RecordingKubernetesProvider implements DiagnosticProvider {
    final List<DiagnosticRequest> requests = new CopyOnWriteArrayList<>();
    /** The kubeconfig file's content as it was while the provider ran. */
    final List<String> kubeconfigs = new CopyOnWriteArrayList<>();

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
        requests.add(request);
        request.attribute(DiagnosticRequest.Attributes.KUBECONFIG).ifPresent(path -> {
            try {
                kubeconfigs.add(Files.readString(Path.of(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return EvidenceBundle.builder().platform(Platform.KUBERNETES)
                .add(ResourceState.builder("pod", "api-7d9c6b5f4-x2k8q").status("Pending").reason("Unschedulable")
                        .source("kubernetes")
                        .build())
                .build();
    }
}
