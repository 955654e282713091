/**
 * Implementation of the Kubernetes provider; not part of the API and may change in any release.
 */
package dev.deploydiagnostics.k8s.internal;
