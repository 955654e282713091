/**
 * What the engine does after the patterns: {@link dev.deploydiagnostics.core.similarity.ConfidenceCalibration}
 * maps the built-in patterns' confidences to measured probabilities, and
 * {@link dev.deploydiagnostics.core.similarity.SimilarityFallback} proposes a likely cause by similarity to known
 * failures when no pattern is sure, using a {@link dev.deploydiagnostics.core.similarity.SimilarityModel} that
 * {@link dev.deploydiagnostics.core.similarity.SimilarityTrainer} builds from labelled texts.
 * {@link dev.deploydiagnostics.core.similarity.FindingRefiner} applies both.
 */
package dev.deploydiagnostics.core.similarity;
