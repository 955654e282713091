package com.example.deploytool;

import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDiagnosisTest {
    private static final Path BUNDLES = Path.of(System.getProperty("bundles.dir", "../bundles"));

    @Test
    void theBomLeavesTheProjectsOwnJacksonInPlaceAndWhole() {
        String expected = System.getProperty("jackson.expected");
        // a mixed Jackson (databind of one release, core of another) is what breaks at the first analysis
        assertEquals(expected, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
        assertEquals(expected, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        assertEquals(expected, com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString());
    }

    @Test
    void findsTheRootCauseOfABundledFailure() throws IOException {
        DiagnosticReport report = Diagnostics.analyze(DiagnosticRequest.builder()
                .input(BUNDLES.resolve("k8s-oom"))
                .build());

        assertEquals(Verdict.ROOT_CAUSE_FOUND, report.verdict(), report.summary());
        Finding root = report.rootCause().orElseThrow();
        assertEquals("oom-killed", root.category().id(), report.summary());

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Diagnostics.defaultEngine().render(report, "json", json, RenderOptions.DEFAULT);
        assertTrue(json.toString(StandardCharsets.UTF_8).contains("\"oom-killed\""), "the JSON report names the cause");
    }
}
