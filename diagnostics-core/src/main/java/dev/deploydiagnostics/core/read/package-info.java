/**
 * Offline evidence readers: turn files, directories, streams and pasted text ({@code kubectl} JSON, YAML,
 * describe and table output, AWS, Google Cloud and Azure CLI JSON, exported logs, or several of those pasted
 * together) into the same evidence providers collect live.
 *
 * <p>Nothing here returns or accepts {@code null}; absent values are {@code Optional} or empty.
 */
package dev.deploydiagnostics.core.read;
