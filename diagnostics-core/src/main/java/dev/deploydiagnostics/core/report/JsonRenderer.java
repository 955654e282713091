package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a report as JSON in the documented, versioned schema ({@code docs/report-schema.md}).
 */
public final class JsonRenderer implements ReportRenderer {
    @Override
    public String format() {
        return "json";
    }

    @Override
    public String mediaType() {
        return "application/json";
    }

    @Override
    public void render(DiagnosticReport report, OutputStream out, RenderOptions options) throws IOException {
        byte[] bytes = ReportJson.mapper().writeValueAsBytes(ReportJson.toJson(report));
        out.write(bytes);
        out.write('\n');
        out.flush();
    }
}
