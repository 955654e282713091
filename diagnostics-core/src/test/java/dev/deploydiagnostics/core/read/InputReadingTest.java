package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class InputReadingTest {

    @TempDir
    Path dir;

    @Test
    void readsADirectoryRecursivelyInNameOrderAndSkipsBinariesWithAGap() throws IOException {
        Files.createDirectories(dir.resolve("b-k8s"));
        Files.copy(Fixtures.path("ecs/describe-tasks.json"), dir.resolve("a-tasks.json"));
        Files.copy(Fixtures.path("describe-pod/describe.txt"), dir.resolve("b-k8s/describe.out"));
        Files.write(dir.resolve("c-core.dump"), new byte[]{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3});
        Files.writeString(dir.resolve("d.log"), "2024-01-02T15:00:00Z ERROR last words\n");

        EvidenceBundle bundle = EvidenceReaders.defaults().read(EvidenceInput.of(dir), ReadOptions.DEFAULTS);

        assertThat(bundle.states().get(0).kind()).isEqualTo("task");
        assertThat(bundle.states().get(0).source()).isEqualTo(dir + "/a-tasks.json");
        assertThat(bundle.states()).anySatisfy(s -> assertThat(s.source()).isEqualTo(dir + "/b-k8s/describe.out"));
        assertThat(bundle.gaps()).anySatisfy(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE);
            assertThat(g.what()).contains("c-core.dump");
            assertThat(g.reason()).contains("binary");
        });
        assertThat(bundle.logs()).singleElement().satisfies(l -> assertThat(l.source()).isEqualTo(dir + "/d.log"));
        assertThat(bundle.items().get(bundle.size() - 1)).isInstanceOf(LogLine.class);
        assertThat(bundle.platforms()).contains(Platform.AWS_ECS, Platform.KUBERNETES);
    }

    @Test
    void reportsAMissingFileAsAnUnreadableGap() {
        EvidenceBundle bundle = EvidenceReaders.defaults().read(EvidenceInput.of(dir.resolve("nope.json")),
                ReadOptions.DEFAULTS);

        assertThat(bundle.observationCount()).isZero();
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE);
            assertThat(g.what()).contains("nope.json");
            assertThat(g.reason()).contains("NoSuchFileException");
        });
    }

    @Test
    void keepsWhatWasReadWhenAStreamFailsPartWay() {
        byte[] head = "2024-01-02T15:00:00Z ERROR first\n2024-01-02T15:00:01Z ERROR second\n".getBytes(StandardCharsets.UTF_8);
        EvidenceInput input = EvidenceInput.ofStream("<stdin>", () -> new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos < head.length) {
                    return head[pos++];
                }
                throw new IOException("connection reset");
            }
        });

        EvidenceBundle bundle = EvidenceReaders.defaults().read(input, ReadOptions.DEFAULTS);

        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly(
                "2024-01-02T15:00:00Z ERROR first", "2024-01-02T15:00:01Z ERROR second");
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.what()).contains("<stdin>");
            assertThat(g.reason()).contains("connection reset");
        });
    }

    @Test
    void reportsAStreamThatCannotBeOpened() {
        EvidenceInput input = EvidenceInput.ofStream("<stdin>", () -> {
            throw new IOException("stdin is closed");
        });

        EvidenceBundle bundle = EvidenceReaders.defaults().read(input, ReadOptions.DEFAULTS);

        assertThat(bundle.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("stdin is closed"));
    }

    @Test
    void readsGzipCompressedInput() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Files.readAllBytes(Fixtures.path("ecs/describe-services.json")));
        }
        Path file = dir.resolve("services.json.gz");
        Files.write(file, bytes.toByteArray());

        EvidenceBundle bundle = EvidenceReaders.defaults().read(EvidenceInput.of(file), ReadOptions.DEFAULTS);

        assertThat(bundle.states()).extracting(ResourceState::kind).containsExactly("service");
        assertThat(bundle.events()).hasSize(4);
    }

    @Test
    void readsUtf16TextWithAByteOrderMark() throws IOException {
        Path file = dir.resolve("events.txt");
        Files.write(file, Fixtures.text("events-table/events.txt").getBytes(StandardCharsets.UTF_16));

        EvidenceBundle bundle = EvidenceReaders.defaults().read(EvidenceInput.of(file), ReadOptions.DEFAULTS);

        assertThat(bundle.events()).hasSize(5);
    }

    @Test
    void readsUtf8WithAByteOrderMarkAndColourCodes() {
        String text = "\uFEFF{\"FunctionName\":\"f\",\"Runtime\":\"nodejs20.x\",\"MemorySize\":256}\n"
                + "\u001B[31mERROR\u001B[0m red alert\n";

        EvidenceBundle bundle = Fixtures.readText(text);

        assertThat(bundle.states()).extracting(ResourceState::kind).containsExactly("function");
        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly("ERROR red alert");
    }

    @Test
    void readsEmptyInputAsEmptyBundle() {
        assertThat(Fixtures.readText("").isEmpty()).isTrue();
        assertThat(EvidenceReaders.defaults().read(EvidenceInput.ofText("empty", ""), ReadOptions.DEFAULTS).isEmpty())
                .isTrue();
    }
}
