package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.LogLine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Keeps at most the source's remaining budget of log lines while they stream past: lines of severity
 * warning or worse, or naming a failure, first (the earliest half and the latest half when there are too
 * many), then the tail of the rest, all in original order. Memory stays proportional to the budget.
 */
public final class LogCollector {
    private static final String[] FAILURE = {"error", "exception", "fail", "fatal", "panic", "killed", "denied",
        "refused", "timeout", "timed out", "not found", "unable", "cannot", "can't", "invalid", "backoff", "back-off",
        "unhealthy", "exit code", "exited", "oom", "forbidden", "unauthorized"};

    private final ReadSession session;
    private final String source;
    private final int budget;
    private final int headCap;
    private final List<Seq> importantHead = new ArrayList<>();
    private final ArrayDeque<Seq> importantTail = new ArrayDeque<>();
    private final ArrayDeque<Seq> rest = new ArrayDeque<>();
    private long seen;
    private boolean flushed;

    private record Seq(long seq, LogLine line) {
    }

    LogCollector(ReadSession session, String source) {
        this.session = session;
        this.source = source;
        this.budget = session.remainingBudget(source);
        this.headCap = (budget + 1) / 2;
    }

    /** True when a line of this severity and text is kept before others. */
    public static boolean important(LogLine line) {
        return line.severity().atLeastWarning() || mentionsFailure(line.message());
    }

    /** True when the text names a failure (error, exception, refused, OOM, ...). */
    public static boolean mentionsFailure(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) > 0x7e) {
                // Unicode case folding can equate characters lower-casing does not; take the careful path.
                String lower = text.toLowerCase(Locale.ROOT);
                for (String keyword : FAILURE) {
                    if (lower.contains(keyword)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return FAILURE_WORDS.containsAny(text);
    }

    /** All failure words in one automaton: every line of every log is checked against them. */
    private static final dev.deploydiagnostics.core.internal.AhoCorasick FAILURE_WORDS =
            new dev.deploydiagnostics.core.internal.AhoCorasick(java.util.List.of(FAILURE));

    /** Offers one line. */
    public void add(LogLine line) {
        Seq s = new Seq(seen++, line);
        if (budget == 0) {
            return;
        }
        if (important(line)) {
            if (importantHead.size() < headCap) {
                importantHead.add(s);
            } else {
                importantTail.addLast(s);
                if (importantTail.size() > budget - headCap) {
                    importantTail.removeFirst();
                }
            }
        } else {
            rest.addLast(s);
            if (rest.size() > budget) {
                rest.removeFirst();
            }
        }
    }

    /**
     * Chooses from lines already read, in order, the ones a collector with this budget would have kept: used to
     * join the parts of a file read in parallel.
     */
    public static List<LogLine> select(List<LogLine> lines, int budget) {
        if (lines.size() <= budget) {
            return lines;
        }
        int headCap = (budget + 1) / 2;
        List<Integer> important = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            (important(lines.get(i)) ? important : rest).add(i);
        }
        java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
        if (important.size() <= budget) {
            keep.addAll(important);
        } else {
            keep.addAll(important.subList(0, headCap));
            keep.addAll(important.subList(important.size() - (budget - headCap), important.size()));
        }
        int restRoom = budget - keep.size();
        if (restRoom > 0) {
            keep.addAll(rest.subList(Math.max(0, rest.size() - restRoom), rest.size()));
        }
        List<LogLine> out = new ArrayList<>(keep.size());
        keep.forEach(i -> out.add(lines.get(i)));
        return out;
    }

    /** Lines offered so far. */
    public long seen() {
        return seen;
    }

    /** Adds the kept lines to the session in original order and counts the others as dropped; idempotent. */
    public void flush() {
        if (flushed) {
            return;
        }
        flushed = true;
        List<Seq> keep = new ArrayList<>(importantHead);
        keep.addAll(importantTail);
        int restRoom = budget - keep.size();
        int skip = Math.max(0, rest.size() - restRoom);
        Iterator<Seq> it = rest.iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        List<Seq> tail = new ArrayList<>();
        it.forEachRemaining(tail::add);
        List<Seq> merged = new ArrayList<>(keep.size() + tail.size());
        int a = 0;
        int b = 0;
        while (a < keep.size() || b < tail.size()) {
            if (b >= tail.size() || (a < keep.size() && keep.get(a).seq < tail.get(b).seq)) {
                merged.add(keep.get(a++));
            } else {
                merged.add(tail.get(b++));
            }
        }
        merged.forEach(s -> session.add(s.line));
        session.kept(source, merged.size());
        session.dropped(seen - merged.size());
    }
}
