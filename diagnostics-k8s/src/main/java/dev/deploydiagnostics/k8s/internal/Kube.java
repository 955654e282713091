package dev.deploydiagnostics.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Small readings of fabric8 model objects shared by the collectors. */
public final class Kube {
    /** The annotation a Deployment and its ReplicaSets carry with the rollout revision. */
    public static final String REVISION = "deployment.kubernetes.io/revision";

    private Kube() {
    }

    /** Parses an RFC 3339 time as the API writes it. */
    public static Optional<Instant> time(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses a micro-time. */
    public static Optional<Instant> time(MicroTime value) {
        return value == null ? Optional.empty() : time(value.getTime());
    }

    /** Null-safe int. */
    public static int num(Integer value) {
        return value == null ? 0 : value;
    }

    /** Null-safe list. */
    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : value;
    }

    /** Null-safe map. */
    public static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : value;
    }

    /** A quantity as written, e.g. {@code 512Mi}. */
    public static String written(Quantity q) {
        return q == null ? "" : Objects.toString(q.getAmount(), "") + Objects.toString(q.getFormat(), "");
    }

    /** A memory quantity in bytes. */
    public static Optional<Long> bytes(Quantity q) {
        if (q == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(q).longValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A quantity as a number in its base unit (cores, bytes, counts). */
    public static Optional<java.math.BigDecimal> amount(Quantity q) {
        if (q == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(q.getNumericalAmount());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A condition rendered as {@code Status: Reason: message}, leaving out empty parts. */
    public static String condition(String status, String reason, String message) {
        StringJoiner j = new StringJoiner(": ");
        j.add(status == null ? "Unknown" : status);
        if (reason != null && !reason.isBlank()) {
            j.add(reason);
        }
        if (message != null && !message.isBlank()) {
            j.add(message.strip());
        }
        return j.toString();
    }

    /** The controller owning an object, if any. */
    public static Optional<OwnerReference> controller(HasMetadata object) {
        return list(object.getMetadata().getOwnerReferences()).stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst()
                .or(() -> list(object.getMetadata().getOwnerReferences()).stream().findFirst());
    }

    /** The revision annotation, if set. */
    public static Optional<Long> revision(HasMetadata object) {
        String value = map(object.getMetadata().getAnnotations()).get(REVISION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A selector as kubectl writes it, e.g. {@code app=api,tier in (web)}. */
    public static String describe(LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        StringJoiner j = new StringJoiner(",");
        map(selector.getMatchLabels()).forEach((k, v) -> j.add(k + "=" + v));
        for (LabelSelectorRequirement r : list(selector.getMatchExpressions())) {
            String op = r.getOperator() == null ? "" : r.getOperator();
            switch (op) {
                case "Exists" -> j.add(r.getKey());
                case "DoesNotExist" -> j.add("!" + r.getKey());
                default -> j.add(r.getKey() + " " + op.toLowerCase(java.util.Locale.ROOT) + " ("
                        + String.join(",", list(r.getValues())) + ")");
            }
        }
        return j.toString();
    }

    /** True when the labels satisfy the selector; an empty selector matches nothing, as for a Service. */
    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A map rendered as {@code k=v,k=v}. */
    public static String join(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
