package dev.deploydiagnostics.benchmarks;

import java.util.Optional;

/**
 * Translates a Java regular expression into a POSIX extended one that GNU {@code grep -E -i} accepts, where
 * the meaning survives: named and non-capturing groups become plain groups, {@code \d \s \w} (also inside
 * brackets) become bracket classes, lazy quantifiers become greedy ones (the same lines match), and escapes
 * of ordinary characters are dropped. Lookaround, back-references, atomic groups and the like have no ERE
 * form and are refused with the reason.
 *
 * <p>{@code \b} and {@code \B} are kept: GNU grep understands them. Case: the caller runs grep with
 * {@code -i}, so {@code (?i)} is dropped; a case-sensitive part ({@code (?-i)...}) is kept but marked
 * approximate, because grep will match it in any case.
 */
public final class EreTranslator {

    /**
     * The outcome for one expression.
     *
     * @param ere         the translation, when there is one
     * @param approximate true when the translation may match more lines than the original (case folding,
     *                    possessive quantifiers)
     * @param problem     why there is no translation, or what is approximate; empty when exact
     */
    public record Result(Optional<String> ere, boolean approximate, String problem) {
        static Result refused(String why) {
            return new Result(Optional.empty(), false, why);
        }
    }

    private static final String ERE_SPECIAL = ".[]()*+?{}|^$\\";

    private EreTranslator() {
    }

    /** Translates one expression. */
    public static Result translate(String javaRegex) {
        try {
            return new Run(javaRegex).translate();
        } catch (Refused e) {
            return Result.refused(e.getMessage());
        }
    }

    /** Thrown inside a translation when a construct has no ERE form. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Run {
        private final String in;
        private final StringBuilder out = new StringBuilder();
        private int i;
        private boolean approximate;
        private String note = "";
        private boolean afterAtom;

        Run(String in) {
            this.in = in;
        }

        Result translate() {
            if (in.startsWith("(?-i)")) {
                approximate("case-sensitive in Java, matched in any case by grep -i");
                i = 5;
            } else if (in.startsWith("(?i)")) {
                i = 4;
            }
            while (i < in.length()) {
                char c = in.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> bracket();
                    case '(' -> group();
                    case ')' -> {
                        out.append(')');
                        i++;
                        afterAtom = true;
                    }
                    case '*', '+', '?' -> quantifier(String.valueOf(c), 1);
                    case '{' -> {
                        int end = in.indexOf('}', i);
                        if (end < 0) {
                            throw new Refused("unclosed repetition at " + i);
                        }
                        String q = in.substring(i, end + 1);
                        if (!q.matches("\\{\\d+(,\\d*)?}")) {
                            throw new Refused("unsupported repetition " + q);
                        }
                        quantifier(q, q.length());
                    }
                    case '|' -> {
                        out.append('|');
                        i++;
                        afterAtom = false;
                    }
                    case '^', '$' -> {
                        out.append(c);
                        i++;
                        afterAtom = false;
                    }
                    default -> {
                        out.append(c);
                        i++;
                        afterAtom = true;
                    }
                }
            }
            return new Result(Optional.of(out.toString()), approximate, note);
        }

        private void approximate(String why) {
            approximate = true;
            if (!note.contains(why)) {
                note = note.isEmpty() ? why : note + "; " + why;
            }
        }

        private void quantifier(String q, int length) {
            if (!afterAtom) {
                throw new Refused("quantifier '" + q + "' without an atom at " + i);
            }
            out.append(q);
            i += length;
            if (i < in.length() && in.charAt(i) == '?') {
                // lazy: the same lines match, only the span differs
                i++;
            } else if (i < in.length() && in.charAt(i) == '+') {
                approximate("possessive quantifier read as greedy");
                i++;
            }
            afterAtom = false;
        }

        private void escape() {
            if (i + 1 >= in.length()) {
                throw new Refused("trailing backslash");
            }
            char e = in.charAt(i + 1);
            i += 2;
            afterAtom = true;
            switch (e) {
                case 'd' -> out.append("[0-9]");
                case 'D' -> out.append("[^0-9]");
                case 's' -> out.append("[[:space:]]");
                case 'S' -> out.append("[^[:space:]]");
                case 'w' -> out.append("[[:alnum:]_]");
                case 'W' -> out.append("[^[:alnum:]_]");
                case 't' -> out.append('\t');
                case 'b', 'B' -> {
                    out.append('\\').append(e);
                    afterAtom = false;
                }
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new Refused("no ERE form for \\" + e);
                    }
                    literal(e);
                }
            }
        }

        private void literal(char c) {
            if (ERE_SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }

        private void group() {
            if (in.startsWith("(?:", i)) {
                out.append('(');
                i += 3;
            } else if (in.startsWith("(?<=", i) || in.startsWith("(?<!", i)) {
                throw new Refused("lookbehind has no ERE form");
            } else if (in.startsWith("(?=", i) || in.startsWith("(?!", i)) {
                throw new Refused("lookahead has no ERE form");
            } else if (in.startsWith("(?>", i)) {
                throw new Refused("atomic group has no ERE form");
            } else if (in.startsWith("(?<", i)) {
                int end = in.indexOf('>', i);
                if (end < 0) {
                    throw new Refused("unclosed group name");
                }
                out.append('(');
                i = end + 1;
            } else if (in.startsWith("(?", i)) {
                int j = i + 2;
                while (j < in.length() && (Character.isLetter(in.charAt(j)) || in.charAt(j) == '-')) {
                    j++;
                }
                String flags = in.substring(i + 2, j);
                if (j >= in.length() || !flags.matches("-?[is]+|[is]+-[is]+")) {
                    throw new Refused("unsupported group or flags '(?" + flags + "'");
                }
                if (flags.contains("-") && flags.substring(flags.indexOf('-')).contains("i")) {
                    approximate("case-sensitive in Java, matched in any case by grep -i");
                }
                if (in.charAt(j) == ':') {
                    out.append('(');
                    i = j + 1;
                } else if (in.charAt(j) == ')') {
                    i = j + 1;
                    // a flag switch is no atom; what follows is unchanged
                    return;
                } else {
                    throw new Refused("unsupported group or flags '(?" + flags + "'");
                }
            } else {
                out.append('(');
                i++;
            }
            afterAtom = false;
        }

        /** A Java character class, rebuilt so POSIX's rules for ']', '-' and '^' hold. */
        private void bracket() {
            i++;
            boolean negated = false;
            if (i < in.length() && in.charAt(i) == '^') {
                negated = true;
                i++;
            }
            StringBuilder items = new StringBuilder();
            boolean closeBracket = false;
            boolean dash = false;
            boolean caret = false;
            boolean openBracket = false;
            boolean first = true;
            while (true) {
                if (i >= in.length()) {
                    throw new Refused("unclosed character class");
                }
                char c = in.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (c == '[' || (c == '&' && in.startsWith("&&", i))) {
                    throw new Refused("nested or intersected character class");
                }
                char lit;
                if (c == '\\') {
                    if (i + 1 >= in.length()) {
                        throw new Refused("trailing backslash");
                    }
                    char e = in.charAt(i + 1);
                    i += 2;
                    switch (e) {
                        case 'd' -> {
                            items.append("0-9");
                            continue;
                        }
                        case 's' -> {
                            items.append("[:space:]");
                            continue;
                        }
                        case 'w' -> {
                            items.append("[:alnum:]_");
                            continue;
                        }
                        case 't' -> lit = '\t';
                        default -> {
                            if (Character.isLetterOrDigit(e)) {
                                throw new Refused("no ERE form for \\" + e + " in a character class");
                            }
                            lit = e;
                        }
                    }
                } else {
                    lit = c;
                    i++;
                }
                // a range a-z, when '-' is followed by something other than the closing bracket
                if (i + 1 < in.length() && in.charAt(i) == '-' && in.charAt(i + 1) != ']') {
                    char to = in.charAt(i + 1);
                    if (to == '\\' || to == '[') {
                        throw new Refused("range with an escaped end in a character class");
                    }
                    if (lit == ']' || lit == '-' || lit == '^') {
                        throw new Refused("range starting at '" + lit + "' in a character class");
                    }
                    items.append(lit).append('-').append(to);
                    i += 2;
                    continue;
                }
                switch (lit) {
                    case ']' -> closeBracket = true;
                    case '-' -> dash = true;
                    case '^' -> caret = true;
                    // a literal '[' before ':', '.' or '=' would open a POSIX class name, so it goes last
                    case '[' -> openBracket = true;
                    default -> items.append(lit);
                }
            }
            if (!negated && items.length() == 0 && !closeBracket && !dash && !openBracket && caret) {
                out.append("\\^");
            } else {
                out.append('[');
                if (negated) {
                    out.append('^');
                }
                if (closeBracket) {
                    out.append(']');
                }
                out.append(items);
                if (caret) {
                    out.append('^');
                }
                if (openBracket) {
                    out.append('[');
                }
                if (dash) {
                    out.append('-');
                }
                out.append(']');
            }
            afterAtom = true;
        }
    }
}
