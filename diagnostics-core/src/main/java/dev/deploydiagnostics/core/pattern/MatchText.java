package dev.deploydiagnostics.core.pattern;

/**
 * The form of evidence text that patterns are matched against: the same words with the accidents of how the
 * text reached us undone. Pasted output arrives JSON-escaped inside an API response or a structured log line,
 * with typographic quotes from a chat or a wiki, non-breaking spaces, tabs and aligned columns; a pattern
 * written for the platform's message should match all of those.
 *
 * <p>Only matching sees this form: evidence cited in a report keeps the text as it was read.
 */
public final class MatchText {
    private MatchText() {
    }

    /** The normalised text; the same instance when there is nothing to normalise, which is the common case. */
    public static String of(String text) {
        if (text == null || !needsWork(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = text.charAt(i + 1);
                int skip = 1;
                char decoded;
                switch (e) {
                    case '"', '\'', '/', '\\' -> decoded = e;
                    case 'n', 'r', 't' -> decoded = ' ';
                    case 'u' -> {
                        int cp = i + 5 < n ? hex4(text, i + 2) : -1;
                        if (cp < 0) {
                            decoded = c;
                            skip = 0;
                        } else {
                            decoded = (char) cp;
                            skip = 5;
                        }
                    }
                    default -> {
                        decoded = c;
                        skip = 0;
                    }
                }
                i += skip;
                c = decoded;
                if (skip > 0 && c == '\\') {
                    // an escaped backslash stays one literal backslash
                    space = appendChar(out, '\\', space);
                    continue;
                }
            }
            char mapped = map(c);
            if (mapped == 0) {
                continue;
            }
            // YAML writes a quote inside a single-quoted string as two quotes
            if (mapped == '\'' && !space && out.length() > 0 && out.charAt(out.length() - 1) == '\'') {
                continue;
            }
            space = appendChar(out, mapped, space);
        }
        return out.toString();
    }

    private static boolean appendChar(StringBuilder out, char c, boolean lastWasSpace) {
        if (c == ' ') {
            if (!lastWasSpace) {
                out.append(' ');
            }
            return true;
        }
        out.append(c);
        return false;
    }

    /** The plain form of one character, or 0 to drop it. */
    private static char map(char c) {
        if (c < 0x80) {
            return c == '\t' ? ' ' : c == '`' ? '\'' : c;
        }
        return switch (c) {
            case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u00b4' -> '\'';
            case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb' -> '"';
            case '\u00a0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008',
                    '\u2009', '\u200a', '\u202f', '\u205f', '\u3000' -> ' ';
            case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff' -> 0;
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> '-';
            default -> c;
        };
    }

    private static int hex4(String s, int from) {
        int v = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static boolean needsWork(String s) {
        char prev = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '`' || c > 0x7f || (c == ' ' && prev == ' ') || (c == '\'' && prev == '\'')) {
                return true;
            }
            prev = c;
        }
        return false;
    }

    /**
     * Rewrites a pattern so that a quote in it matches any quote or none: platforms quote names in one version
     * and not in the next, and users paste them either way. Quotes inside character classes are left alone.
     */
    public static String quoteTolerant(String regex) {
        if (regex.indexOf('"') < 0 && regex.indexOf('\'') < 0) {
            return regex;
        }
        StringBuilder out = new StringBuilder(regex.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(i + 1);
                if (!inClass && (e == '"' || e == '\'')) {
                    out.append(ANY_QUOTE);
                } else {
                    out.append(c).append(e);
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    out.append(']');
                    i++;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                out.append(ANY_QUOTE);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final String ANY_QUOTE = "[\"']?";
}
