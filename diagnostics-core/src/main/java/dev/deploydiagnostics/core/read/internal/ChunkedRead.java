package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one large file on all cores: it is cut at line boundaries into one chunk per core, each chunk is read
 * as if it were a file of its own, and the results are joined as one read would have made them: line numbers
 * continue across chunks, and each stream's log lines are chosen again under the line budget with the same
 * rule (failure lines first, earliest and latest halves, then the tail of the rest).
 *
 * <p>Only for files far larger than any structured document is parsed whole, so no document is split that
 * would otherwise have been read as one. The one difference from a single read: the stack-trace lines right
 * after a cut do not inherit the level of the line before the cut.
 */
public final class ChunkedRead {
    private ChunkedRead() {
    }

    /** A part of the file, by byte offsets, and the number of newlines before it. */
    public record Chunk(long start, long end) {
    }

    /** Cuts the file into about {@code parts} chunks that each end just after a newline. */
    public static List<Chunk> chunks(Path file, int parts) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            List<Chunk> out = new ArrayList<>();
            long start = 0;
            for (int i = 1; i < parts && start < size; i++) {
                long target = Math.max(start, size * i / parts);
                long cut = nextLineStart(ch, target, size);
                if (cut <= start || cut >= size) {
                    continue;
                }
                out.add(new Chunk(start, cut));
                start = cut;
            }
            out.add(new Chunk(start, size));
            return out;
        }
    }

    private static long nextLineStart(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return size;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return size;
    }

    /** A stream over one chunk that counts the newlines it passes. */
    public static final class ChunkStream extends InputStream {
        private final FileChannel channel;
        private final InputStream in;
        private long remaining;
        private long newlines;

        /** Opens the chunk. */
        public ChunkStream(Path file, Chunk chunk) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(chunk.start());
            this.in = java.nio.channels.Channels.newInputStream(channel);
            this.remaining = chunk.end() - chunk.start();
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
                if (b == '\n') {
                    newlines++;
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                for (int i = off; i < off + n; i++) {
                    if (b[i] == '\n') {
                        newlines++;
                    }
                }
            }
            return n;
        }

        /** Newlines read so far. */
        public long newlines() {
            return newlines;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Joins the chunks' bundles in file order: log line numbers are shifted by the newlines of the chunks before,
     * and each stream's lines are chosen again under {@code budget}.
     *
     * @param newlinesBefore for each chunk, the newlines in all chunks before it
     */
    public static EvidenceBundle join(List<EvidenceBundle> parts, List<Long> newlinesBefore, int budget) {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        Map<String, List<LogLine>> bySource = new LinkedHashMap<>();
        long dropped = 0;
        for (int i = 0; i < parts.size(); i++) {
            EvidenceBundle part = parts.get(i);
            long shift = newlinesBefore.get(i);
            part.platforms().forEach(out::platform);
            dropped += part.droppedLogLines();
            for (Evidence e : part.items()) {
                if (e instanceof LogLine l) {
                    LogLine moved = shift == 0 || l.lineNumber() == 0 ? l
                            : new LogLine(l.timestamp(), l.source(), l.message(), l.severity(), l.lineNumber() + shift, l.attributes());
                    bySource.computeIfAbsent(l.source(), k -> new ArrayList<>()).add(moved);
                } else {
                    out.add(e);
                }
            }
        }
        for (List<LogLine> lines : bySource.values()) {
            List<LogLine> kept = LogCollector.select(lines, budget);
            dropped += lines.size() - kept.size();
            out.addAll(kept);
        }
        out.droppedLogLines(dropped);
        return out.build();
    }
}
