package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.core.read.internal.ChunkedRead;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.core.read.internal.JsonSupport;
import dev.deploydiagnostics.core.read.internal.LineReader;
import dev.deploydiagnostics.core.read.internal.PlainLines;
import dev.deploydiagnostics.core.read.internal.ReadSession;
import dev.deploydiagnostics.core.read.internal.TextSegmenter;
import dev.deploydiagnostics.core.read.internal.Utf8LineScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads offline evidence (files, directories, streams, pasted text) into the same evidence providers collect
 * live, choosing each format by content, never by file name.
 *
 * <p>Formats: {@code kubectl get -o json|yaml} (pods, events, workloads, nodes, claims), {@code kubectl
 * describe} text, {@code kubectl get events|pods} tables, {@code aws ecs describe-tasks|describe-services},
 * {@code aws logs filter-log-events|get-log-events}, {@code aws lambda get-function-configuration},
 * {@code gcloud run revisions|services describe --format json}, {@code gcloud logging read --format json},
 * {@code az container show}, {@code aws elbv2 describe-target-health}, {@code docker inspect}, plain and JSON-lines logs (gzip-compressed too), and pastes mixing several of
 * these with or without headings and code fences.
 *
 * <p>Reading never throws for bad input: what cannot be read becomes a {@link CollectionGap} of kind
 * {@link CollectionGap.Kind#UNREADABLE} naming the input and the reason, and what was read before stays.
 * Stateless and thread-safe.
 */
@Experimental("the set of recognised formats grows; the entry points are stable in intent")
public final class EvidenceReaders {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceReaders.class);
    private static final EvidenceReaders DEFAULTS = new EvidenceReaders();
    private static final int DETECT_BYTES = 64 * 1024;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private EvidenceReaders() {
    }

    /** The shared instance. */
    public static EvidenceReaders defaults() {
        return DEFAULTS;
    }

    /**
     * Reads a file, a directory (its regular files, recursively, in name order; binary files are skipped
     * with a gap) or a stream.
     *
     * @throws NullPointerException if an argument is null; nothing about the content makes it throw
     */
    public EvidenceBundle read(EvidenceInput input, ReadOptions options) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        ReadSession session = new ReadSession(options);
        try {
            if (input.isDirectory()) {
                readDirectory(input.path().orElseThrow(), input.name(), session);
            } else if (input.path().isPresent() && worthSplitting(input.path().get(), PARALLEL_MIN_BYTES)) {
                return readInParallel(input.path().get(), input.name(), options, started);
            } else {
                readStream(input.name(), input::open, session);
            }
        } catch (RuntimeException | StackOverflowError e) {
            session.gap(input.name(), "reading stopped: " + describe(e), CollectionGap.Kind.UNREADABLE);
        }
        return done(input.name(), session, started);
    }

    /**
     * Reads text held in memory, e.g. pasted by a user; {@code sourceName} names it in evidence sources.
     *
     * @throws NullPointerException if an argument is null; nothing about the content makes it throw
     */
    public EvidenceBundle readText(String sourceName, String text, ReadOptions options) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        ReadSession session = new ReadSession(options);
        try {
            readLines(sourceName, new StringReader(text), session);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            session.gap(sourceName, "reading stopped: " + describe(e), CollectionGap.Kind.UNREADABLE);
        }
        return done(sourceName, session, started);
    }

    /** Files at least this large are read on all cores; far above the size a structured document is parsed whole. */
    static final long PARALLEL_MIN_BYTES = 96L * 1024 * 1024;

    /** True for a large, uncompressed regular file on a machine with more than one core. */
    static boolean worthSplitting(Path file, long minBytes) {
        try {
            if (Runtime.getRuntime().availableProcessors() < 2 || !Files.isRegularFile(file) || Files.size(file) < minBytes) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                int a = in.read();
                int b = in.read();
                return !(a == 0x1f && b == 0x8b);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a large file as one chunk per core and joins the parts as a single read would have. */
    EvidenceBundle readInParallel(Path file, String name, ReadOptions options, long started) {
        List<ChunkedRead.Chunk> chunks;
        try {
            chunks = ChunkedRead.chunks(file, Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            ReadSession session = new ReadSession(options);
            session.gap(name, describe(e), CollectionGap.Kind.UNREADABLE);
            return done(name, session, started);
        }
        EvidenceBundle[] parts = new EvidenceBundle[chunks.size()];
        long[] newlines = new long[chunks.size()];
        java.util.stream.IntStream.range(0, chunks.size()).parallel().forEach(i -> {
            ReadSession session = new ReadSession(options);
            ChunkedRead.ChunkStream[] opened = new ChunkedRead.ChunkStream[1];
            try {
                readStream(name, () -> opened[0] = new ChunkedRead.ChunkStream(file, chunks.get(i)), session);
            } catch (RuntimeException | StackOverflowError e) {
                session.gap(name, "reading stopped: " + describe(e), CollectionGap.Kind.UNREADABLE);
            }
            newlines[i] = opened[0] == null ? 0 : opened[0].newlines();
            parts[i] = session.build();
        });
        List<Long> before = new ArrayList<>();
        long sum = 0;
        for (long n : newlines) {
            before.add(sum);
            sum += n;
        }
        EvidenceBundle joined = ChunkedRead.join(List.of(parts), before, options.logLineLimit());
        if (LOG.isDebugEnabled()) {
            LOG.debug("read {} in {} parts in {} ms: {}", name, chunks.size(), (System.nanoTime() - started) / 1_000_000, joined);
        }
        return joined;
    }

    private static EvidenceBundle done(String name, ReadSession session, long started) {
        EvidenceBundle bundle = session.build();
        if (LOG.isDebugEnabled()) {
            LOG.debug("read {} in {} ms: {}", name, (System.nanoTime() - started) / 1_000_000, bundle);
        }
        return bundle;
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private void readDirectory(Path dir, String name, ReadSession session) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (Files.isRegularFile(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    session.gap(display(name, dir, file), "could not open: " + describe(e),
                            CollectionGap.Kind.UNREADABLE);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            session.gap(name, "could not list the directory: " + describe(e), CollectionGap.Kind.UNREADABLE);
        }
        files.sort(Comparator.comparing(f -> dir.relativize(f).toString().replace('\\', '/')));
        for (Path file : files) {
            String fileName = display(name, dir, file);
            try {
                readStream(fileName, () -> Files.newInputStream(file), session);
            } catch (RuntimeException | StackOverflowError e) {
                session.gap(fileName, "reading stopped: " + describe(e), CollectionGap.Kind.UNREADABLE);
            }
        }
    }

    private static String display(String name, Path dir, Path file) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        return name.endsWith("/") ? name + rel : name + "/" + rel;
    }

    private void readStream(String name, Opener opener, ReadSession session) {
        try (InputStream raw = opener.open()) {
            Peeked p = peek(raw);
            if (p.head.length >= 2 && (p.head[0] & 0xff) == 0x1f && (p.head[1] & 0xff) == 0x8b) {
                IOException before = p.failure;
                p = peek(new GZIPInputStream(p.stream));
                if (before != null && p.failure == null) {
                    p = new Peeked(p.head, p.stream, before);
                }
            }
            Charset charset = StandardCharsets.UTF_8;
            if (p.head.length >= 2 && (((p.head[0] & 0xff) == 0xff && (p.head[1] & 0xff) == 0xfe)
                    || ((p.head[0] & 0xff) == 0xfe && (p.head[1] & 0xff) == 0xff))) {
                charset = StandardCharsets.UTF_16;
            } else if (binary(p.head)) {
                session.gap(name, "binary content, not text; skipped", CollectionGap.Kind.UNREADABLE);
                return;
            }
            if (charset == StandardCharsets.UTF_8) {
                readUtf8Lines(name, p.stream, session);
            } else {
                Reader reader = new InputStreamReader(p.stream, charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
                readLines(name, reader, session);
            }
            if (p.failure != null) {
                session.gap(name, "reading stopped after " + p.head.length + " bytes: " + describe(p.failure),
                        CollectionGap.Kind.UNREADABLE);
            }
        } catch (IOException e) {
            session.gap(name, describe(e), CollectionGap.Kind.UNREADABLE);
        }
    }

    /** The first bytes for detection, the whole stream again, and the failure that cut the first bytes short. */
    private record Peeked(byte[] head, InputStream stream, IOException failure) {
    }

    /** Reads up to 64 KiB for detection; a failure while doing so keeps the bytes read before it. */
    private static Peeked peek(InputStream in) {
        byte[] buf = new byte[DETECT_BYTES];
        int n = 0;
        IOException failure = null;
        try {
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            failure = e;
        }
        byte[] head = java.util.Arrays.copyOf(buf, n);
        InputStream rest = failure == null && n == buf.length ? in : InputStream.nullInputStream();
        return new Peeked(head, new SequenceInputStream(new ByteArrayInputStream(head), rest), failure);
    }

    /** NUL bytes, or many control characters other than tab, newline, carriage return, form feed and escape. */
    static boolean binary(byte[] head) {
        int control = 0;
        for (byte b : head) {
            int c = b & 0xff;
            if (c == 0) {
                return true;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                control++;
            }
        }
        return head.length > 0 && control * 10 > head.length;
    }

    /**
     * Reads lines into the segmenter; an I/O failure part way keeps what was read and adds a gap saying
     * where reading stopped.
     */
    private static void readLines(String name, Reader reader, ReadSession session) throws IOException {
        TextSegmenter segmenter = new TextSegmenter(session, name);
        LineReader lines = new LineReader(reader, session.options().maxLineLength(), JsonSupport.MAX_DOCUMENT_CHARS);
        try {
            String line;
            while ((line = lines.next()) != null) {
                if (!accept(segmenter, line, lines.lineNumber(), name, session)) {
                    break;
                }
            }
        } catch (IOException e) {
            session.gap(name, "reading stopped after line " + lines.lineNumber() + ": " + describe(e),
                    CollectionGap.Kind.UNREADABLE);
        } finally {
            segmenter.finish();
        }
    }

    /**
     * Reads UTF-8 lines into the segmenter from the bytes, plain log lines without decoding them; otherwise
     * as {@link #readLines}.
     */
    private static void readUtf8Lines(String name, InputStream in, ReadSession session) {
        TextSegmenter segmenter = new TextSegmenter(session, name);
        Utf8LineScanner lines = new Utf8LineScanner(in, session.options().maxLineLength(), JsonSupport.MAX_DOCUMENT_CHARS);
        try {
            lines.run(new Utf8LineScanner.Target() {
                @Override
                public boolean line(String line, long lineNumber) {
                    return accept(segmenter, line, lineNumber, name, session);
                }

                @Override
                public boolean plain(PlainLines run) {
                    segmenter.acceptPlain(run);
                    if (Thread.currentThread().isInterrupted()) {
                        session.add(CollectionGap.of(ReadSession.PROVIDER, "evidence from " + name,
                                "reading was interrupted after line " + run.lastLineNumber(), CollectionGap.Kind.TIMEOUT));
                        return false;
                    }
                    return true;
                }
            });
        } catch (IOException e) {
            session.gap(name, "reading stopped after line " + lines.lineNumber() + ": " + describe(e),
                    CollectionGap.Kind.UNREADABLE);
        } finally {
            segmenter.finish();
        }
    }

    /** Hands one line to the segmenter, a byte-order mark and terminal colours removed; false: stop reading. */
    private static boolean accept(TextSegmenter segmenter, String line, long n, String name, ReadSession session) {
        if (n == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        if (line.indexOf('\u001B') >= 0) {
            line = ANSI.matcher(line).replaceAll("");
        }
        segmenter.accept(line, n);
        return stillWanted(n, name, session);
    }

    /** Every 4,096 lines, whether the analysis still wants the rest; if not, a gap says where reading stopped. */
    private static boolean stillWanted(long n, String name, ReadSession session) {
        if ((n & 4095) == 0 && Thread.currentThread().isInterrupted()) {
            session.add(CollectionGap.of(ReadSession.PROVIDER, "evidence from " + name,
                    "reading was interrupted after line " + n, CollectionGap.Kind.TIMEOUT));
            return false;
        }
        return true;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            return kind;
        }
        int nl = m.indexOf('\n');
        String first = nl < 0 ? m : m.substring(0, nl);
        return kind + ": " + (first.length() > 300 ? first.substring(0, 300) : first);
    }
}
