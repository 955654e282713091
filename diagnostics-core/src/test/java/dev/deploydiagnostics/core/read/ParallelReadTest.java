package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelReadTest {

    private static Path writeLog(Path dir, int lines, long seed) throws IOException {
        Path file = dir.resolve("app.log");
        Random r = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                int kind = r.nextInt(1000);
                String ts = String.format("2024-05-01T10:%02d:%02d.%03dZ", (i / 60) % 60, i % 60, i % 1000);
                if (kind < 3) {
                    w.write(ts + " ERROR java.lang.OutOfMemoryError: Java heap space id=" + i);
                } else if (kind < 8) {
                    w.write(ts + " WARN  upstream slow, retrying id=" + i);
                } else if (kind < 10) {
                    w.write("");
                } else {
                    w.write(ts + " INFO  GET /api/items/" + r.nextInt(10_000) + " 200 " + r.nextInt(90) + "ms");
                }
                w.write('\n');
            }
        }
        return file;
    }

    private static List<String> kept(EvidenceBundle b) {
        return b.logs().stream().map(l -> l.lineNumber() + "|" + l.severity() + "|" + l.message()).toList();
    }

    @Test
    void aFileReadInPartsKeepsWhatOneReadKeeps(@TempDir Path dir) throws IOException {
        Path file = writeLog(dir, 60_000, 7);
        ReadOptions options = ReadOptions.DEFAULTS.withLogLineLimit(500);
        EvidenceBundle single = EvidenceReaders.defaults().read(EvidenceInput.ofStream("app.log", () -> Files.newInputStream(file)), options);
        EvidenceBundle parallel = EvidenceReaders.defaults().readInParallel(file, "app.log", options, System.nanoTime());

        assertThat(kept(parallel)).isEqualTo(kept(single));
        assertThat(parallel.droppedLogLines()).isEqualTo(single.droppedLogLines());
        assertThat(parallel.logs()).allSatisfy(l -> assertThat(l.source()).isEqualTo("app.log"));
    }

    @Test
    void chunksEndAtLineBoundariesAndCoverTheFile(@TempDir Path dir) throws IOException {
        Path file = writeLog(dir, 5_000, 3);
        List<dev.deploydiagnostics.core.read.internal.ChunkedRead.Chunk> chunks =
                dev.deploydiagnostics.core.read.internal.ChunkedRead.chunks(file, 4);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(chunks.get(0).start()).isZero();
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(bytes.length);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
            assertThat(bytes[(int) chunks.get(i).start() - 1]).isEqualTo((byte) '\n');
        }
    }

    @Test
    void smallFilesAreReadInOnePiece(@TempDir Path dir) throws IOException {
        Path file = writeLog(dir, 100, 1);
        assertThat(EvidenceReaders.worthSplitting(file, EvidenceReaders.PARALLEL_MIN_BYTES)).isFalse();
        assertThat(EvidenceReaders.worthSplitting(file, 1)).isEqualTo(Runtime.getRuntime().availableProcessors() > 1);
    }

    @Test
    void lineNumbersContinueAcrossParts(@TempDir Path dir) throws IOException {
        Path file = writeLog(dir, 20_000, 11);
        EvidenceBundle parallel = EvidenceReaders.defaults().readInParallel(file, "app.log",
                ReadOptions.DEFAULTS.withLogLineLimit(100_000), System.nanoTime());
        List<String> lines = Files.readAllLines(file);
        for (LogLine l : parallel.logs()) {
            assertThat(lines.get((int) l.lineNumber() - 1)).contains(l.message().substring(0, Math.min(20, l.message().length())));
        }
    }
}
