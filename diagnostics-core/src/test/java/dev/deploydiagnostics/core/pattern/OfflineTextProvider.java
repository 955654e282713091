package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;

/** Reads the offline inputs of a request with the real evidence readers, the way pasted text reaches patterns. */
final class OfflineTextProvider implements DiagnosticProvider {
    private final EvidenceReaders readers = EvidenceReaders.defaults();

    @Override
    public String id() {
        return "test-offline-text";
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return !request.inputs().isEmpty();
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        EvidenceBundle bundle = EvidenceBundle.empty();
        for (EvidenceInput input : request.inputs()) {
            bundle = bundle.merge(readers.readText(input.name(), input.readText(), ReadOptions.DEFAULTS));
        }
        return bundle;
    }
}
