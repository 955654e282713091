package dev.deploydiagnostics.core.read.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Rules lines out from one pass over their characters, before anything parses them. A log line is kept
 * before others when its level is warning or worse or it names a failure; this gate answers "certainly
 * not" for most lines of a healthy log, so they can wait unparsed in the kept tail and be parsed only if
 * they are still there at the end. It also says when a line may show the platform.
 *
 * <p>The answer is conservative: {@link #MAY_MATTER} is set for every line whose parse could give a level
 * of warning or worse or a message naming a failure, whatever the line's format (plain text, logfmt,
 * klog, JSON records with escapes, docker json-file). It is set for some lines that turn out to matter
 * not, which only costs their parse. A property test holds the two to this.
 *
 * <p>Immutable and thread-safe.
 */
final class LineGate {
    /** The line may be a warning or worse, or name a failure: parse it now. */
    static final int MAY_MATTER = 1;
    /** The line may carry a platform hint; looked for only until the line may matter, as such lines are checked anyway. */
    static final int MAY_HINT = 2;
    /** Internal: a level key ends here; its value decides. */
    private static final int LEVEL_KEY = 4;

    /**
     * Everything that can make a parsed line important: the failure words {@link LogCollector} looks for,
     * the stems of every level name of warning or worse ({@code warn}, {@code err}, {@code crit}, {@code
     * severe}, {@code emerg}, {@code alert}, {@code fatal}, {@code panic}, {@code fail}), the crash openers
     * that set a level without one ({@code Traceback}, {@code Exception}, {@code Error}), and JSON's
     * {@code \\u} escape, which can spell any of these in a way the raw text does not show.
     */
    private static final List<String> MATTER = List.of("error", "exception", "fail", "fatal", "panic", "killed",
            "denied", "refused", "timeout", "timed out", "not found", "unable", "cannot", "can't", "invalid",
            "backoff", "back-off", "unhealthy", "exit code", "exited", "oom", "forbidden", "unauthorized",
            "warn", "err", "crit", "severe", "emerg", "alert", "traceback", "\\u");

    /** Keys a level is written under, in JSON and logfmt; single-letter and numeric levels are judged after them. */
    private static final List<String> LEVEL_KEYS = List.of("level", "lvl", "severity", "@l");

    /**
     * What {@code LogTextReader}'s platform hints look for and no {@link #MATTER} literal covers, shortened
     * and in lower case; a line that may matter is checked for hints anyway.
     */
    private static final List<String> HINTS = List.of("requestid", "cloud_run", "googleapis", "ecs-agent", "kubelet");

    /** What may make a {@code {...}} line a document rather than a log record ({@link JsonDocumentReader}). */
    private static final List<String> MARKERS = JsonDocumentReader.markers();

    /** A klog header, {@code E1125 }, with digits folded to {@code 0}. */
    private static final List<String> KLOG = List.of("e0000 ", "w0000 ", "f0000 ");

    /** Byte scan: a line ends here. */
    static final int B_NEWLINE = 1;
    /**
     * Byte scan: something that may make the line matter ends here: a {@link #MATTER} literal, or a klog
     * header in any case (a lower-case one only costs a parse).
     */
    static final int B_MATTER = 2;
    /** Byte scan: a level key ends here; its value decides. */
    static final int B_LEVEL_KEY = 4;
    /** Byte scan: a platform hint may start before here. */
    static final int B_HINT = 8;
    /**
     * Byte scan: the line goes the ordinary way: a carriage return (unless it ends the line), an escape, a
     * byte outside ASCII, or a text that may make a {@code {...}} line a document.
     */
    static final int B_SPECIAL = 16;
    /** Byte scan: a full date ends here, ISO ({@code 2024-03-01T10:}) or common-log ({@code [01/Mar/2024:}). */
    static final int B_YEAR = 32;
    /** Byte scan: a prompt character ({@code $ # % >}), after which a command would make the line a heading. */
    static final int B_PROMPT = 64;

    /** Full dates as the parser reads them, digits folded to {@code 0}: where one ends, its year is known. */
    private static final List<String> DATES = dates();

    private static List<String> dates() {
        List<String> out = new ArrayList<>();
        for (String a : List.of("-", "/")) {
            for (String b : List.of("-", "/")) {
                for (String t : List.of("t", " ")) {
                    out.add("0000" + a + "00" + b + "00" + t + "00:");
                }
            }
        }
        for (String month : Timestamps.MONTHS.split("\\|")) {
            out.add("[00/" + month.toLowerCase(java.util.Locale.ROOT) + "/0000:");
        }
        return out;
    }

    private static final int ALPHABET = 128;
    private static final int FLAG_BITS = ALPHABET - 1;
    /** The character class for anything outside ASCII that folds to no ASCII letter: it matches no literal. */
    private static final int OTHER = 0;
    /**
     * How each character compares: ASCII letters fold to lower case, and the few non-ASCII characters whose
     * upper or lower case is an ASCII letter (the Kelvin sign, dotless and dotted i, long s) fold to that
     * letter, since case-insensitive comparisons elsewhere treat them so.
     */
    private static final char[] FOLD = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char f = (char) OTHER;
            if (c < ALPHABET) {
                f = (char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            } else {
                char up = Character.toUpperCase((char) c);
                char low = Character.toLowerCase((char) c);
                if (up < ALPHABET && Character.isLetter(up)) {
                    f = Character.toLowerCase(up);
                } else if (low < ALPHABET && Character.isLetter(low)) {
                    f = low;
                }
            }
            FOLD[c] = f;
        }
        FOLD[0] = (char) OTHER;
    }

    private static final LineGate INSTANCE = new LineGate();

    private final int[] delta;
    /** The byte automaton: row offsets are multiples of 256, flags (the {@code B_} constants) in the low byte. */
    private final int[] byteDelta;

    private LineGate() {
        List<String> literals = new ArrayList<>();
        List<Integer> literalFlags = new ArrayList<>();
        add(literals, literalFlags, MATTER, MAY_MATTER);
        add(literals, literalFlags, LEVEL_KEYS, LEVEL_KEY);
        add(literals, literalFlags, HINTS, MAY_HINT);
        Trie chars = new Trie(literals, literalFlags);
        // One flat table: an entry is the next state's row offset with that state's flags in its low bits, so a
        // step costs one load. The class OTHER always leads back to the start: no literal holds a NUL.
        delta = new int[chars.size() * ALPHABET];
        for (int s = 0; s < chars.size(); s++) {
            for (int c = 0; c < ALPHABET; c++) {
                int to = c == OTHER ? 0 : chars.next(s, c);
                delta[s * ALPHABET + c] = to * ALPHABET | chars.flags(to);
            }
        }

        List<String> byteLiterals = new ArrayList<>();
        List<Integer> byteFlags = new ArrayList<>();
        add(byteLiterals, byteFlags, MATTER, B_MATTER);
        add(byteLiterals, byteFlags, LEVEL_KEYS, B_LEVEL_KEY);
        add(byteLiterals, byteFlags, HINTS, B_HINT);
        add(byteLiterals, byteFlags, MARKERS.stream().map(m -> m.toLowerCase(java.util.Locale.ROOT)).toList(), B_SPECIAL);
        add(byteLiterals, byteFlags, KLOG, B_MATTER);
        add(byteLiterals, byteFlags, DATES, B_YEAR);
        add(byteLiterals, byteFlags, List.of("$", "#", "%", ">"), B_PROMPT);
        Trie bytes = new Trie(byteLiterals, byteFlags);
        byteDelta = new int[bytes.size() * 256];
        for (int s = 0; s < bytes.size(); s++) {
            for (int b = 0; b < 256; b++) {
                int entry;
                if (b == '\n') {
                    entry = B_NEWLINE;
                } else if (b == '\r' || b == 0x1b || b >= 0x80) {
                    entry = B_SPECIAL;
                } else {
                    int c = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b >= '0' && b <= '9' ? '0' : b;
                    int to = c == 0 ? 0 : bytes.next(s, c);
                    entry = to * 256 | bytes.flags(to);
                }
                byteDelta[s * 256 + b] = entry;
            }
        }
    }

    private static void add(List<String> literals, List<Integer> flags, List<String> more, int flag) {
        for (String m : more) {
            literals.add(m);
            flags.add(flag);
        }
    }

    /** An Aho-Corasick automaton over ASCII, as complete transitions, with each state's flags. */
    private static final class Trie {
        private final List<int[]> rows = new ArrayList<>();
        private final List<Integer> out = new ArrayList<>();

        Trie(List<String> literals, List<Integer> literalFlags) {
            rows.add(newRow());
            out.add(0);
            for (int i = 0; i < literals.size(); i++) {
                String lit = literals.get(i);
                int state = 0;
                for (int k = 0; k < lit.length(); k++) {
                    int c = lit.charAt(k);
                    if (rows.get(state)[c] < 0) {
                        rows.get(state)[c] = rows.size();
                        rows.add(newRow());
                        out.add(0);
                    }
                    state = rows.get(state)[c];
                }
                out.set(state, out.get(state) | literalFlags.get(i));
            }
            int[] fail = new int[rows.size()];
            Queue<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < ALPHABET; c++) {
                int s = rows.get(0)[c];
                if (s < 0) {
                    rows.get(0)[c] = 0;
                } else {
                    queue.add(s);
                }
            }
            while (!queue.isEmpty()) {
                int r = queue.poll();
                out.set(r, out.get(r) | out.get(fail[r]));
                for (int c = 0; c < ALPHABET; c++) {
                    int s = rows.get(r)[c];
                    if (s < 0) {
                        rows.get(r)[c] = rows.get(fail[r])[c];
                    } else {
                        fail[s] = rows.get(fail[r])[c];
                        queue.add(s);
                    }
                }
            }
        }

        int size() {
            return rows.size();
        }

        int next(int state, int c) {
            return rows.get(state)[c];
        }

        int flags(int state) {
            return out.get(state);
        }
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    /** The flags for one line: {@link #MAY_MATTER} and {@link #MAY_HINT}, or 0. */
    static int check(String line) {
        return INSTANCE.scan(line);
    }

    private int scan(String line) {
        int[] d = delta;
        char[] fold = FOLD;
        int state = 0;
        int result = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            int entry = d[state + fold[c]];
            state = entry & ~FLAG_BITS;
            int hit = entry & FLAG_BITS;
            if (hit != 0) {
                if ((hit & LEVEL_KEY) != 0 && levelValueMatters(line, i + 1, line.length())) {
                    hit |= MAY_MATTER;
                }
                result |= hit & (MAY_MATTER | MAY_HINT);
                if ((result & MAY_MATTER) != 0) {
                    // a line that may matter is checked for hints anyway
                    return result;
                }
            }
            if ((c == 'E' || c == 'W' || c == 'F') && klogHeader(line, i)) {
                return MAY_MATTER | result;
            }
        }
        return result;
    }

    /** The byte automaton for {@link Utf8LineScanner}: entries as described at {@link #byteDelta}. */
    static int[] byteTable() {
        return INSTANCE.byteDelta;
    }

    /** A klog header anywhere: {@code E1125 } (a level letter, four digits, a space). */
    private static boolean klogHeader(String line, int i) {
        if (i + 5 >= line.length()) {
            return false;
        }
        for (int k = 1; k <= 4; k++) {
            char d = line.charAt(i + k);
            if (d < '0' || d > '9') {
                return false;
            }
        }
        return line.charAt(i + 5) == ' ';
    }

    /**
     * After a level key: the rest of the key's name, quotes, backslashes (escaped JSON) and spaces, then
     * {@code :} or {@code =}, then the value, all before {@code end}. A value of one letter that names warning or worse ({@code E},
     * {@code W}, {@code F}, {@code C}), or a number that is not a plain level below 40, may matter; level
     * words of warning or worse are found by the literals anyway.
     */
    static boolean levelValueMatters(CharSequence line, int from, int end) {
        int i = from;
        while (i < end && isKeyChar(line.charAt(i))) {
            i++;
        }
        while (i < end && isQuoteOrSpace(line.charAt(i))) {
            i++;
        }
        if (i >= end || (line.charAt(i) != ':' && line.charAt(i) != '=')) {
            return false;
        }
        i++;
        while (i < end && isQuoteOrSpace(line.charAt(i))) {
            i++;
        }
        if (i >= end) {
            return false;
        }
        int start = i;
        char first = line.charAt(start);
        if (first >= '0' && first <= '9') {
            while (i < end && i - start < 3 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
                i++;
            }
            // a number: pino's and bunyan's levels, 40 and up being warning or worse
            if (i - start >= 3 || (i < end && (line.charAt(i) == 'e' || line.charAt(i) == 'E'))) {
                return true;
            }
            return Integer.parseInt(line, start, i, 10) >= 40;
        }
        while (i < end && isLetter(line.charAt(i))) {
            i++;
        }
        if (i - start != 1) {
            // no letters: no level; two or more: a level word, which the literals judge
            return false;
        }
        char up = Character.toUpperCase(first);
        return up == 'E' || up == 'W' || up == 'F' || up == 'C';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
    }

    private static boolean isQuoteOrSpace(char c) {
        return c == '"' || c == '\'' || c == '\\' || c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
