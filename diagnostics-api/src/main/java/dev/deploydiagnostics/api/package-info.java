/**
 * The stable contract of Deploy Diagnostics: the request and report value types, the evidence model,
 * and the service provider interfaces for providers, patterns, renderers and listeners.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional},
 * absent collections are empty. Every value type is immutable and safe to share between threads.
 * This module depends on the JDK alone, so a provider or pattern author compiles against it and nothing else.
 */
@Stable
package dev.deploydiagnostics.api;
