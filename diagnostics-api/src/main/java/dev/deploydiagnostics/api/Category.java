package dev.deploydiagnostics.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The root-cause category of a finding: the thing a person has to fix.
 *
 * <p>The ids are part of the stable contract; reports and the JSON schema use them verbatim.
 */
@Stable
public enum Category {
    /** A container or function used more memory than its limit and was killed. */
    OOM_KILLED("oom-killed", "Out of memory"),
    /** The image could not be pulled: wrong name or tag, no access, rate limit, or network to the registry. */
    IMAGE_PULL_FAILURE("image-pull-failure", "Image pull failure"),
    /** The app did not listen on the expected port, or the port was taken. */
    PORT_BINDING_FAILURE("port-binding-failure", "Port binding failure"),
    /** The app started but failed liveness, readiness or load-balancer health checks. */
    HEALTH_CHECK_FAILURE("health-check-failure", "Health check failure"),
    /** The application itself exits or throws at start-up. */
    CRASH_LOOP_APP_ERROR("crash-loop-app-error", "Application crash"),
    /** A config value, environment variable, ConfigMap, Secret or file the app needs is missing or wrong. */
    MISSING_CONFIG_OR_SECRET("missing-config-or-secret", "Missing configuration or secret"),
    /** The workload or the platform lacks a permission. */
    PERMISSION_DENIED_IAM("permission-denied-iam", "Permission denied"),
    /** No capacity to place the workload: CPU, memory, pods, quota, taints, affinity. */
    INSUFFICIENT_RESOURCES_SCHEDULING("insufficient-resources-scheduling", "Insufficient resources or scheduling"),
    /** A database or downstream service needed at start-up refused or timed out. */
    DEPENDENCY_UNREACHABLE("dependency-unreachable", "Dependency unreachable"),
    /** The workload did not become ready within the time allowed. */
    STARTUP_TIMEOUT("startup-timeout", "Start-up timeout"),
    /** A volume could not be mounted or attached, a claim is unbound, or the disk is full. */
    DISK_OR_VOLUME_FAILURE("disk-or-volume-failure", "Disk or volume failure"),
    /** Name resolution or a network path failed, not specific to one dependency. */
    NETWORK_OR_DNS_FAILURE("network-or-dns-failure", "Network or DNS failure"),
    /** The deployment description itself is invalid. */
    INVALID_TASK_OR_MANIFEST("invalid-task-or-manifest", "Invalid task definition or manifest"),
    /** A function ran past its configured timeout. */
    LAMBDA_TIMEOUT("lambda-timeout", "Function timeout"),
    /** A function's handler or module could not be loaded. */
    LAMBDA_IMPORT_OR_HANDLER_ERROR("lambda-import-or-handler-error", "Function handler or import error"),
    /** A TLS handshake or certificate validation failed. */
    CERTIFICATE_OR_TLS_FAILURE("certificate-or-tls-failure", "Certificate or TLS failure"),
    /** An API or registry refused calls for rate-limit or quota reasons. */
    RATE_LIMITED_OR_THROTTLED("rate-limited-or-throttled", "Rate limited or throttled"),
    /** None of the other categories fits. */
    OTHER("other", "Other");

    private final String id;
    private final String displayName;

    Category(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The stable kebab-case id, e.g. {@code oom-killed}. */
    public String id() {
        return id;
    }

    /** A short human name for headings. */
    public String displayName() {
        return displayName;
    }

    /** Finds the category with this id (case-insensitive), if any. */
    public static Optional<Category> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String normal = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(normal)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
