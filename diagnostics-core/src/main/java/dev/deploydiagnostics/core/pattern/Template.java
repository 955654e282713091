package dev.deploydiagnostics.core.pattern;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} and {@code {name|fallback}} placeholders in catalog text with values read from the
 * evidence, so a remedy can say "above the 512Mi it was killed at" rather than "increase memory".
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9.]*)(?:\\|([^}]*))?}");

    private Template() {
    }

    /** Renders the text; a placeholder without a value or fallback renders as its name in angle brackets. */
    public static String render(String text, Map<String, String> facts) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = facts.get(m.group(1));
            if (value == null || value.isBlank()) {
                value = m.group(2) != null ? m.group(2) : "<" + m.group(1) + ">";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholder names used in the text, for validation. */
    public static java.util.List<String> names(String text) {
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
