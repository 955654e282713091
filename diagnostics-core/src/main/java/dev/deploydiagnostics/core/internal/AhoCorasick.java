package dev.deploydiagnostics.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;

/**
 * A multi-literal matcher: finds which of many lower-case ASCII literals occur in a text in one pass, however
 * many literals there are. The engine uses it to learn, per log line, which expressions could match before
 * running any of them.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
public final class AhoCorasick {
    private static final int ALPHABET = 128;

    private final int[][] next;
    private final int[] fail;
    private final int[][] outputs;

    /** Builds the automaton; literal {@code i} reports index {@code i}. Literals must be lower-case ASCII. */
    public AhoCorasick(List<String> literals) {
        List<int[]> gotoRows = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        gotoRows.add(newRow());
        out.add(new ArrayList<>());
        for (int i = 0; i < literals.size(); i++) {
            String lit = literals.get(i);
            int state = 0;
            for (int k = 0; k < lit.length(); k++) {
                int c = lit.charAt(k);
                if (c >= ALPHABET) {
                    throw new IllegalArgumentException("literal is not ASCII: " + lit);
                }
                if (gotoRows.get(state)[c] < 0) {
                    gotoRows.get(state)[c] = gotoRows.size();
                    gotoRows.add(newRow());
                    out.add(new ArrayList<>());
                }
                state = gotoRows.get(state)[c];
            }
            out.get(state).add(i);
        }
        int n = gotoRows.size();
        int[][] delta = gotoRows.toArray(new int[0][]);
        int[] f = new int[n];
        List<List<Integer>> outAll = out;
        Queue<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int s = delta[0][c];
            if (s < 0) {
                delta[0][c] = 0;
            } else {
                f[s] = 0;
                queue.add(s);
            }
        }
        // Breadth-first: each state's failure link points at the longest proper suffix that is also a prefix.
        while (!queue.isEmpty()) {
            int r = queue.poll();
            outAll.get(r).addAll(outAll.get(f[r]));
            for (int c = 0; c < ALPHABET; c++) {
                int s = delta[r][c];
                if (s < 0) {
                    delta[r][c] = delta[f[r]][c];
                } else {
                    f[s] = delta[f[r]][c];
                    queue.add(s);
                }
            }
        }
        this.next = delta;
        this.fail = f;
        this.outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            this.outputs[s] = outAll.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    /**
     * Marks in {@code found} the index of every literal that occurs in the text, compared case-insensitively
     * for ASCII letters. Characters outside ASCII reset the match, as no literal contains them.
     */
    public void scan(CharSequence text, BitSet found) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= ALPHABET) {
                state = 0;
                continue;
            }
            if (ch >= 'A' && ch <= 'Z') {
                ch = (char) (ch + ('a' - 'A'));
            }
            state = next[state][ch];
            int[] out = outputs[state];
            for (int k = 0; k < out.length; k++) {
                found.set(out[k]);
            }
        }
    }

    /** True when any literal occurs in the text; stops at the first. */
    public boolean containsAny(CharSequence text) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= ALPHABET) {
                state = 0;
                continue;
            }
            if (ch >= 'A' && ch <= 'Z') {
                ch = (char) (ch + ('a' - 'A'));
            }
            state = next[state][ch];
            if (outputs[state].length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Number of states, for tests and diagnostics. */
    public int states() {
        return fail.length;
    }
}
