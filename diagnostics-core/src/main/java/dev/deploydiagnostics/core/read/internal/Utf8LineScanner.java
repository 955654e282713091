package dev.deploydiagnostics.core.read.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits UTF-8 input into lines straight from its bytes, and in the same pass finds which lines are plain
 * log text that cannot matter: ASCII, no heading or segment start, nothing {@link LineGate} looks for.
 * Those lines reach the segmenter as ASCII strings through {@link Target#plain}, without decoding, and
 * usually wait unparsed; every other line is decoded and takes the ordinary path, {@link Target#line}, with
 * exactly the text {@link LineReader} would have given it (a trailing carriage return dropped, long lines
 * cut with a marker).
 *
 * <p>One automaton step per byte: each step finds the line ends, the literals of {@link LineGate}, and the
 * bytes the fast path leaves alone (non-ASCII, escape, carriage return). A line longer than the buffer is
 * read by a {@link LineReader} on its own and the byte path goes on after it.
 */
public final class Utf8LineScanner {
    /** Where lines go. */
    public interface Target {
        /** A line for the ordinary path, as {@link LineReader} gives it; false stops reading. */
        boolean line(String line, long lineNumber);

        /** A run of consecutive plain lines ({@link TextSegmenter#acceptPlain}); false stops reading. */
        boolean plain(PlainLines lines);
    }

    private static final int BUFFER = 256 * 1024;
    private static final int MAX_LEVEL_KEYS = 8;

    private final InputStream in;
    private final int maxLength;
    private final int maxJsonLength;
    private final int[] table = LineGate.byteTable();
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private long lineNumber;
    private final int[] levelKeys = new int[MAX_LEVEL_KEYS];
    private final Events a = new Events();
    private final Events b = new Events();
    private final PlainLines run = new PlainLines();
    /** The buffer seen as text, for the checks a plain line must pass; only its ASCII lines are looked at. */
    private final AsciiBytes ascii;
    private int[] recStarts = new int[1024];
    private int[] recEnds = new int[1024];
    private int[] recYears = new int[1024];
    private byte[] recKinds = new byte[1024];
    private int records;
    private long firstRecordLine;

    public Utf8LineScanner(InputStream in, int maxLength, int maxJsonLength) {
        this(in, maxLength, maxJsonLength, BUFFER);
    }

    /** With a buffer of this many bytes; lines longer than it take the slower path. */
    Utf8LineScanner(InputStream in, int maxLength, int maxJsonLength, int bufferBytes) {
        this.buf = new byte[Math.max(16, bufferBytes)];
        this.ascii = new AsciiBytes(buf);
        this.splitMin = Math.min(SPLIT_MIN, Math.max(32, buf.length / 4));
        this.in = in;
        this.maxLength = maxLength;
        this.maxJsonLength = Math.max(maxLength, maxJsonLength);
    }

    /** The 1-based number of the last line handed on. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Reads to the end of the input or until the target says stop. */
    public void run(Target target) throws IOException {
        while (true) {
            if (!scan(target)) {
                return;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            if (eof) {
                if (lim > 0) {
                    lineNumber++;
                    String last = decode(0, lim);
                    lim = 0;
                    target.line(last, lineNumber);
                }
                return;
            }
            if (lim == buf.length) {
                lineNumber++;
                if (!target.line(longLine(), lineNumber)) {
                    return;
                }
                continue;
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
    }

    /**
     * Hands on every complete line in {@code [pos, lim)}; leaves {@code pos} at the start of the incomplete
     * rest. A large region is cut at a line start near its middle and both halves are stepped through at
     * once: each step of the automaton waits on the one before, so two independent halves keep the processor
     * busy where one would leave it waiting. The steps record where something was found; the lines are then
     * judged in order from those records.
     */
    private boolean scan(Target target) {
        int from = pos;
        int to = lim;
        int split = to - from >= splitMin ? lineStartAfter(from + (to - from) / 2, to) : -1;
        records = 0;
        if (split < 0) {
            a.clear();
            step(a, from, to);
            judge(a, from);
            return dispatch(target);
        }
        a.clear();
        b.clear();
        int[] d = table;
        byte[] bytes = buf;
        int m = Math.min(split - from, to - split);
        int sa = 0;
        int sb = 0;
        for (int k = 0; k < m; k++) {
            int ia = from + k;
            int ib = split + k;
            int ea = d[sa | (bytes[ia] & 0xff)];
            int eb = d[sb | (bytes[ib] & 0xff)];
            sa = ea & ~0xff;
            sb = eb & ~0xff;
            if ((ea & 0xff) != 0) {
                a.add(ia, ea);
            }
            if ((eb & 0xff) != 0) {
                b.add(ib, eb);
            }
        }
        stepFrom(a, from + m, split, sa);
        stepFrom(b, split + m, to, sb);
        judge(a, from);
        judge(b, split);
        return dispatch(target);
    }

    /** Regions smaller than this are stepped through as one: splitting them gains nothing. */
    private static final int SPLIT_MIN = 16 * 1024;
    private final int splitMin;

    private int lineStartAfter(int at, int to) {
        for (int k = at; k < to - 1; k++) {
            if (buf[k] == '\n') {
                return k + 1;
            }
        }
        return -1;
    }

    private void step(Events events, int from, int to) {
        stepFrom(events, from, to, 0);
    }

    private void stepFrom(Events events, int from, int to, int state) {
        int[] d = table;
        byte[] bytes = buf;
        for (int i = from; i < to; i++) {
            int entry = d[state | (bytes[i] & 0xff)];
            state = entry & ~0xff;
            if ((entry & 0xff) != 0) {
                events.add(i, entry);
            }
        }
    }

    /**
     * Judges the lines whose automaton records these are, from {@code start}, into line records; sets {@code
     * pos} to the start of the first incomplete line. Nothing is handed on here, so this loop stays small.
     */
    private void judge(Events events, int start) {
        byte[] bytes = buf;
        int flags = 0;
        int keys = 0;
        int cr = -1;
        int year = -1;
        int prompt = -1;
        int[] at = events.at;
        byte[] what = events.what;
        for (int e = 0, n = events.size; e < n; e++) {
            int i = at[e];
            int f = what[e] & 0xff;
            if (f == LineGate.B_NEWLINE) {
                record(start, i, flags, keys, cr, year, prompt);
                start = i + 1;
                flags = 0;
                keys = 0;
                cr = -1;
                year = -1;
                prompt = -1;
                continue;
            }
            if ((f & LineGate.B_SPECIAL) != 0) {
                if (bytes[i] == '\r' && cr < 0) {
                    cr = i;
                } else {
                    flags |= LineGate.B_SPECIAL;
                }
            }
            if ((f & LineGate.B_LEVEL_KEY) != 0) {
                if (keys < MAX_LEVEL_KEYS) {
                    levelKeys[keys++] = i + 1;
                } else {
                    flags |= LineGate.B_MATTER;
                }
            }
            if ((f & LineGate.B_YEAR) != 0) {
                int y = yearOfDateEndingAt(i, start);
                year = year == -1 || year == y ? y : -2;
            }
            if ((f & LineGate.B_PROMPT) != 0 && prompt < 0) {
                prompt = i;
            }
            flags |= f & (LineGate.B_MATTER | LineGate.B_HINT);
        }
        pos = start;
    }

    /** Records one complete line, {@code [start, newline)}: plain (and how) or for the ordinary path. */
    private void record(int start, int newline, int flags, int keys, int cr, int year, int prompt) {
        lineNumber++;
        int end = newline;
        if (cr >= 0) {
            if (cr != newline - 1) {
                flags |= LineGate.B_SPECIAL;
            } else {
                end = newline - 1;
            }
        }
        byte kind = ORDINARY;
        if ((flags & (LineGate.B_MATTER | LineGate.B_SPECIAL)) == 0 && lineNumber > 1 && newline - start <= maxLength) {
            boolean matters = false;
            for (int k = 0; k < keys && !matters; k++) {
                matters = LineGate.levelValueMatters(ascii, levelKeys[k], end);
            }
            if (!matters && TextSegmenter.plainText(ascii, start, end, prompt)) {
                kind = (flags & LineGate.B_HINT) != 0 ? PLAIN | HINT : PLAIN;
            }
        }
        if (records == recStarts.length) {
            int grown = records * 2;
            recStarts = Arrays.copyOf(recStarts, grown);
            recEnds = Arrays.copyOf(recEnds, grown);
            recYears = Arrays.copyOf(recYears, grown);
            recKinds = Arrays.copyOf(recKinds, grown);
        }
        if (records == 0) {
            firstRecordLine = lineNumber;
        }
        recStarts[records] = start;
        recEnds[records] = kind == ORDINARY ? newline : end;
        recYears[records] = year;
        recKinds[records++] = kind;
    }

    /** Hands the recorded lines on in order: runs of plain lines as one batch, the others one by one. */
    private boolean dispatch(Target target) {
        int r = 0;
        while (r < records) {
            long n = firstRecordLine + r;
            if (recKinds[r] == ORDINARY) {
                if (!target.line(decode(recStarts[r], recEnds[r]), n)) {
                    return false;
                }
                r++;
                continue;
            }
            int end = r + 1;
            while (end < records && recKinds[end] != ORDINARY) {
                end++;
            }
            run.view(buf, recStarts, recEnds, recYears, recKinds, r, end - r, n);
            if (!target.plain(run)) {
                return false;
            }
            r = end;
        }
        return true;
    }

    /** Line record kinds. */
    private static final byte ORDINARY = 0;
    static final byte PLAIN = 1;
    static final byte HINT = 2;

    /** The year of the full date whose last character (the colon after the hour or the year) is at {@code i}. */
    private int yearOfDateEndingAt(int i, int lineStart) {
        byte[] b = buf;
        // common-log, [01/Mar/2024: ; otherwise ISO, 2024-03-01T10:
        int y = i - 12 >= lineStart && b[i - 12] == '[' && b[i - 5] == '/' ? i - 4 : i - 13;
        return (b[y] - '0') * 1000 + (b[y + 1] - '0') * 100 + (b[y + 2] - '0') * 10 + (b[y + 3] - '0');
    }

    /** Where the automaton found something in one stretch of the buffer, and what: a growable pair of arrays. */
    private static final class Events {
        int[] at = new int[1024];
        byte[] what = new byte[1024];
        int size;

        void clear() {
            size = 0;
        }

        void add(int position, int entry) {
            if (size == at.length) {
                at = java.util.Arrays.copyOf(at, size * 2);
                what = java.util.Arrays.copyOf(what, size * 2);
            }
            at[size] = position;
            what[size++] = (byte) entry;
        }
    }

    /** The line in {@code [start, end)} (without its newline) as {@link LineReader} would give it. */
    private String decode(int start, int end) {
        String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
        int len = line.length();
        if (len <= maxLength) {
            return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line;
        }
        int cap = maxLength;
        for (int k = 0; k < len; k++) {
            char c = line.charAt(k);
            if (!Character.isWhitespace(c)) {
                cap = c == '{' || c == '[' ? maxJsonLength : maxLength;
                break;
            }
        }
        if (len <= cap) {
            return line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line;
        }
        return line.substring(0, cap) + Lines.cutMarker(len - (long) cap);
    }

    /**
     * A line that fills the whole buffer: read by a {@link LineReader} from the buffered bytes and then the
     * input, up to and including its newline, so it is cut exactly as the ordinary reader cuts it.
     */
    private String longLine() throws IOException {
        InputStream oneLine = new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] to, int off, int len) throws IOException {
                if (done || len == 0) {
                    return done ? -1 : 0;
                }
                if (pos >= lim) {
                    pos = 0;
                    lim = 0;
                    int n = eof ? -1 : in.read(buf, 0, buf.length);
                    if (n < 0) {
                        eof = true;
                        done = true;
                        return -1;
                    }
                    lim = n;
                }
                int n = 0;
                while (n < len && pos < lim) {
                    byte c = buf[pos++];
                    to[off + n++] = c;
                    if (c == '\n') {
                        done = true;
                        break;
                    }
                }
                return n;
            }
        };
        LineReader reader = new LineReader(new InputStreamReader(oneLine, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                maxLength, maxJsonLength);
        String line = reader.next();
        return line == null ? "" : line;
    }
}
