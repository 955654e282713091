/**
 * The Kubernetes provider: collects rollout state, pod and container states, events, logs and the
 * namespace context around a failed workload from any Kubernetes API server (EKS, GKE, AKS, k3s,
 * self-managed) through the fabric8 client.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
@Experimental("first release of the Kubernetes provider")
package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.Experimental;
