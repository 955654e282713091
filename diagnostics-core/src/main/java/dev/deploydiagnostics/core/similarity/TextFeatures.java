package dev.deploydiagnostics.core.similarity;

import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.core.pattern.MatchText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns failure text into the features the similarity model weighs: words and pairs of adjacent words, with
 * the values that vary from one incident to the next (numbers, ids, hashes, addresses) reduced to their kind,
 * so that two pastes of the same failure on different clusters look alike.
 */
@Experimental
public final class TextFeatures {
    /** Exit codes and HTTP statuses carry meaning; other numbers do not. */
    private static final Set<String> MEANINGFUL_NUMBERS = Set.of("1", "2", "126", "127", "128", "134", "137", "139",
            "143", "255", "400", "401", "403", "404", "408", "409", "413", "429", "500", "502", "503", "504");
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "of", "to", "in", "is", "for", "on", "and",
            "or", "with", "at", "by", "be", "this", "that", "it", "from", "as", "was", "are", "has", "have", "will");
    /** Lines beyond this many add little and cost time: the failure is near the top or the bottom. */
    static final int MAX_LINES = 4000;
    /** Characters of one line that are looked at. */
    static final int MAX_LINE = 2000;

    private TextFeatures() {
    }

    /** The distinct features of a whole text. */
    public static Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        List<String> lines = lines(text);
        for (String line : lines) {
            addLine(line, out);
        }
        return out;
    }

    /** The distinct features of one line. */
    public static Set<String> ofLine(String line) {
        Set<String> out = new LinkedHashSet<>();
        addLine(line, out);
        return out;
    }

    static List<String> lines(String text) {
        List<String> all = text.lines().toList();
        if (all.size() <= MAX_LINES) {
            return all;
        }
        List<String> kept = new ArrayList<>(all.subList(0, MAX_LINES / 2));
        kept.addAll(all.subList(all.size() - MAX_LINES / 2, all.size()));
        return kept;
    }

    private static void addLine(String raw, Set<String> out) {
        String line = MatchText.of(raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw);
        List<String> tokens = tokens(line);
        String prev = null;
        for (String t : tokens) {
            out.add("w:" + t);
            if (prev != null) {
                out.add("b:" + prev + "_" + t);
            }
            prev = t;
        }
    }

    /** The words of a line, lower-cased and with varying values replaced by their kind. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_')) {
                i++;
            }
            String word = line.substring(start, i);
            String kind = kind(word);
            if (kind != null) {
                if (!kind.isEmpty()) {
                    out.add(kind);
                }
                continue;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (!STOP_WORDS.contains(lower)) {
                out.add(lower);
                List<String> parts = camelParts(word);
                if (parts.size() > 1) {
                    for (String p : parts) {
                        if (p.length() > 2) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A placeholder for values that vary, "" to drop the word, or null for an ordinary word. */
    private static String kind(String word) {
        boolean digits = true;
        int digitCount = 0;
        for (int k = 0; k < word.length(); k++) {
            if (Character.isDigit(word.charAt(k))) {
                digitCount++;
            } else {
                digits = false;
            }
        }
        if (digits) {
            return MEANINGFUL_NUMBERS.contains(word) ? word : "#num";
        }
        if (digitCount > 0 && (word.length() >= 8 || digitCount * 2 >= word.length())) {
            return "#id";
        }
        if (word.length() > 40) {
            return "";
        }
        return null;
    }

    private static List<String> camelParts(String word) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int k = 1; k < word.length(); k++) {
            char c = word.charAt(k);
            char p = word.charAt(k - 1);
            if ((Character.isUpperCase(c) && Character.isLowerCase(p)) || c == '_') {
                parts.add(word.substring(start, k).toLowerCase(Locale.ROOT).replace("_", ""));
                start = c == '_' ? k + 1 : k;
            }
        }
        parts.add(word.substring(Math.min(start, word.length())).toLowerCase(Locale.ROOT));
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
