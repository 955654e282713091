package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ProviderRun;

import java.util.List;
import java.util.Objects;

/**
 * What collection produced: the merged evidence (with every gap) and how each provider fared.
 *
 * @param evidence the merged evidence
 * @param runs     one entry per provider that was asked
 */
public record CollectionResult(EvidenceBundle evidence, List<ProviderRun> runs) {
    /** Validates and copies. */
    public CollectionResult {
        Objects.requireNonNull(evidence, "evidence");
        runs = List.copyOf(runs);
    }
}
