package dev.deploydiagnostics.core.read.internal;

/** Small helpers for lines of text. */
public final class Lines {
    private Lines() {
    }

    /** The marker that ends a line cut short. */
    public static String cutMarker(long cutCharacters) {
        return " [... line cut, " + cutCharacters + " more characters]";
    }

    /** The line, or its first {@code max} characters followed by a cut marker. */
    public static String cut(String line, int max) {
        if (line.length() <= max || (line.length() <= max + 64 && line.endsWith(" more characters]"))) {
            return line;
        }
        return line.substring(0, max) + cutMarker(line.length() - (long) max);
    }

    /** Number of leading spaces, a tab counting as up to the next multiple of 8. */
    public static int indent(String line) {
        int col = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
            } else {
                return col;
            }
        }
        return col;
    }

    /** True for a line of only whitespace. */
    public static boolean blank(String line) {
        return line.isBlank();
    }

    /** Replaces tabs with spaces to the next multiple of 8, so columns line up as on a terminal. */
    public static String expandTabs(String line) {
        if (line.indexOf('\t') < 0) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                int next = (sb.length() / 8 + 1) * 8;
                while (sb.length() < next) {
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
