package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.DiagnosticReport;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JUnitXmlRendererTest {
    private final JUnitXmlRenderer renderer = new JUnitXmlRenderer();

    @Test
    void aFailedDeploymentIsAFailedTestCaseNamedAfterTheTarget() throws Exception {
        Document doc = parse(ReportFixtures.sample());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element testcase = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("kubernetes shop");
        assertThat(testcase.getAttribute("classname")).isEqualTo("deploy-diagnostics.kubernetes");
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("oom-killed");
        assertThat(failure.getAttribute("message")).isEqualTo("Container app was OOMKilled at 512Mi [oom-killed, 93%]");
        assertThat(failure.getTextContent()).startsWith("Container app was OOMKilled at 512Mi.")
                .contains("Fix: Raise the limit").contains("1. Edit resources.limits.memory").contains("memory: 1Gi");
    }

    @Test
    void noFailureFoundIsAPassingTestCase() throws Exception {
        Document doc = parse(ReportFixtures.noFailure());
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
        assertThat(doc.getElementsByTagName("error").getLength()).isZero();
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("0");
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name")).isEqualTo("kubernetes shop/api");
    }

    @Test
    void inconclusiveFailsWithTypeInconclusive() throws Exception {
        Element failure = (Element) parse(ReportFixtures.inconclusive()).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("inconclusive");
        assertThat(failure.getAttribute("message")).startsWith("Inconclusive");
    }

    @Test
    void collectionFailedIsAnError() throws Exception {
        Element error = (Element) parse(ReportFixtures.collectionFailed()).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("collection-failed");
    }

    @Test
    void staysValidXmlWithMarkupAndControlCharacters() throws Exception {
        Document doc = parse(ReportFixtures.nasty());
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("&").contains("<angle>");
        assertThat(failure.getTextContent()).contains("<script>alert('x')</script>").contains("\uFFFDbell")
                .doesNotContain("\u0007");
    }

    private Document parse(DiagnosticReport report) throws Exception {
        String xml = ReportFixtures.render(renderer, report);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
