/**
 * Measuring the diagnosis on labelled texts: {@link dev.deploydiagnostics.core.eval.Evaluation} reads JSON Lines
 * cases, runs an engine on them and reports accuracy, recall, confusions, calibration and false alarms.
 */
package dev.deploydiagnostics.core.eval;
