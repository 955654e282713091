package dev.deploydiagnostics.core.read.internal;

import java.nio.charset.StandardCharsets;

/**
 * A run of consecutive plain log lines found by {@link Utf8LineScanner}, by their places in its buffer: handed
 * on as one batch, so the work per line is one pass of one loop rather than a chain of calls. Valid only during
 * the call it is handed to; the buffer is reused after.
 */
public final class PlainLines {
    private byte[] buf;
    private int[] starts;
    private int[] ends;
    private int[] years;
    private byte[] kinds;
    private int from;
    private int size;
    private long firstLine;

    /** Shows lines {@code [from, from + size)} of the scanner's records, the first being line {@code firstLine}. */
    void view(byte[] buffer, int[] recordStarts, int[] recordEnds, int[] recordYears, byte[] recordKinds,
              int first, int count, long firstLineNumber) {
        buf = buffer;
        starts = recordStarts;
        ends = recordEnds;
        years = recordYears;
        kinds = recordKinds;
        from = first;
        size = count;
        firstLine = firstLineNumber;
    }

    /** How many lines. */
    public int size() {
        return size;
    }

    /** The text of line {@code k}: ASCII, so read byte for character. */
    public String text(int k) {
        int r = from + k;
        return new String(buf, starts[r], ends[r] - starts[r], StandardCharsets.ISO_8859_1);
    }

    /** The 1-based number of line {@code k} in its input. */
    public long lineNumber(int k) {
        return firstLine + k;
    }

    /** The year of the full dates in line {@code k}: -1 for none, -2 when they differ. */
    public int year(int k) {
        return years[from + k];
    }

    /** True when line {@code k} may show the platform. */
    public boolean hint(int k) {
        return (kinds[from + k] & Utf8LineScanner.HINT) != 0;
    }

    /** The number of the last line. */
    public long lastLineNumber() {
        return firstLine + size - 1;
    }
}
