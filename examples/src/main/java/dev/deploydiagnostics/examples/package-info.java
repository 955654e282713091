/**
 * Small runnable programs that show how to embed Deploy Diagnostics.
 */
package dev.deploydiagnostics.examples;
