/**
 * Benchmarks of Deploy Diagnostics: JMH benchmarks of engine throughput and end-to-end latency, a concurrency
 * run, a deterministic service-log generator, and the tools the comparison scripts use (a grep pattern
 * writer and a file analyser). None of this is library API.
 */
package dev.deploydiagnostics.benchmarks;
