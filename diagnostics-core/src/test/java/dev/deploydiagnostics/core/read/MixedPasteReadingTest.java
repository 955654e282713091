package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.deploydiagnostics.core.read.Fixtures.event;
import static dev.deploydiagnostics.core.read.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

class MixedPasteReadingTest {

    @Test
    void splitsAPasteIntoDescribeEventsLogsAndJsonInOrderOfAppearance() {
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("paste.md", Fixtures.text("mixed/paste.md"),
                ReadOptions.DEFAULTS);

        List<String> order = bundle.items().stream().map(MixedPasteReadingTest::label).toList();
        assertThat(order).containsSubsequence(
                "log:Our deploy of api 1.4.2 failed, here is what I have:",
                "state:container api-7d9f8b6c5-x2x7q/api",
                "event:BackOff",
                "event:Unhealthy",
                "log:2024-01-02T15:03:30.512Z INFO  Starting ApiApplication v1.4.2",
                "state:task 0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6",
                "state:container 0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6/api",
                "log:thanks!");
        assertThat(bundle.gaps()).isEmpty();
        assertThat(bundle.platforms()).contains(Platform.KUBERNETES, Platform.AWS_ECS);
    }

    @Test
    void namesSegmentsAfterTheirHeadings() {
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("paste.md", Fixtures.text("mixed/paste.md"),
                ReadOptions.DEFAULTS);

        ResourceState api = state(bundle, "container", "api-7d9f8b6c5-x2x7q/api");
        assertThat(api.source()).isEqualTo("paste.md:kubectl describe pod api-7d9f8b6c5-x2x7q -n prod");
        assertThat(api.lastTermination().orElseThrow().reason()).isEqualTo("OOMKilled");
        assertThat(event(bundle, "Unhealthy").attributes()).containsEntry("input", "paste.md:events");
        LogLine oom = bundle.logs().stream().filter(l -> l.message().contains("OutOfMemoryError")).findFirst().orElseThrow();
        assertThat(oom.source()).isEqualTo("paste.md:kubectl logs api-7d9f8b6c5-x2x7q --previous");
        assertThat(oom.severity()).isEqualTo(Severity.ERROR);
        assertThat(oom.lineNumber()).isEqualTo(39);
        assertThat(oom.attributes()).containsEntry("pod", "api-7d9f8b6c5-x2x7q").containsEntry("previous", "true");
        assertThat(state(bundle, "task", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6").source())
                .as("a heading inside a code block names only that block").isEqualTo("paste.md:Logs");
    }

    @Test
    void readsSeveralJsonDocumentsAndYamlOneAfterAnother() {
        String text = Fixtures.text("lambda/get-function-configuration.json") + "\n"
                + Fixtures.text("ecs/describe-services.json") + "---\n" + Fixtures.text("k8s-yaml/pod.yaml")
                + "2024-01-02T15:00:00Z ERROR after the yaml\n";

        EvidenceBundle bundle = Fixtures.readText(text);

        assertThat(bundle.states()).extracting(ResourceState::kind)
                .containsExactly("function", "service", "pod", "container");
        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly("2024-01-02T15:00:00Z ERROR after the yaml");
        assertThat(bundle.platforms()).contains(Platform.AWS_LAMBDA, Platform.AWS_ECS, Platform.KUBERNETES);
    }

    @Test
    void readsJsonLinesLogsBesideARecognisedCompactDocument() {
        String text = "{\"level\":\"error\",\"msg\":\"boom\"}\n"
                + "{\"tasks\":[{\"taskArn\":\"arn:aws:ecs:us-east-1:1:task/c/abc\",\"lastStatus\":\"STOPPED\","
                + "\"stoppedReason\":\"Essential container in task exited\",\"containers\":[]}],\"failures\":[]}\n"
                + "{\"level\":\"info\",\"msg\":\"after\"}\n";

        EvidenceBundle bundle = Fixtures.readText(text);

        assertThat(bundle.items()).extracting(MixedPasteReadingTest::label)
                .containsExactly("log:boom", "state:task abc", "log:after");
    }

    @Test
    void keepsATruncatedJsonDocumentAsTextWithAGap() {
        String full = Fixtures.text("ecs/describe-tasks.json");
        String cut = full.substring(0, full.length() / 2);

        EvidenceBundle bundle = Fixtures.readText(cut);

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE);
            assertThat(g.reason()).contains("incomplete");
        });
        assertThat(bundle.logs()).anySatisfy(l -> assertThat(l.message()).contains("\"taskArn\""));
        assertThat(bundle.logs().size()).isEqualTo((int) cut.lines().filter(l -> !l.isBlank()).count());
    }

    @Test
    void readsWhatFollowsATruncatedJsonDocument() {
        String full = Fixtures.text("ecs/describe-services.json");
        String text = full.substring(0, full.length() / 3) + "\n" + Fixtures.text("describe-deployment/describe.txt");

        EvidenceBundle bundle = Fixtures.readText(text);

        assertThat(bundle.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("cut short"));
        assertThat(state(bundle, "deployment", "api").reason()).contains("ProgressDeadlineExceeded");
        assertThat(bundle.logs()).anySatisfy(l -> assertThat(l.message()).contains("\"serviceName\": \"api\""));
    }

    @Test
    void readsUnrecognisedJsonAsTextLines() {
        String text = "{\n  \"hello\": \"world\",\n  \"error\": \"something failed\"\n}\n";

        EvidenceBundle bundle = Fixtures.readText(text);

        assertThat(bundle.logs()).extracting(LogLine::message)
                .containsExactly("{", "  \"hello\": \"world\",", "  \"error\": \"something failed\"", "}");
        assertThat(bundle.gaps()).isEmpty();
    }

    private static String label(Evidence e) {
        if (e instanceof LogLine l) {
            return "log:" + l.message();
        } else if (e instanceof Event ev) {
            return "event:" + ev.reason();
        } else if (e instanceof ResourceState s) {
            return "state:" + s.kind() + " " + s.name();
        }
        return e.evidenceType() + ":" + e.text();
    }
}
