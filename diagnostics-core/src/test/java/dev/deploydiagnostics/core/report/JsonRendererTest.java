package dev.deploydiagnostics.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.core.timeline.TimelineBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRendererTest {

    static DiagnosticReport sampleReport() {
        Instant t = Instant.parse("2024-06-02T08:09:46Z");
        ResourceState container = ResourceState.builder("container", "api/app").source("pod/shop/api").status("Waiting")
                .reason("CrashLoopBackOff").restartCount(3).memoryLimitBytes(512L << 20)
                .lastTermination(Termination.of("OOMKilled", 137)).timestamp(t).build();
        Event backoff = Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container", "Pod/api", t.plusSeconds(5));
        LogLine line = new LogLine(Optional.of(t.minusSeconds(2)), "pod/shop/api/app", "java.lang.OutOfMemoryError: Java heap space",
                dev.deploydiagnostics.api.Severity.ERROR, 7, Map.of("container", "app"));
        CollectionGap gap = CollectionGap.permissionDenied("kubernetes", "events in namespace shop", "403 Forbidden",
                "list events (core/v1) in namespace shop");
        EvidenceBundle bundle = EvidenceBundle.of(List.of(line, container, backoff, gap));
        Finding f = Finding.builder("k8s.oom-killed", Category.OOM_KILLED).title("Container app was OOMKilled at 512Mi")
                .confidence(0.93).explanation("It used more than its limit.").evidence(List.of(container, line))
                .remedy(Remedy.builder("Raise the limit").step("Edit resources.limits.memory").config("yaml", "memory: 1Gi")
                        .documentation("https://kubernetes.io/docs/").build())
                .fact("memoryLimit", "512Mi").build();
        List<TimelineEntry> timeline = new TimelineBuilder(100).build(bundle, List.of(f));
        return new ReportAssembler(0.5).assemble(DiagnosticRequest.builder().platform("kubernetes").namespace("shop").build(),
                Optional.of(dev.deploydiagnostics.api.Platform.KUBERNETES), bundle, List.of(f), timeline,
                List.of(new ProviderRun("kubernetes", ProviderRun.Outcome.PARTIAL, Duration.ofMillis(120), 3, 1, Map.of("retries", "1"))),
                t.plusSeconds(60), Duration.ofMillis(150));
    }

    @Test
    void writesTheDocumentedTopLevelFields() throws Exception {
        JsonNode json = render(sampleReport());
        assertThat(json.get("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(json.get("verdict").asText()).isEqualTo("ROOT_CAUSE_FOUND");
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("patternId").asText()).isEqualTo("k8s.oom-killed");
        assertThat(finding.get("category").asText()).isEqualTo("oom-killed");
        assertThat(finding.get("confidence").asDouble()).isEqualTo(0.93);
        assertThat(finding.get("evidence")).hasSize(2);
        assertThat(finding.get("evidence").get(0).get("timelineIndex")).isNotNull();
        assertThat(finding.get("remedies").get(0).get("config").get("content").asText()).isEqualTo("memory: 1Gi");
        assertThat(json.get("gaps").get(0).get("permission").asText()).isEqualTo("list events (core/v1) in namespace shop");
        assertThat(json.get("timeline")).isNotEmpty();
        assertThat(json.get("providers").get(0).get("statistics").get("retries").asText()).isEqualTo("1");
    }

    @Test
    void conformsToThePublishedJsonSchema() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/dev/deploydiagnostics/core/report/report-schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> problems = new ArrayList<>();
        validate(render(sampleReport()), schema, schema, "$", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void timelineMarksTheFirstFailure() throws Exception {
        JsonNode timeline = render(sampleReport()).get("timeline");
        long first = 0;
        for (JsonNode e : timeline) {
            if (e.get("firstFailure").asBoolean()) {
                first++;
            }
        }
        assertThat(first).isEqualTo(1);
    }

    static JsonNode render(DiagnosticReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonRenderer().render(report, out, RenderOptions.DEFAULT);
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** Checks the parts of JSON Schema the report schema uses: type, required, enum, const, items, $ref, min/max. */
    static void validate(JsonNode value, JsonNode schema, JsonNode root, String path, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().replace("#/$defs/", "");
            validate(value, root.get("$defs").get(ref), root, path, problems);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + " must be " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean ok = false;
            for (JsonNode e : schema.get("enum")) {
                ok |= e.equals(value);
            }
            if (!ok) {
                problems.add(path + " = " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type")) {
            List<String> types = new ArrayList<>();
            if (schema.get("type").isArray()) {
                schema.get("type").forEach(t -> types.add(t.asText()));
            } else {
                types.add(schema.get("type").asText());
            }
            boolean ok = types.stream().anyMatch(t -> switch (t) {
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                default -> false;
            });
            if (!ok) {
                problems.add(path + " should be " + types + " but is " + value.getNodeType());
                return;
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(path + " is below its minimum");
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(path + " is above its maximum");
        }
        if (value.isObject()) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) {
                    if (!value.has(r.asText())) {
                        problems.add(path + " lacks required field " + r.asText());
                    }
                }
            }
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (props.has(e.getKey())) {
                    validate(e.getValue(), props.get(e.getKey()), root, path + "." + e.getKey(), problems);
                } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
                    validate(e.getValue(), schema.get("additionalProperties"), root, path + "." + e.getKey(), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                validate(item, schema.get("items"), root, path + "[" + i++ + "]", problems);
            }
        }
    }
}
