package dev.deploydiagnostics.core.read.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A run of consecutive plain log lines found by {@link Utf8LineScanner}, by their places in its buffer: handed
 * on as one batch, so the work per line is one pass of one loop rather than a chain of calls. Valid only during
 * the call it is handed to; the buffer is reused after.
 */
public final class PlainLines {
    private byte[] buf;
    private long firstLine;
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int[] years = new int[256];
    private boolean[] hints = new boolean[256];
    private int size;

    void start(byte[] buffer, long lineNumber) {
        buf = buffer;
        firstLine = lineNumber;
        size = 0;
    }

    void add(int start, int end, int year, boolean hint) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            years = Arrays.copyOf(years, size * 2);
            hints = Arrays.copyOf(hints, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        years[size] = year;
        hints[size++] = hint;
    }

    /** How many lines. */
    public int size() {
        return size;
    }

    /** The text of line {@code k}: ASCII, so read byte for character. */
    public String text(int k) {
        return new String(buf, starts[k], ends[k] - starts[k], StandardCharsets.ISO_8859_1);
    }

    /** The 1-based number of line {@code k} in its input. */
    public long lineNumber(int k) {
        return firstLine + k;
    }

    /** The year of the full dates in line {@code k}: -1 for none, -2 when they differ. */
    public int year(int k) {
        return years[k];
    }

    /** True when line {@code k} may show the platform. */
    public boolean hint(int k) {
        return hints[k];
    }

    /** The number of the last line. */
    public long lastLineNumber() {
        return firstLine + size - 1;
    }
}
