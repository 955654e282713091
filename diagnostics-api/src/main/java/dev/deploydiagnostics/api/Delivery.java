package dev.deploydiagnostics.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a sink needs besides the report to deliver it well: stable keys for de-duplication, how many identical
 * diagnoses were held back since the last delivery, and which earlier alert this report resolves.
 *
 * @param deploymentKey  a stable key for the deployment analysed (platform, cluster, namespace, service)
 * @param dedupKey       a stable key for this deployment and root cause, e.g. a PagerDuty dedup key
 * @param suppressed     identical diagnoses held back since the last delivery of this key
 * @param resolves       the dedup key of an earlier alert that this report resolves (no failure any more)
 */
@Experimental("sinks are new; the delivery context may grow")
public record Delivery(String deploymentKey, String dedupKey, int suppressed, Optional<String> resolves) {
    /** Validates. */
    public Delivery {
        Objects.requireNonNull(deploymentKey, "deploymentKey");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(resolves, "resolves");
        if (suppressed < 0) {
            throw new IllegalArgumentException("suppressed must not be negative");
        }
    }
}
