/**
 * The compatibility kit: abstract JUnit 5 test classes that every {@link dev.deploydiagnostics.api.FailurePattern}
 * and {@link dev.deploydiagnostics.api.DiagnosticProvider}, ours and yours, extends to prove it keeps the contract.
 */
@Stable
package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.Stable;
