package dev.deploydiagnostics.core.read.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than a bounded number of characters of one line: a line longer
 * than the limit keeps its start and ends with a marker saying how much was cut. Lines that open a JSON
 * document may grow to a larger limit, so a compact document on one line can still be parsed.
 */
public final class LineReader {
    private final Reader in;
    private final int maxLength;
    private final int maxJsonLength;
    private final char[] buf = new char[32 * 1024];
    private int pos;
    private int lim;
    private long lineNumber;
    private boolean eof;

    /** Reads from {@code in}; lines are cut after {@code maxLength} characters, or {@code maxJsonLength} for
     * lines starting with a brace or bracket. */
    public LineReader(Reader in, int maxLength, int maxJsonLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.maxJsonLength = Math.max(maxLength, maxJsonLength);
    }

    /** The 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of input. */
    public String next() throws IOException {
        if (pos >= lim && !fill()) {
            return null;
        }
        // Most lines lie whole in the buffer: find the newline and copy the line once.
        char[] b = buf;
        int start = pos;
        int i = start;
        int end = lim;
        while (i < end && b[i] != '\n') {
            i++;
        }
        if (i < end) {
            pos = i + 1;
            lineNumber++;
            return whole(b, start, i);
        }
        return spanning();
    }

    private String whole(char[] b, int start, int end) {
        int len = end - start;
        if (len <= maxLength) {
            return new String(b, start, len > 0 && b[end - 1] == '\r' ? len - 1 : len);
        }
        int cap = opensJson(b, start, end) ? maxJsonLength : maxLength;
        if (len <= cap) {
            return new String(b, start, b[end - 1] == '\r' ? len - 1 : len);
        }
        return new String(b, start, cap) + Lines.cutMarker(len - (long) cap);
    }

    private static boolean opensJson(char[] b, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = b[k];
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    /** A line that runs past the end of the buffer: gathered piece by piece, never more than its cap. */
    private String spanning() throws IOException {
        StringBuilder sb = new StringBuilder(256);
        int cap = maxLength;
        boolean capDecided = false;
        long cut = 0;
        while (true) {
            if (pos >= lim && !fill()) {
                break;
            }
            char[] b = buf;
            int start = pos;
            int i = start;
            while (i < lim && b[i] != '\n') {
                i++;
            }
            if (!capDecided) {
                for (int k = start; k < i; k++) {
                    if (!Character.isWhitespace(b[k])) {
                        capDecided = true;
                        cap = b[k] == '{' || b[k] == '[' ? maxJsonLength : maxLength;
                        break;
                    }
                }
            }
            int n = i - start;
            int take = Math.max(0, Math.min(n, cap - sb.length()));
            sb.append(b, start, take);
            cut += n - take;
            if (i < lim) {
                pos = i + 1;
                lineNumber++;
                return finish(sb, cut);
            }
            pos = i;
        }
        // the last line, without a newline after it; fill() found this line had characters before the end
        lineNumber++;
        return finish(sb, cut);
    }

    private String finish(StringBuilder sb, long cut) {
        int len = sb.length();
        if (cut == 0 && len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
        }
        if (cut > 0) {
            sb.append(Lines.cutMarker(cut));
        }
        return sb.toString();
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }
}
