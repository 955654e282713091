package dev.deploydiagnostics.core.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.core.read.internal.AciReader;
import dev.deploydiagnostics.core.read.internal.CloudRunReader;
import dev.deploydiagnostics.core.read.internal.CloudWatchLogsReader;
import dev.deploydiagnostics.core.read.internal.DockerInspectReader;
import dev.deploydiagnostics.core.read.internal.EcsReader;
import dev.deploydiagnostics.core.read.internal.GcpLogEntriesReader;
import dev.deploydiagnostics.core.read.internal.JsonDocumentReader;
import dev.deploydiagnostics.core.read.internal.JsonSupport;
import dev.deploydiagnostics.core.read.internal.KubectlDescribeReader;
import dev.deploydiagnostics.core.read.internal.KubectlTableReader;
import dev.deploydiagnostics.core.read.internal.KubernetesObjectReader;
import dev.deploydiagnostics.core.read.internal.LambdaReader;
import dev.deploydiagnostics.core.read.internal.LogTextReader;
import dev.deploydiagnostics.core.read.internal.ReadSession;
import dev.deploydiagnostics.core.read.internal.TargetHealthReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderRobustnessTest {
    private static final List<String> FIXTURES = List.of("k8s-pods-json/pods.json", "k8s-events-json/events.json",
            "k8s-events-json/events-k8s-io.json", "k8s-workloads-json/workloads.json", "k8s-yaml/pod.yaml",
            "describe-pod/describe.txt", "describe-deployment/describe.txt", "describe-node/describe.txt",
            "events-table/events.txt", "events-table/events-all-namespaces.txt", "pods-table/pods.txt",
            "pods-table/pods-wide-all-namespaces.txt", "ecs/describe-tasks.json", "ecs/describe-services.json",
            "cloudwatch/filter-log-events.json", "cloudwatch/get-log-events-lambda.json",
            "lambda/get-function-configuration.json", "lambda/get-function-failed-update.json",
            "cloud-run/revision.json", "aci/container-show.json", "gcp-logging/entries.json",
            "elbv2/describe-target-health.json", "docker/inspect.json",
            "logs/spring-boot.log", "logs/json-lines.log", "logs/mixed-formats.log", "mixed/paste.md");
    private static final List<String> JSON_FIXTURES = FIXTURES.stream().filter(f -> f.endsWith(".json")).toList();
    private static final ReadOptions SMALL = new ReadOptions(50, java.time.ZoneOffset.UTC, 200);
    private static final Map<String, String> TEXTS = new HashMap<>();

    private static String fixture(String name) {
        synchronized (TEXTS) {
            return TEXTS.computeIfAbsent(name, Fixtures::text);
        }
    }

    @Property
    void readTextReturnsABundleForAnyString(@ForAll String text) {
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("any", text, SMALL);

        assertThat(bundle).isNotNull();
        assertLimitsHold(bundle, SMALL);
    }

    @Property
    void readReturnsABundleForAnyBytes(@ForAll @Size(max = 2000) byte[] bytes) {
        EvidenceBundle bundle = EvidenceReaders.defaults().read(
                EvidenceInput.ofStream("bytes", () -> new ByteArrayInputStream(bytes)), SMALL);

        assertThat(bundle).isNotNull();
        assertLimitsHold(bundle, SMALL);
    }

    @Property
    void readTextReturnsABundleForLineNoiseBuiltFromRealFormats(@ForAll("lineNoise") String text) {
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("noise", text, SMALL);

        assertLimitsHold(bundle, SMALL);
    }

    @Property(tries = 300)
    void truncatedFixturesNeverThrowAndKeepTheirText(@ForAll("fixtureNames") String name,
                                                      @ForAll @IntRange(max = 20_000) int cutAt) {
        String text = fixture(name);
        String cut = text.substring(0, Math.min(cutAt, text.length()));

        EvidenceBundle bundle = EvidenceReaders.defaults().readText(name, cut, ReadOptions.DEFAULTS);

        assertLimitsHold(bundle, ReadOptions.DEFAULTS);
        if (!cut.isBlank()) {
            assertThat(bundle.isEmpty()).as("something of %s cut at %d is kept", name, cutAt).isFalse();
        }
    }

    @Property(tries = 60)
    void concatenatedFixturesGiveTheStatesAndEventsOfEachAlone(
            @ForAll @Size(min = 1, max = 5) List<@From("fixtureNames") String> names) {
        StringBuilder all = new StringBuilder();
        int states = 0;
        int events = 0;
        for (String name : names) {
            String text = fixture(name);
            all.append(text).append(text.endsWith("\n") ? "\n" : "\n\n");
            EvidenceBundle alone = Fixtures.readText(text);
            states += alone.states().size();
            events += alone.events().size();
        }

        EvidenceBundle together = Fixtures.readText(all.toString());

        assertThat(together.states()).hasSize(states);
        assertThat(together.events()).hasSize(events);
    }

    @Property(tries = 50)
    void windowsLineEndingsGiveTheSameEvidence(@ForAll("fixtureNames") String name) {
        String text = fixture(name);

        List<String> unix = Fixtures.readText(text).items().stream().map(e -> e.evidenceType() + ":" + e.text()).toList();
        List<String> windows = Fixtures.readText(text.replace("\n", "\r\n")).items().stream()
                .map(e -> e.evidenceType() + ":" + e.text()).toList();

        assertThat(windows).isEqualTo(unix);
    }

    @Property(tries = 300)
    void everyJsonReaderSurvivesMutatedDocuments(@ForAll("mutatedDocuments") JsonNode doc) {
        ReadSession session = new ReadSession(SMALL);

        new JsonDocumentReader(session).read(doc, "doc");
        new KubernetesObjectReader(session).read(doc, "doc");
        new EcsReader(session).readTasks(doc, "doc");
        new EcsReader(session).readServices(doc, "doc");
        new CloudWatchLogsReader(session).read(doc.path("events"), "doc");
        new LambdaReader(session).read(doc, "doc");
        new CloudRunReader(session).read(doc, "doc");
        new AciReader(session).read(doc, "doc");
        new GcpLogEntriesReader(session).read(doc, "doc");
        new TargetHealthReader(session).read(doc, "doc");
        if (DockerInspectReader.accepts(doc.path(0))) {
            new DockerInspectReader(session).read(doc.path(0), "doc");
        }

        assertThat(session.build()).isNotNull();
    }

    @Property(tries = 300)
    void textReadersSurviveAnyLines(@ForAll("lineLists") List<String> lines) {
        ReadSession session = new ReadSession(SMALL);

        new KubectlDescribeReader(session).read(lines, "describe");
        for (KubectlTableReader.Kind kind : KubectlTableReader.Kind.values()) {
            new KubectlTableReader(session).read(kind, lines, "table");
            if (!lines.isEmpty()) {
                List<String> withHeader = new ArrayList<>(lines);
                withHeader.set(0, kind == KubectlTableReader.Kind.EVENTS
                        ? "LAST SEEN   TYPE      REASON    OBJECT    MESSAGE"
                        : "NAME   READY   STATUS    RESTARTS   AGE");
                new KubectlTableReader(session).read(kind, withHeader, "table");
            }
        }
        LogTextReader log = new LogTextReader(session, "log");
        long n = 1;
        for (String line : lines) {
            log.line(line, n++);
        }
        log.finish();

        assertLimitsHold(session.build(), SMALL);
    }

    @Property(tries = 10)
    void aOneMegabyteLineIsCutNotLost(@ForAll("hugeLines") String line) {
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("huge", line + "\nafter\n", ReadOptions.DEFAULTS);

        assertLimitsHold(bundle, ReadOptions.DEFAULTS);
        assertThat(bundle.logs()).extracting(LogLine::message).contains("after");
        assertThat(bundle.logs()).anySatisfy(l -> assertThat(l.message()).contains("more characters]"));
    }

    @Property
    void blankInputGivesAnEmptyBundle(@ForAll("blanks") String blank) {
        assertThat(EvidenceReaders.defaults().readText("blank", blank, ReadOptions.DEFAULTS).isEmpty()).isTrue();
    }

    @Example
    void aStreamOfJunkAfterValidGzipHeaderBecomesAGap() {
        byte[] bytes = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};

        EvidenceBundle bundle = EvidenceReaders.defaults().read(
                EvidenceInput.ofStream("junk.gz", () -> new ByteArrayInputStream(bytes)), ReadOptions.DEFAULTS);

        assertThat(bundle.gaps()).isNotEmpty();
    }

    @Example
    void anInputStreamThatThrowsUncheckedBecomesAGap() {
        EvidenceBundle bundle = EvidenceReaders.defaults().read(EvidenceInput.ofStream("bad", () -> {
            throw new IllegalStateException("no stream");
        }), ReadOptions.DEFAULTS);

        assertThat(bundle.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("no stream"));
    }

    private static void assertLimitsHold(EvidenceBundle bundle, ReadOptions options) {
        Map<String, Integer> perSource = new HashMap<>();
        Map<String, Long> lastLine = new HashMap<>();
        for (LogLine l : bundle.logs()) {
            perSource.merge(l.source(), 1, Integer::sum);
            assertThat(l.message().length()).isLessThanOrEqualTo(options.maxLineLength() + 64);
            Long previous = lastLine.put(l.source(), l.lineNumber());
            if (previous != null) {
                assertThat(l.lineNumber()).isGreaterThanOrEqualTo(previous);
            }
        }
        assertThat(perSource.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(options.logLineLimit()));
    }

    @Provide
    Arbitrary<String> fixtureNames() {
        return Arbitraries.of(FIXTURES);
    }

    @Provide
    Arbitrary<String> blanks() {
        return Arbitraries.strings().withChars(" \t\r\n").ofMaxLength(50);
    }

    @Provide
    Arbitrary<String> hugeLines() {
        return Arbitraries.of("{", "[", "x", " ", "{\"kind\":\"Pod\",\"x\":\"").map(p -> p + "a".repeat(1_048_576));
    }

    @Provide
    Arbitrary<List<String>> lineLists() {
        Arbitrary<String> fixtureLine = Arbitraries.of(FIXTURES).flatMap(name -> {
            List<String> lines = fixture(name).lines().toList();
            return Arbitraries.of(lines.isEmpty() ? List.of("") : lines);
        });
        Arbitrary<String> mangled = Combinators.combine(fixtureLine, Arbitraries.integers().between(0, 200))
                .as((l, i) -> l.substring(0, Math.min(i, l.length())));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(80);
        return Arbitraries.oneOf(fixtureLine, mangled, noise).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<String> lineNoise() {
        return lineLists().map(lines -> String.join("\n", lines));
    }

    @Provide
    Arbitrary<JsonNode> mutatedDocuments() {
        return Combinators.combine(Arbitraries.of(JSON_FIXTURES), Arbitraries.longs(), Arbitraries.integers().between(1, 12))
                .as((name, seed, mutations) -> {
                    try {
                        JsonNode doc = JsonSupport.JSON.readTree(fixture(name));
                        Random random = new Random(seed);
                        for (int i = 0; i < mutations; i++) {
                            mutate(doc, random);
                        }
                        return doc;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(1e308);
            case 4 -> NODES.textNode("-5Gi");
            case 5 -> NODES.arrayNode();
            case 6 -> NODES.objectNode();
            case 7 -> NODES.booleanNode(true);
            case 8 -> NODES.numberNode(Long.MAX_VALUE);
            default -> NODES.textNode("x".repeat(random.nextInt(300)));
        };
    }

    /** Walks to a random container node and replaces or removes one of its children. */
    private static void mutate(JsonNode root, Random random) {
        JsonNode node = root;
        for (int depth = 0; depth < 8; depth++) {
            List<JsonNode> children = new ArrayList<>();
            node.elements().forEachRemaining(children::add);
            List<JsonNode> containers = children.stream().filter(JsonNode::isContainerNode).toList();
            if (containers.isEmpty() || random.nextInt(4) == 0) {
                break;
            }
            node = containers.get(random.nextInt(containers.size()));
        }
        if (node instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = object.fieldNames();
            it.forEachRemaining(names::add);
            String field = names.get(random.nextInt(names.size()));
            if (random.nextBoolean()) {
                object.set(field, randomValue(random));
            } else {
                object.remove(field);
            }
        } else if (node instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), randomValue(random));
        }
    }
}
