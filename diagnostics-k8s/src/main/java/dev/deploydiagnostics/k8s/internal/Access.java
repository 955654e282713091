package dev.deploydiagnostics.k8s.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * One kind of API access the provider needs, named the way an RBAC rule grants it, e.g.
 * {@code list events (core/v1) in namespace prod}.
 *
 * @param verb         the RBAC verb ({@code get}, {@code list})
 * @param resource     the resource, with its subresource if any ({@code pods/log})
 * @param groupVersion the API group and version ({@code core/v1}, {@code apps/v1}); empty to leave it out
 * @param namespace    the namespace, or empty for a cluster-scoped resource
 */
public record Access(String verb, String resource, String groupVersion, Optional<String> namespace) {

    /** Validates. */
    public Access {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(groupVersion, "groupVersion");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** Namespaced access. */
    public static Access namespaced(String verb, String resource, String groupVersion, String namespace) {
        return new Access(verb, resource, groupVersion, Optional.of(namespace));
    }

    /** Cluster-scoped access. */
    public static Access cluster(String verb, String resource, String groupVersion) {
        return new Access(verb, resource, groupVersion, Optional.empty());
    }

    /** The permission as a person grants it, e.g. {@code get nodes (core/v1, cluster-scoped)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(verb).append(' ').append(resource);
        if (namespace.isPresent()) {
            if (!groupVersion.isEmpty()) {
                sb.append(" (").append(groupVersion).append(')');
            }
            sb.append(" in namespace ").append(namespace.get());
        } else {
            sb.append(" (").append(groupVersion.isEmpty() ? "" : groupVersion + ", ").append("cluster-scoped)");
        }
        return sb.toString();
    }
}
