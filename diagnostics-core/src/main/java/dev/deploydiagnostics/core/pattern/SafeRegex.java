package dev.deploydiagnostics.core.pattern;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression that cannot hang the engine: each match may read the input only a bounded number
 * of times, so catastrophic backtracking in a user's catalog costs one miss, not the analysis.
 *
 * <p>Patterns are case-insensitive unless they start with {@code (?-i)}, because pasted platform messages
 * vary in case more than in wording. For the same reason a quote in an expression matches a single quote, a
 * double quote or none, and expressions are matched against {@link MatchText normalised} evidence text.
 */
public final class SafeRegex {
    /** Longest input a single match looks at; longer text is cut, as no signal needs more. */
    public static final int MAX_INPUT = 8192;
    /** Character reads allowed per match, about a hundred passes over the longest input. */
    static final long STEP_BUDGET = 1_000_000L;

    private final String source;
    /** The expression as compiled: {@link #source} with quotes made optional and interchangeable. */
    private final String effective;
    private final Pattern pattern;
    /** True when the expression may use {@link #asciiPattern}: case-insensitive and written in ASCII. */
    private final boolean asciiFolding;
    /**
     * The same expression with ASCII-only case folding, for ASCII text: it matches exactly what {@link #pattern}
     * matches there, several times faster. Compiled on first use, as most expressions of a catalog never run.
     */
    private volatile Pattern asciiPattern;
    private final java.util.List<String> groupNames;
    private final Optional<LiteralPrefilter> prefilter;

    private SafeRegex(String source, String effective, Pattern pattern, boolean asciiFolding, java.util.List<String> groupNames,
                      Optional<LiteralPrefilter> prefilter) {
        this.source = source;
        this.effective = effective;
        this.pattern = pattern;
        this.asciiFolding = asciiFolding;
        this.groupNames = groupNames;
        this.prefilter = prefilter;
    }

    /**
     * Compiles a pattern.
     *
     * @throws PatternSyntaxException when the expression is invalid
     */
    public static SafeRegex compile(String regex) {
        Objects.requireNonNull(regex, "regex");
        boolean caseSensitive = regex.startsWith("(?-i)");
        int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        String effective = MatchText.quoteTolerant(regex);
        Pattern p = Pattern.compile(effective, flags);
        return new SafeRegex(regex, effective, p, !caseSensitive && isAscii(effective), namedGroups(regex),
                caseSensitive ? Optional.empty() : LiteralPrefilter.of(effective));
    }

    /**
     * The lower-case literals one of which every match must contain, when the expression has them; the fast
     * log path scans for all expressions' literals at once.
     */
    Optional<java.util.List<String>> requiredLiterals() {
        return prefilter.map(LiteralPrefilter::literals);
    }

    /**
     * Matches without the per-expression literal check, for callers that already ruled the input in and know
     * whether the text is ASCII.
     */
    Optional<Map<String, String>> matchChecked(CharSequence text, boolean ascii) {
        CharSequence input = text.length() > MAX_INPUT ? text.subSequence(0, MAX_INPUT) : text;
        return run(input, ascii);
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    /** True when the text contains a match. */
    public boolean find(CharSequence text) {
        return match(text).isPresent();
    }

    /**
     * Finds the first match and returns its named groups (possibly none); empty when there is no match or
     * the step budget ran out.
     */
    public Optional<Map<String, String>> match(CharSequence text) {
        CharSequence input = text.length() > MAX_INPUT ? text.subSequence(0, MAX_INPUT) : text;
        if (prefilter.isPresent() && !prefilter.get().mayMatch(input)) {
            return Optional.empty();
        }
        return run(input, asciiFolding && isAscii(input));
    }

    private Optional<Map<String, String>> run(CharSequence input, boolean ascii) {
        Pattern p = ascii && asciiFolding ? asciiPattern() : pattern;
        Matcher m = p.matcher(new BoundedCharSequence(input, STEP_BUDGET));
        try {
            if (!m.find()) {
                return Optional.empty();
            }
        } catch (BudgetExceeded e) {
            return Optional.empty();
        }
        if (groupNames.isEmpty()) {
            return Optional.of(Map.of());
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (String name : groupNames) {
            String v = m.group(name);
            if (v != null && !v.isBlank()) {
                groups.put(name, v.trim());
            }
        }
        return Optional.of(groups);
    }

    private Pattern asciiPattern() {
        Pattern p = asciiPattern;
        if (p == null) {
            // two threads may both compile it; either result is the same expression
            p = Pattern.compile(effective, Pattern.CASE_INSENSITIVE);
            asciiPattern = p;
        }
        return p;
    }

    /** True when every character is ASCII (up to 0x7f). */
    static boolean isAscii(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static java.util.List<String> namedGroups(String regex) {
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return java.util.List.copyOf(names);
    }

    @Override
    public String toString() {
        return source;
    }

    /** Thrown inside a match when the budget runs out; never escapes this class. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** Counts reads so that a runaway match stops. */
    private static final class BoundedCharSequence implements CharSequence {
        private final CharSequence delegate;
        private final long[] remaining;

        BoundedCharSequence(CharSequence delegate, long budget) {
            this(delegate, new long[] {budget});
        }

        private BoundedCharSequence(CharSequence delegate, long[] remaining) {
            this.delegate = delegate;
            this.remaining = remaining;
        }

        @Override
        public int length() {
            return delegate.length();
        }

        @Override
        public char charAt(int index) {
            if (--remaining[0] < 0) {
                throw new BudgetExceeded();
            }
            return delegate.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedCharSequence(delegate.subSequence(start, end), remaining);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
