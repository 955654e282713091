/** Implementation detail of the Azure providers; not part of the API and may change at any time. */
package dev.deploydiagnostics.azure.internal;
