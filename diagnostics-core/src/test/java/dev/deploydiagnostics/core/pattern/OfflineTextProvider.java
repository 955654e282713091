package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;

/** Reads the offline inputs of a request as evidence, the way a user's pasted text reaches the patterns. */
final class OfflineTextProvider implements DiagnosticProvider {

    @Override
    public String id() {
        return "test-offline-text";
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return !request.inputs().isEmpty();
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        EvidenceBundle.Builder b = EvidenceBundle.builder();
        for (EvidenceInput input : request.inputs()) {
            String[] lines = input.readText().split("\\R");
            for (String line : lines) {
                if (!line.isBlank()) {
                    b.add(LogLine.of(input.name(), line));
                }
            }
        }
        return b.build();
    }
}
