package dev.deploydiagnostics.api;

import java.io.IOException;

/**
 * Sends a report to where a team lives: a chat channel, an incident tool, an issue tracker, a webhook.
 * Service provider interface, discovered with {@link java.util.ServiceLoader} and configured by id.
 *
 * <p>The engine redacts the report before a sink sees it, suppresses repeats, applies mutes, and retries a
 * sink that throws {@link IOException} with back-off; a sink that keeps failing is reported, and the report
 * is never lost. Implementations must be thread-safe.
 */
@Experimental("sinks are new; the SPI may grow")
public interface ReportSink extends AutoCloseable {

    /** The id configuration names it by, e.g. {@code slack}, {@code pagerduty}. */
    String id();

    /**
     * Delivers one report.
     *
     * @throws IOException when delivery failed and may succeed if tried again
     */
    void send(DiagnosticReport report, Delivery delivery) throws IOException;

    /** Releases clients. */
    @Override
    default void close() {
    }
}
