package dev.deploydiagnostics.gcp.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Kubernetes-style memory quantities such as {@code 512Mi} or {@code 1G}, which Cloud Run also uses. */
public final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");

    private Quantities() {
    }

    /** The number of bytes, or empty when the text is not a quantity. */
    public static Optional<Long> bytes(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        long factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> 1L;
            case "k" -> 1000L;
            case "ki" -> 1L << 10;
            case "m" -> 1000L * 1000;
            case "mi" -> 1L << 20;
            case "g" -> 1000L * 1000 * 1000;
            case "gi" -> 1L << 30;
            case "t" -> 1000L * 1000 * 1000 * 1000;
            case "ti" -> 1L << 40;
            default -> -1L;
        };
        if (factor < 0) {
            return Optional.empty();
        }
        return Optional.of(number.multiply(BigDecimal.valueOf(factor)).longValue());
    }
}
