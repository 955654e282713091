package dev.deploydiagnostics.core.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A cheap test that rules out most inputs before a case-insensitive regular expression runs: when every
 * top-level alternative of the expression starts with a run of plain characters, any match must begin with
 * one of those runs, so an input containing none of them cannot match.
 *
 * <p>Catalogs hold a few hundred expressions that each scan every log line; most lines contain none of an
 * expression's words, and a substring search is far cheaper than a bounded, case-insensitive regex scan.
 */
final class LiteralPrefilter {
    /** Shorter runs would pass too many lines to be worth checking. */
    static final int MIN_LITERAL = 3;
    private static final String META = ".[]()*+?{}|^$";

    private final List<String> literals;

    private LiteralPrefilter(List<String> literals) {
        this.literals = List.copyOf(literals);
    }

    /** The lower-case runs, one per alternative; for tests. */
    List<String> literals() {
        return literals;
    }

    /**
     * Derives a prefilter for a case-insensitive expression, or nothing when some alternative does not start
     * with a plain run of at least {@value #MIN_LITERAL} characters (a group, a class, an inline flag...).
     */
    static Optional<LiteralPrefilter> of(String regex) {
        List<String> alternatives = topLevelAlternatives(regex);
        if (alternatives.isEmpty()) {
            return Optional.empty();
        }
        List<String> literals = new ArrayList<>();
        for (String alternative : alternatives) {
            String run = leadingRun(alternative);
            if (run.length() < MIN_LITERAL) {
                return Optional.empty();
            }
            literals.add(run.toLowerCase(Locale.ROOT));
        }
        return Optional.of(new LiteralPrefilter(literals));
    }

    /**
     * False only when the input cannot match. Inputs with characters outside ASCII always pass, because
     * Unicode case folding may equate characters that lower-casing does not.
     */
    boolean mayMatch(CharSequence input) {
        StringBuilder lower = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c > 0x7e) {
                return true;
            }
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        String text = lower.toString();
        for (String literal : literals) {
            if (text.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    /** Splits on '|' outside groups and character classes; empty when the expression cannot be split safely. */
    static List<String> topLevelAlternatives(String regex) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || inClass) {
            return List.of();
        }
        out.add(regex.substring(start));
        return out;
    }

    /** The plain characters every match of this alternative starts with. */
    static String leadingRun(String alternative) {
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (alternative.startsWith("\\b", i) || alternative.startsWith("^", i)) {
            i += alternative.charAt(i) == '^' ? 1 : 2;
        }
        while (i < alternative.length()) {
            char c = alternative.charAt(i);
            char literal;
            int next;
            if (c == '\\') {
                if (i + 1 >= alternative.length() || Character.isLetterOrDigit(alternative.charAt(i + 1))) {
                    break;
                }
                literal = alternative.charAt(i + 1);
                next = i + 2;
            } else if (META.indexOf(c) >= 0 || c < 0x20 || c > 0x7e) {
                break;
            } else {
                literal = c;
                next = i + 1;
            }
            if (literal > 0x7e) {
                break;
            }
            if (next < alternative.length() && "?*{".indexOf(alternative.charAt(next)) >= 0) {
                break;
            }
            run.append(literal);
            if (next < alternative.length() && alternative.charAt(next) == '+') {
                break;
            }
            i = next;
        }
        return run.toString();
    }
}
