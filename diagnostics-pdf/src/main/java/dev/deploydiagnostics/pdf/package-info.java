/**
 * The PDF report format, kept out of the core so that only users who want PDF carry a PDF library.
 * Nothing here accepts or returns null.
 */
package dev.deploydiagnostics.pdf;
