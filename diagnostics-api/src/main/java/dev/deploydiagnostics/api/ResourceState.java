package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The observed state of one resource: a container, init container, pod, ECS task, Cloud Run revision,
 * Lambda function, node, volume claim, workload, ...
 *
 * @param timestamp        when the state was observed or last changed
 * @param source           where it was read, e.g. {@code kubectl describe pod api-7d9}
 * @param kind             what it is, lower-case: {@code container}, {@code init-container}, {@code pod},
 *                         {@code task}, {@code service}, {@code deployment}, {@code revision}, {@code function},
 *                         {@code node}, {@code volume-claim}, {@code container-group}, ...
 * @param name             its name, e.g. {@code api-7d9/app}
 * @param status           its status or phase, e.g. {@code Waiting}, {@code Running}, {@code STOPPED}
 * @param reason           the reason for the status, e.g. {@code CrashLoopBackOff} or an ECS stopped reason
 * @param message          the platform's message about the status
 * @param exitCode         the exit code of the current termination, if it has exited
 * @param restartCount     how many times it was restarted
 * @param image            the image it runs, if a container-like resource
 * @param memoryLimitBytes its memory limit in bytes, if set
 * @param lastTermination  the previous termination, e.g. a Kubernetes container's {@code lastState.terminated}
 * @param attributes       platform detail, e.g. {@code stopCode}, {@code ports}, {@code probe.liveness}
 */
@Stable
public record ResourceState(Optional<Instant> timestamp, String source, String kind, String name, String status,
                            Optional<String> reason, Optional<String> message, Optional<Integer> exitCode,
                            int restartCount, Optional<String> image, Optional<Long> memoryLimitBytes,
                            Optional<Termination> lastTermination, Map<String, String> attributes)
        implements Evidence {

    private static final Set<String> BENIGN_WAITING = Set.of("containercreating", "podinitializing", "pending",
            "provisioning", "running", "ready", "active", "succeeded", "completed", "true");

    /** Validates and copies. */
    public ResourceState {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
        Objects.requireNonNull(lastTermination, "lastTermination");
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must not be negative: " + restartCount);
        }
        attributes = Map.copyOf(attributes);
    }

    /** Starts a builder for a resource of this kind and name. */
    public static Builder builder(String kind, String name) {
        return new Builder(kind, name);
    }

    /** A builder holding this state's values, for variations. */
    public Builder toBuilder() {
        Builder b = new Builder(kind, name);
        b.timestamp = timestamp.orElse(null);
        b.source = source;
        b.status = status;
        b.reason = reason.orElse(null);
        b.message = message.orElse(null);
        b.exitCode = exitCode.orElse(null);
        b.restartCount = restartCount;
        b.image = image.orElse(null);
        b.memoryLimitBytes = memoryLimitBytes.orElse(null);
        b.lastTermination = lastTermination.orElse(null);
        b.attributes.putAll(attributes);
        return b;
    }

    @Override
    public Severity severity() {
        String explicit = attributes.get("severity");
        if (explicit != null) {
            Severity s = Severity.parse(explicit);
            if (s != Severity.UNKNOWN) {
                return s;
            }
        }
        String st = status.toLowerCase(Locale.ROOT);
        if (exitCode.filter(c -> c != 0).isPresent()
                || st.equals("failed") || st.equals("error") || st.equals("unhealthy") || st.equals("crashloopbackoff")) {
            return Severity.ERROR;
        }
        if (lastTermination.flatMap(Termination::exitCode).filter(c -> c != 0).isPresent()) {
            return Severity.ERROR;
        }
        if (reason.filter(r -> !BENIGN_WAITING.contains(r.toLowerCase(Locale.ROOT))).isPresent()
                && !st.equals("running") && !st.equals("ready")) {
            return Severity.WARNING;
        }
        if (restartCount > 0 || st.equals("stopped") || st.equals("terminated") || st.equals("pending")) {
            return Severity.WARNING;
        }
        return Severity.INFO;
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder().append(kind).append(' ').append(name).append(": ").append(status);
        reason.ifPresent(r -> sb.append(" (").append(r).append(')'));
        exitCode.ifPresent(c -> sb.append(", exit ").append(c));
        message.filter(m -> !m.isBlank()).ifPresent(m -> sb.append(" - ").append(m));
        lastTermination.ifPresent(t -> sb.append("; last: ").append(t.describe()));
        if (restartCount > 0) {
            sb.append("; restarts ").append(restartCount);
        }
        return sb.toString();
    }

    /** Builds a {@link ResourceState}; only kind and name are required. */
    public static final class Builder {
        private final String kind;
        private final String name;
        private Instant timestamp;
        private String source = "";
        private String status = "";
        private String reason;
        private String message;
        private Integer exitCode;
        private int restartCount;
        private String image;
        private Long memoryLimitBytes;
        private Termination lastTermination;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(String kind, String name) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** When the state was observed. */
        public Builder timestamp(Instant value) { this.timestamp = value; return this; }
        /** Where it was read. */
        public Builder source(String value) { this.source = Objects.requireNonNull(value, "source"); return this; }
        /** Status or phase. */
        public Builder status(String value) { this.status = Objects.requireNonNull(value, "status"); return this; }
        /** Reason for the status; null or blank clears it. */
        public Builder reason(String value) { this.reason = blankToNull(value); return this; }
        /** Message about the status; null or blank clears it. */
        public Builder message(String value) { this.message = blankToNull(value); return this; }
        /** Exit code of the current termination; null clears it. */
        public Builder exitCode(Integer value) { this.exitCode = value; return this; }
        /** Restart count. */
        public Builder restartCount(int value) { this.restartCount = value; return this; }
        /** Image reference; null or blank clears it. */
        public Builder image(String value) { this.image = blankToNull(value); return this; }
        /** Memory limit in bytes; null clears it. */
        public Builder memoryLimitBytes(Long value) { this.memoryLimitBytes = value; return this; }
        /** The previous termination; null clears it. */
        public Builder lastTermination(Termination value) { this.lastTermination = value; return this; }
        /** One platform attribute; a null value removes it. */
        public Builder attribute(String key, String value) {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
            return this;
        }
        /** Several platform attributes. */
        public Builder attributes(Map<String, String> values) { values.forEach(this::attribute); return this; }

        /** Builds the immutable state. */
        public ResourceState build() {
            return new ResourceState(Optional.ofNullable(timestamp), source, kind, name, status,
                    Optional.ofNullable(reason), Optional.ofNullable(message), Optional.ofNullable(exitCode),
                    restartCount, Optional.ofNullable(image), Optional.ofNullable(memoryLimitBytes),
                    Optional.ofNullable(lastTermination), attributes);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
