package dev.deploydiagnostics.core.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds every line of the platform vocabularies ({@code src/test/resources/vocabulary/*.yaml}) to the built-in
 * catalog, alone and inside the surroundings it is met in (a describe, an events table, noisy logs, the JSON or CLI
 * wrapper of the platform's API), and checks each lands in its category. Prints the coverage per platform and fails
 * below {@value #REQUIRED} for any platform.
 */
class VocabularyCoverageTest {
    private static final double REQUIRED = 0.98;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KUBERNETES_FAMILY = Set.of("kubernetes", "aws-eks", "gcp-gke", "azure-aks");
    private static DiagnosticEngine engine;

    /** One vocabulary line: the platform's own words and the category they mean. */
    record Entry(String file, String platform, String text, String surface, String reason, String from,
                 Integer exitCode, String source, String category, boolean symptom, String pattern) {
    }

    /** One way of presenting an entry to the engine. */
    record Variant(String name, Optional<Platform> platform, String text) {
    }

    /** Patterns alone: the similarity model is trained on these lines, so it may not help them land. */
    static DiagnosticEngine patternsOnly() {
        dev.deploydiagnostics.Diagnostics.Builder b = dev.deploydiagnostics.Diagnostics.builder().discovery(false)
                .provider(new OfflineTextProvider()).similarity(false);
        dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns.all().forEach(b::pattern);
        return b.build();
    }

    @BeforeAll
    static void startEngine() {
        engine = patternsOnly();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    static List<String> vocabularyFiles() throws IOException {
        Path dir = Path.of("src", "test", "resources", "vocabulary");
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Entry> entries() throws IOException {
        List<Entry> all = new ArrayList<>();
        for (String file : vocabularyFiles()) {
            try (InputStream in = Files.newInputStream(Path.of("src", "test", "resources", "vocabulary", file))) {
                JsonNode root = YAML.readTree(in);
                String platform = root.path("platform").asText();
                assertThat(platform).as(file + " platform").isNotBlank();
                for (JsonNode n : root.path("entries")) {
                    all.add(new Entry(file, n.has("platform") ? n.get("platform").asText() : platform,
                            n.path("text").asText(), n.path("surface").asText("log"),
                            n.hasNonNull("reason") ? n.get("reason").asText() : null,
                            n.hasNonNull("from") ? n.get("from").asText() : null,
                            n.hasNonNull("exitCode") ? n.get("exitCode").asInt() : null,
                            n.path("source").asText(), n.path("category").asText(), n.path("symptom").asBoolean(false),
                            n.path("pattern").asText()));
                }
            }
        }
        return all;
    }

    @Test
    void everyEntryIsWellFormed() throws IOException {
        Set<String> surfaces = Set.of("event", "state", "log", "status");
        List<String> problems = new ArrayList<>();
        for (Entry e : entries()) {
            String where = e.file() + ": " + abbreviate(e.text());
            if (e.text().isBlank()) problems.add(where + ": empty text");
            if (!surfaces.contains(e.surface())) problems.add(where + ": surface " + e.surface());
            if (e.source().isBlank()) problems.add(where + ": no source");
            if (dev.deploydiagnostics.api.Category.fromId(e.category()).isEmpty()) problems.add(where + ": category " + e.category());
            if (e.pattern().isBlank()) problems.add(where + ": no pattern");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void surroundingsAloneAreQuiet() {
        List<String> loud = new ArrayList<>();
        for (String platform : List.of("kubernetes", "aws-eks", "gcp-gke", "azure-aks", "aws-ecs", "aws-lambda",
                "gcp-cloud-run", "azure-aci", "docker", "generic")) {
            for (String surface : List.of("event", "state", "log", "status")) {
                Entry blank = new Entry("-", platform, "Service configuration reloaded", surface, "Reloaded", null, null, "-",
                        "other", false, "-");
                for (Variant v : variants(blank)) {
                    DiagnosticReport r = analyze(v);
                    if (r.verdict() == Verdict.ROOT_CAUSE_FOUND) {
                        loud.add(platform + "/" + surface + "/" + v.name() + " -> " + r.findings().get(0).patternId());
                    }
                }
            }
        }
        assertThat(loud).as("surroundings with a harmless line must not give a root cause").isEmpty();
    }

    /** Coverage per vocabulary file ({landed, lines}); misses are added to the given map when it is not null. */
    static Map<String, int[]> coverage(DiagnosticEngine engine, List<Entry> entries, Map<String, List<String>> misses) {
        Map<String, int[]> perFile = new TreeMap<>();
        for (Entry e : entries) {
            List<String> failed = new ArrayList<>();
            for (Variant v : variants(e)) {
                DiagnosticReport r = analyze(engine, v);
                // The first finding, as in top-1 accuracy: a line alone may be a lead below the root-cause threshold.
                String got = !r.findings().isEmpty() ? r.findings().get(0).category().id()
                        + " (" + r.findings().get(0).patternId() + ")" : r.verdict().name();
                if (!got.startsWith(e.category() + " ")) {
                    failed.add(v.name() + " -> " + got);
                }
            }
            int[] c = perFile.computeIfAbsent(e.file() + " [" + e.platform() + "]", k -> new int[2]);
            c[1]++;
            if (failed.isEmpty()) {
                c[0]++;
            } else if (misses != null) {
                misses.computeIfAbsent(e.file(), k -> new ArrayList<>())
                        .add(e.category() + " <- " + abbreviate(e.text()) + "\n        " + String.join("\n        ", failed));
            }
        }
        return perFile;
    }

    @Test
    void vocabularyLinesLandInTheirCategory() throws IOException {
        List<Entry> entries = entries();
        assertThat(entries).isNotEmpty();
        Map<String, List<String>> misses = new TreeMap<>();
        Map<String, int[]> perPlatform = coverage(engine, entries, misses);
        int variantsRun = entries.stream().mapToInt(e -> variants(e).size()).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nVocabulary coverage: %d lines, %d presentations%n", entries.size(), variantsRun));
        perPlatform.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-44s %4d/%-4d %5.1f%%%n", k, v[0], v[1],
                100.0 * v[0] / v[1])));
        if (!misses.isEmpty()) {
            out.append("misses:\n");
            misses.forEach((f, l) -> l.forEach(m -> out.append("  ").append(f).append(": ").append(m).append('\n')));
        }
        System.out.println(out);
        perPlatform.forEach((k, v) -> assertThat(v[0] / (double) v[1]).as("coverage of %s%s", k, out)
                .isGreaterThanOrEqualTo(REQUIRED));
    }

    private static DiagnosticReport analyze(Variant v) {
        return analyze(engine, v);
    }

    private static DiagnosticReport analyze(DiagnosticEngine engine, Variant v) {
        DiagnosticRequest.Builder b = DiagnosticRequest.builder().input(EvidenceInput.ofText("pasted.txt", v.text()));
        v.platform().ifPresent(b::platform);
        return engine.analyze(b.build());
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 110 ? one.substring(0, 107) + "..." : one;
    }

    private static Optional<Platform> platformOf(String id) {
        if (id.equals("generic")) return Optional.empty();
        return Optional.of(Platform.of(id));
    }

    /** The presentations of one entry: alone, as one line without line breaks, and in the platform's surroundings. */
    static List<Variant> variants(Entry e) {
        List<Variant> v = new ArrayList<>();
        Optional<Platform> p = platformOf(e.platform());
        v.add(new Variant("alone", p, e.text()));
        if (e.text().contains("\n")) {
            v.add(new Variant("one-line", p, e.text().replaceAll("\\s*\\n\\s*", " ")));
        }
        String json = jsonString(e.text());
        String family = KUBERNETES_FAMILY.contains(e.platform()) ? "kubernetes" : e.platform();
        switch (family) {
            case "kubernetes" -> {
                switch (e.surface()) {
                    case "event" -> {
                        v.add(new Variant("describe-pod-events", p, describePod("Waiting", "ContainerCreating", null,
                                eventRow(e.reason() == null ? "Failed" : e.reason(), e.from(), e.text()))));
                        v.add(new Variant("get-events", p, getEvents(e.reason() == null ? "Failed" : e.reason(), e.text())));
                    }
                    case "state" -> {
                        v.add(new Variant("describe-pod-state", p, describePod(e.exitCode() == null ? "Waiting" : "Terminated",
                                e.reason() == null ? "Error" : e.reason(), e.exitCode(), "") + "\n" + e.text()));
                        v.add(new Variant("pod-json", p, podJson(e, json)));
                    }
                    case "status" -> v.add(new Variant("deploy-tool-output", p, "$ helm upgrade --install web ./chart --wait --timeout 5m\n"
                            + "Release \"web\" does not exist. Installing it now.\n" + e.text() + "\n"));
                    default -> { }
                }
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
                v.add(new Variant("json-log", p, jsonLog(json)));
            }
            case "aws-ecs" -> {
                v.add(new Variant("describe-tasks", p, "{\n  \"tasks\": [\n    {\n      \"lastStatus\": \"STOPPED\",\n"
                        + "      \"desiredStatus\": \"STOPPED\",\n      \"launchType\": \"FARGATE\",\n"
                        + (e.reason() == null ? "" : "      \"stopCode\": \"" + e.reason() + "\",\n")
                        + "      \"stoppedReason\": " + json + ",\n      \"containers\": [ { \"name\": \"web\", \"lastStatus\": \"STOPPED\""
                        + (e.exitCode() == null ? "" : ", \"exitCode\": " + e.exitCode()) + " } ]\n    }\n  ]\n}\n"));
                v.add(new Variant("service-events", p, "{\n  \"services\": [ { \"serviceName\": \"web\", \"events\": [\n"
                        + "    { \"createdAt\": \"2026-12-07T10:04:00Z\", \"message\": " + json + " },\n"
                        + "    { \"createdAt\": \"2026-12-07T10:00:00Z\", \"message\": \"(service web) has started 1 tasks: (task 4f1c2b).\" }\n  ] } ]\n}\n"));
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
            }
            case "aws-lambda" -> {
                if (e.surface().equals("status")) {
                    v.add(new Variant("invoke-response", p, "{\"errorMessage\": " + json
                            + (e.reason() == null ? "" : ", \"errorType\": \"" + e.reason() + "\"") + "}"));
                }
                v.add(new Variant("cloudwatch", p, "START RequestId: 6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f Version: $LATEST\n"
                        + "2026-12-07T10:00:01.120Z\t6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f\tINFO\tloading configuration\n"
                        + e.text() + "\nEND RequestId: 6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f\n"));
            }
            case "gcp-cloud-run" -> {
                if (e.surface().equals("status")) {
                    v.add(new Variant("gcloud", p, "Deploying container to Cloud Run service [web] in project [shop-prod] region [us-central1]\n"
                            + "Deploying...\n  Creating Revision...failed\nDeployment failed\nERROR: (gcloud.run.deploy) " + e.text() + "\n"));
                }
                v.add(new Variant("cloud-logging", p, "{\"insertId\":\"65a1f\",\"severity\":\"ERROR\",\"textPayload\":" + json
                        + ",\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"web\"}}}"));
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
            }
            case "azure-aci" -> {
                if (e.surface().equals("status")) {
                    String code = e.reason() == null ? "DeploymentFailed" : e.reason();
                    v.add(new Variant("az-cli", p, "ERROR: (" + code + ") " + e.text() + "\nCode: " + code + "\nMessage: " + e.text() + "\n"));
                    v.add(new Variant("az-json", p, "{\"error\": {\"code\": \"" + code + "\", \"message\": " + json + "}}"));
                } else {
                    v.add(new Variant("az-events", p, "{\"events\": [ {\"count\": 3, \"firstTimestamp\": \"2026-12-07T10:00:00Z\", \"name\": \""
                            + (e.reason() == null ? "Failed" : e.reason()) + "\", \"message\": " + json + ", \"type\": \"Warning\"} ]}"));
                }
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
            }
            case "docker" -> {
                if (e.surface().equals("status")) {
                    v.add(new Variant("docker-cli", p, "$ docker compose up -d\n[+] Running 2/2\n " + e.text() + "\n"));
                }
                v.add(new Variant("compose-logs", p, "web-1  | starting web 1.4.2\n" + e.text().lines()
                        .map(l -> "web-1  | " + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\nweb-1 exited with code "
                        + (e.exitCode() == null ? 1 : e.exitCode()) + "\n"));
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
            }
            default -> {
                // Runtime and client errors: seen in any platform's logs.
                v.add(new Variant("noisy-logs", p, noisyLogs(e.text())));
                v.add(new Variant("kubectl-logs", Optional.of(Platform.KUBERNETES), noisyLogs(e.text())));
                v.add(new Variant("json-log", Optional.of(Platform.DOCKER), jsonLog(json)));
            }
        }
        return v;
    }

    private static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String eventRow(String reason, String from, String message) {
        return String.format(Locale.ROOT, "  Warning  %-18s 2m (x4 over 6m)  %-18s %s", reason, from == null ? "kubelet" : from,
                message.replace("\n", " "));
    }

    private static String describePod(String state, String reason, Integer exitCode, String eventRow) {
        StringBuilder s = new StringBuilder();
        s.append("Name:             web-7d9f8b6c5-x2x4p\nNamespace:        shop\nPriority:         0\n")
                .append("Node:             ip-10-0-3-17.ec2.internal/10.0.3.17\nStart Time:       Mon, 07 Dec 2026 10:00:00 +0000\n")
                .append("Labels:           app=web\n                  pod-template-hash=7d9f8b6c5\nStatus:           Running\n")
                .append("IP:               10.0.3.41\nControlled By:  ReplicaSet/web-7d9f8b6c5\nContainers:\n  web:\n")
                .append("    Container ID:   containerd://3f2a1b\n    Image:          registry.example.com/shop/web:1.4.2\n")
                .append("    Port:           8080/TCP\n    Host Port:      0/TCP\n");
        if (state.equals("Terminated")) {
            s.append("    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n")
                    .append("      Reason:       ").append(reason).append('\n')
                    .append("      Exit Code:    ").append(exitCode).append('\n')
                    .append("      Started:      Mon, 07 Dec 2026 10:03:10 +0000\n      Finished:     Mon, 07 Dec 2026 10:03:41 +0000\n")
                    .append("    Ready:          False\n    Restart Count:  4\n");
        } else {
            s.append("    State:          Waiting\n      Reason:       ").append(reason).append('\n')
                    .append("    Ready:          False\n    Restart Count:  0\n");
        }
        s.append("    Limits:\n      cpu:     500m\n      memory:  512Mi\n    Requests:\n      cpu:        250m\n      memory:     256Mi\n")
                .append("    Environment:\n      LOG_LEVEL:  info\nConditions:\n  Type              Status\n")
                .append("  Initialized       True \n  Ready             False \n  ContainersReady   False \n  PodScheduled      True \n")
                .append("QoS Class:                   Burstable\nTolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n")
                .append("Events:\n  Type     Reason     Age   From               Message\n  ----     ------     ----  ----               -------\n")
                .append("  Normal   Scheduled  6m    default-scheduler  Successfully assigned shop/web-7d9f8b6c5-x2x4p to ip-10-0-3-17.ec2.internal\n");
        if (eventRow != null && !eventRow.isEmpty()) {
            s.append(eventRow).append('\n');
        }
        return s.toString();
    }

    private static String getEvents(String reason, String message) {
        return "LAST SEEN   TYPE      REASON              OBJECT                          MESSAGE\n"
                + "6m          Normal    Scheduled           pod/web-7d9f8b6c5-x2x4p         Successfully assigned shop/web-7d9f8b6c5-x2x4p to node-2\n"
                + "6m          Normal    SuccessfulCreate    replicaset/web-7d9f8b6c5        Created pod: web-7d9f8b6c5-x2x4p\n"
                + String.format(Locale.ROOT, "2m          Warning   %-19s pod/web-7d9f8b6c5-x2x4p         %s%n", reason, message.replace("\n", " "))
                + "1m          Normal    ScalingReplicaSet   deployment/web                  Scaled up replica set web-7d9f8b6c5 to 3\n";
    }

    private static String podJson(Entry e, String json) {
        String reason = e.reason() == null ? "Error" : e.reason();
        String state = e.exitCode() == null
                ? "\"waiting\": {\"reason\": \"" + reason + "\", \"message\": " + json + "}"
                : "\"terminated\": {\"reason\": \"" + reason + "\", \"exitCode\": " + e.exitCode() + ", \"message\": " + json + "}";
        return "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"web-7d9f8b6c5-x2x4p\", \"namespace\": \"shop\"},\n"
                + " \"status\": {\"phase\": \"Running\", \"containerStatuses\": [{\"name\": \"web\", \"ready\": false, \"restartCount\": 4,\n"
                + "   \"state\": {" + state + "}}]}}\n";
    }

    private static String noisyLogs(String text) {
        StringBuilder s = new StringBuilder();
        s.append("2026-12-07T10:00:00.112Z INFO  [main] Starting web 1.4.2 with PID 1\n")
                .append("2026-12-07T10:00:00.340Z INFO  [main] Loaded 42 routes; retries=3, failures=0\n")
                .append("2026-12-07T10:00:00.512Z WARN  [main] Deprecated setting 'cache.ttl' used; use 'cache.expiry'\n");
        for (String line : text.split("\n", -1)) {
            s.append("2026-12-07T10:00:01.007Z ").append(line).append('\n');
        }
        s.append("2026-12-07T10:00:01.210Z INFO  [main] Shutdown hook: flushing metrics\n");
        return s.toString();
    }

    private static String jsonLog(String json) {
        return "{\"ts\":\"2026-12-07T10:00:00.112Z\",\"level\":\"info\",\"msg\":\"starting\",\"version\":\"1.4.2\"}\n"
                + "{\"ts\":\"2026-12-07T10:00:01.007Z\",\"level\":\"error\",\"msg\":" + json + "}\n"
                + "{\"ts\":\"2026-12-07T10:00:01.210Z\",\"level\":\"info\",\"msg\":\"shutting down\"}\n";
    }

}
