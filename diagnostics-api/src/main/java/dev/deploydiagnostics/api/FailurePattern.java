package dev.deploydiagnostics.api;

import java.util.List;
import java.util.Set;

/**
 * Recognises one failure in the evidence. Service provider interface, discovered with
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.deploydiagnostics.api.FailurePattern};
 * most built-in patterns are declared in YAML catalogs instead.
 *
 * <p>Implementations must be stateless or thread-safe, deterministic, fast on large evidence, and must not
 * throw: a pattern that throws is skipped and named in the log. Each returned finding must cite the evidence
 * it rests on and carry a confidence in [0, 1].
 */
@Stable
public interface FailurePattern {

    /** The stable, dotted, kebab-case id, e.g. {@code k8s.oom-killed}; users mute and link to it. */
    String id();

    /** The category its findings belong to. */
    Category category();

    /**
     * Looks for the failure.
     *
     * @return zero or more findings; usually zero or one
     */
    List<Finding> match(EvidenceBundle evidence, MatchContext context);

    /** A one-line description for pattern listings. */
    default String description() {
        return id();
    }

    /** The platforms it applies to; empty means any. */
    default Set<Platform> platforms() {
        return Set.of();
    }

    /** Human descriptions of the signals it looks at, for pattern listings. */
    default List<String> signals() {
        return List.of();
    }

    /** The title of its main remedy, for pattern listings. */
    default String remedyTitle() {
        return "";
    }

    /** Ids of patterns whose findings are symptoms of this one and rank below it when both match. */
    default Set<String> outranks() {
        return Set.of();
    }
}
