package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform event: a Kubernetes event, an ECS service event, a Container Instances event, ...
 *
 * @param timestamp      when it was last seen
 * @param firstTimestamp when it was first seen, if the platform counts repeats
 * @param source         who reported it, e.g. {@code kubelet} or {@code ecs service api}
 * @param type           the platform's type, e.g. {@code Warning} or {@code Normal}; empty when none
 * @param reason         the machine-readable reason, e.g. {@code BackOff}; empty when none
 * @param message        the human message, already redacted
 * @param involvedObject what it is about, e.g. {@code Pod/api-7d9}; empty when unknown
 * @param count          how many times it was seen, at least 1
 * @param attributes     platform detail
 */
@Stable
public record Event(Optional<Instant> timestamp, Optional<Instant> firstTimestamp, String source, String type,
                    String reason, String message, String involvedObject, int count,
                    Map<String, String> attributes) implements Evidence {

    /** Validates and copies. */
    public Event {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(firstTimestamp, "firstTimestamp");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(involvedObject, "involvedObject");
        if (count < 1) {
            count = 1;
        }
        attributes = Map.copyOf(attributes);
    }

    /** A single event with a reason and message. */
    public static Event of(String source, String type, String reason, String message, String involvedObject,
                           Instant timestamp) {
        return new Event(Optional.ofNullable(timestamp), Optional.empty(), source, type, reason, message,
                involvedObject, 1, Map.of());
    }

    /** A copy with another message; used by redaction. */
    public Event withMessage(String newMessage) {
        return new Event(timestamp, firstTimestamp, source, type, reason, newMessage, involvedObject, count,
                attributes);
    }

    @Override
    public Severity severity() {
        Severity s = Severity.parse(type);
        return s == Severity.UNKNOWN ? Severity.INFO : s;
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!reason.isEmpty()) {
            sb.append(reason).append(": ");
        }
        sb.append(message);
        if (count > 1) {
            sb.append(" (x").append(count).append(')');
        }
        return sb.toString();
    }
}
