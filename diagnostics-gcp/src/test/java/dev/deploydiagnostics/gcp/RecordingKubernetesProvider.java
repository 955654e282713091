package dev.deploydiagnostics.gcp;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the Kubernetes provider (it lives in another module) under its id: it records the requests
 * delegated to it and answers with the pod that request names.
 */
final class RecordingKubernetesProvider implements DiagnosticProvider {
    final List<DiagnosticRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "kubernetes";
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER).isPresent();
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        requests.add(request);
        return EvidenceBundle.builder().platform(Platform.KUBERNETES)
                .add(ResourceState.builder("pod", "api-7d9c6b5f4-x2k8q").status("Pending").reason("Unschedulable")
                        .source("kubernetes " + request.attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER)
                                .orElse(""))
                        .build())
                .build();
    }
}
