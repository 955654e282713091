/**
 * The AWS providers' collection code; not part of the API and free to change in any release.
 */
package dev.deploydiagnostics.aws.internal;
