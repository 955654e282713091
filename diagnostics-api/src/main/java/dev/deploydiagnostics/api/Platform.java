package dev.deploydiagnostics.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The platform a deployment runs on, named by a stable id such as {@code kubernetes} or {@code aws-ecs}.
 *
 * <p>The set is open: a provider for a platform not listed here uses {@link #of(String)} with its own id.
 *
 * @param id lower-case kebab-case id
 */
@Stable
public record Platform(String id) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Any Kubernetes distribution, reached through its API server. */
    public static final Platform KUBERNETES = new Platform("kubernetes");
    /** Amazon Elastic Container Service. */
    public static final Platform AWS_ECS = new Platform("aws-ecs");
    /** Amazon Elastic Kubernetes Service. */
    public static final Platform AWS_EKS = new Platform("aws-eks");
    /** AWS Lambda. */
    public static final Platform AWS_LAMBDA = new Platform("aws-lambda");
    /** Google Cloud Run. */
    public static final Platform GCP_CLOUD_RUN = new Platform("gcp-cloud-run");
    /** Google Kubernetes Engine. */
    public static final Platform GCP_GKE = new Platform("gcp-gke");
    /** Azure Container Instances. */
    public static final Platform AZURE_ACI = new Platform("azure-aci");
    /** Azure Kubernetes Service. */
    public static final Platform AZURE_AKS = new Platform("azure-aks");
    /** A plain Docker engine or Compose. */
    public static final Platform DOCKER = new Platform("docker");

    /** The platforms this version knows by name. */
    public static final List<Platform> KNOWN = List.of(KUBERNETES, AWS_ECS, AWS_EKS, AWS_LAMBDA,
            GCP_CLOUD_RUN, GCP_GKE, AZURE_ACI, AZURE_AKS, DOCKER);

    /** Validates the id. */
    public Platform {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("platform id '" + id
                    + "' must be lower-case kebab-case, e.g. 'aws-ecs'");
        }
    }

    /** Returns the platform with this id, known or not. */
    public static Platform of(String id) {
        Objects.requireNonNull(id, "id");
        String normal = id.trim().toLowerCase(java.util.Locale.ROOT);
        for (Platform p : KNOWN) {
            if (p.id.equals(normal)) {
                return p;
            }
        }
        return new Platform(normal);
    }

    /** True for the platforms whose workloads are Kubernetes pods. */
    public boolean isKubernetes() {
        return equals(KUBERNETES) || equals(AWS_EKS) || equals(GCP_GKE) || equals(AZURE_AKS);
    }

    @Override
    public String toString() {
        return id;
    }
}
