/** Implementation detail of the Google Cloud providers; not part of the API and may change at any time. */
package dev.deploydiagnostics.gcp.internal;
