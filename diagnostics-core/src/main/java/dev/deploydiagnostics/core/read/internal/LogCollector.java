package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.LogLine;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
    /** The tail of the other lines, a ring of {@link LogLine}s and {@link Pending}s with their sequence numbers. */
    private Object[] restItems;
    private long[] restSeqs;
    private int restStart;
    private int restSize;
    private long seen;
    private boolean flushed;

    private record Seq(long seq, LogLine line) {
    }

    /** A line kept unparsed, as the tail may drop it: it becomes a {@link LogLine} only if it stays. */
    public interface Pending {
        /** The parsed line. */
        LogLine line();
    }

    LogCollector(ReadSession session, String source) {
        this.session = session;
        this.source = source;
        this.budget = session.remainingBudget(source);
        this.headCap = (budget + 1) / 2;
        int initial = Math.max(1, Math.min(16, budget));
        this.restItems = new Object[initial];
        this.restSeqs = new long[initial];
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
        long seq = seen++;
        if (budget == 0) {
            return;
        }
        if (important(line)) {
            Seq s = new Seq(seq, line);
            if (importantHead.size() < headCap) {
                importantHead.add(s);
            } else {
                importantTail.addLast(s);
                if (importantTail.size() > budget - headCap) {
                    importantTail.removeFirst();
                }
            }
        } else {
            rest(seq, line);
        }
    }

    /**
     * Offers one line known not to be important (below warning, naming no failure), unparsed: it costs a
     * place in the tail and is parsed only if it is still there at {@link #flush()}.
     */
    public void defer(Pending line) {
        long seq = seen++;
        if (budget > 0) {
            rest(seq, line);
        }
    }

    private void rest(long seq, Object item) {
        if (restSize == restItems.length && restSize < budget) {
            int grown = (int) Math.min(budget, restItems.length * 2L);
            Object[] items = new Object[grown];
            long[] seqs = new long[grown];
            for (int i = 0; i < restSize; i++) {
                items[i] = restItems[(restStart + i) % restItems.length];
                seqs[i] = restSeqs[(restStart + i) % restItems.length];
            }
            restItems = items;
            restSeqs = seqs;
            restStart = 0;
        }
        int cap = restItems.length;
        if (restSize < budget) {
            int at = restStart + restSize;
            at = at >= cap ? at - cap : at;
            restItems[at] = item;
            restSeqs[at] = seq;
            restSize++;
        } else {
            restItems[restStart] = item;
            restSeqs[restStart] = seq;
            restStart = restStart + 1 == cap ? 0 : restStart + 1;
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
        int skip = Math.max(0, restSize - restRoom);
        List<Seq> tail = new ArrayList<>(restSize - skip);
        for (int i = skip; i < restSize; i++) {
            int at = (restStart + i) % restItems.length;
            Object item = restItems[at];
            tail.add(new Seq(restSeqs[at], item instanceof LogLine l ? l : ((Pending) item).line()));
        }
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
