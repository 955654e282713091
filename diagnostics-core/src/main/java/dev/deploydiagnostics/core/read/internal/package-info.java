/**
 * The readers behind {@link dev.deploydiagnostics.core.read.EvidenceReaders}, one per format; not part of the
 * stable API.
 */
package dev.deploydiagnostics.core.read.internal;
