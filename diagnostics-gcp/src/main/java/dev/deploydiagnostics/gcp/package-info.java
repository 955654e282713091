/**
 * Google Cloud providers: Cloud Run ({@link dev.deploydiagnostics.gcp.CloudRunProvider}) and GKE
 * ({@link dev.deploydiagnostics.gcp.GkeProvider}), built on Google's generated API clients.
 *
 * <p>Nothing here returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
package dev.deploydiagnostics.gcp;
