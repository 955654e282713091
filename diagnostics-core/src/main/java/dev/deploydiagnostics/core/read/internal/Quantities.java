package dev.deploydiagnostics.core.read.internal;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Kubernetes resource quantities ({@code 512Mi}, {@code 1Gi}, {@code 500M}, {@code 129e6}) into bytes. */
public final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile(
            "^([+]?[0-9]+(?:\\.[0-9]*)?|[+]?\\.[0-9]+)(?:([eE][+-]?[0-9]{1,3})|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$");

    private Quantities() {
    }

    /** The quantity in bytes (rounded up), if it is a valid, non-negative quantity that fits a long. */
    public static Optional<Long> bytes(String quantity) {
        if (quantity == null) {
            return Optional.empty();
        }
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            BigDecimal value = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
            if (m.group(2) != null) {
                value = value.scaleByPowerOfTen(Integer.parseInt(m.group(2).substring(1)));
            } else if (m.group(3) != null) {
                value = value.multiply(multiplier(m.group(3)));
            }
            BigDecimal rounded = value.setScale(0, java.math.RoundingMode.CEILING);
            if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return Optional.empty();
            }
            return Optional.of(rounded.longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Megabytes as AWS and Lambda count them (MiB) to bytes. */
    public static long mebibytes(long mib) {
        return mib * 1024L * 1024L;
    }

    private static BigDecimal multiplier(String suffix) {
        switch (suffix) {
            case "Ki": return BigDecimal.valueOf(1L << 10);
            case "Mi": return BigDecimal.valueOf(1L << 20);
            case "Gi": return BigDecimal.valueOf(1L << 30);
            case "Ti": return BigDecimal.valueOf(1L << 40);
            case "Pi": return BigDecimal.valueOf(1L << 50);
            case "Ei": return BigDecimal.valueOf(1L << 60);
            case "m": return new BigDecimal("0.001");
            case "k": return BigDecimal.valueOf(1_000L);
            case "M": return BigDecimal.valueOf(1_000_000L);
            case "G": return BigDecimal.valueOf(1_000_000_000L);
            case "T": return BigDecimal.valueOf(1_000_000_000_000L);
            case "P": return BigDecimal.valueOf(1_000_000_000_000_000L);
            default: return new BigDecimal("1000000000000000000");
        }
    }
}
