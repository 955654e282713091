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
    private final char[] buf = new char[8192];
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
        if (eof && pos >= lim) {
            return null;
        }
        StringBuilder sb = new StringBuilder(128);
        int cap = maxLength;
        boolean capDecided = false;
        long cut = 0;
        boolean any = false;
        while (true) {
            if (pos >= lim) {
                if (!fill()) {
                    break;
                }
            }
            char c = buf[pos++];
            any = true;
            if (c == '\n') {
                lineNumber++;
                return finish(sb, cut);
            }
            if (!capDecided && !Character.isWhitespace(c)) {
                capDecided = true;
                if (c == '{' || c == '[') {
                    cap = maxJsonLength;
                }
            }
            if (sb.length() < cap) {
                sb.append(c);
            } else {
                cut++;
            }
        }
        if (!any) {
            return null;
        }
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
