/**
 * Azure providers: Container Instances ({@link dev.deploydiagnostics.azure.ContainerInstancesProvider}) and AKS
 * ({@link dev.deploydiagnostics.azure.AksProvider}), built on the Azure SDK with HTTP through OkHttp.
 *
 * <p>Nothing here returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
package dev.deploydiagnostics.azure;
