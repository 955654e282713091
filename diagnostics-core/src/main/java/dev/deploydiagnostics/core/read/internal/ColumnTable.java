package dev.deploydiagnostics.core.read.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as {@code kubectl} prints it (columns aligned with spaces, headers separated by two or more
 * spaces): cells are cut at the header's column positions, or split on runs of spaces when a row does not
 * line up with its header (e.g. after a paste lost some spaces).
 */
public final class ColumnTable {
    private static final Pattern HEADER_CELL = Pattern.compile("\\S+(?: \\S+)*");
    private final List<String> names = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();

    private ColumnTable() {
    }

    /** The table whose header is this line. */
    public static ColumnTable header(String line) {
        ColumnTable t = new ColumnTable();
        Matcher m = HEADER_CELL.matcher(Lines.expandTabs(line));
        while (m.find()) {
            t.names.add(m.group().toUpperCase(Locale.ROOT));
            t.starts.add(m.start());
        }
        return t;
    }

    /** The upper-cased column names. */
    public List<String> names() {
        return names;
    }

    /** The index of a column, or -1. */
    public int index(String name) {
        return names.indexOf(name);
    }

    /** The column start of the first column. */
    public int firstStart() {
        return starts.isEmpty() ? 0 : starts.get(0);
    }

    /** The cells of a row, one per column (empty where the row is short). */
    public List<String> cells(String rawRow) {
        String row = Lines.expandTabs(rawRow);
        int n = names.size();
        boolean aligned = true;
        for (int i = 1; i < n; i++) {
            int s = starts.get(i);
            if (s < row.length() && s > 0 && row.charAt(s - 1) != ' ') {
                aligned = false;
                break;
            }
        }
        List<String> cells = new ArrayList<>(n);
        if (!aligned) {
            String[] parts = row.strip().split("\\s{2,}");
            if (parts.length >= n) {
                for (int i = 0; i < n - 1; i++) {
                    cells.add(parts[i]);
                }
                cells.add(String.join("  ", java.util.Arrays.copyOfRange(parts, n - 1, parts.length)));
                return cells;
            }
        }
        for (int i = 0; i < n; i++) {
            int s = Math.min(starts.get(i), row.length());
            int e = i + 1 < n ? Math.min(starts.get(i + 1), row.length()) : row.length();
            cells.add(s < e ? row.substring(s, e).strip() : "");
        }
        return cells;
    }
}
