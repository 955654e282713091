package dev.deploydiagnostics.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a report into one output format: terminal text, JSON, Markdown, HTML, ... Service provider
 * interface, discovered with {@link java.util.ServiceLoader}. Implementations must be thread-safe.
 *
 * <p>Reports handed to a renderer are already redacted.
 */
@Stable
public interface ReportRenderer {

    /** The format name used on the command line, e.g. {@code text}, {@code json}. */
    String format();

    /** The file extension that selects this format for {@code --output FILE}, without the dot. */
    default String fileExtension() {
        return format();
    }

    /** The media type of the output. */
    default String mediaType() {
        return "text/plain; charset=utf-8";
    }

    /** Writes the report; the stream is not closed. */
    void render(DiagnosticReport report, OutputStream out, RenderOptions options) throws IOException;
}
