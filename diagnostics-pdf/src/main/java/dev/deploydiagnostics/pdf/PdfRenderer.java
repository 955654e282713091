package dev.deploydiagnostics.pdf;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.JDKXRLogger;
import com.openhtmltopdf.util.XRLog;
import dev.deploydiagnostics.pdf.internal.Slf4jXRLogger;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.core.report.HtmlRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a report as PDF (format {@code pdf}) for people who file or print it: the printable variant of the HTML
 * report laid out on A4 pages by openhtmltopdf, in pure Java.
 *
 * <p>The document loads nothing from outside: every external resource (fonts, images, stylesheets, links to
 * embed) is refused before its URI is even resolved, so a report renders the same offline and cannot make a
 * network call. Text uses the PDF standard fonts, which cover Latin-1; other characters may show as
 * placeholders.
 */
@Experimental("the PDF layout may change")
public final class PdfRenderer implements ReportRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(PdfRenderer.class);

    static {
        // openhtmltopdf logs through java.util.logging at INFO by default; route it through SLF4J unless the
        // application has installed a logger of its own.
        if (XRLog.getLoggerImpl() == null || XRLog.getLoggerImpl() instanceof JDKXRLogger) {
            XRLog.setLoggerImpl(new Slf4jXRLogger());
        }
    }

    private final HtmlRenderer html = HtmlRenderer.printable();

    @Override
    public String format() {
        return "pdf";
    }

    @Override
    public String mediaType() {
        return "application/pdf";
    }

    @Override
    public void render(DiagnosticReport report, OutputStream out, RenderOptions options) throws IOException {
        long start = System.nanoTime();
        String document = html.toHtml(report, new RenderOptions(false, true, options.maxEvidenceItems()));
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        builder.withProducer("Deploy Diagnostics");
        builder.withHtmlContent(document, null);
        builder.toStream(out);
        builder.run();
        out.flush();
        LOG.debug("rendered PDF in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
