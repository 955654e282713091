package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a container, task or process ended.
 *
 * @param reason     the platform's reason, e.g. {@code OOMKilled}, {@code Error}; empty when none
 * @param exitCode   the exit code, if it exited
 * @param signal     the signal that ended it, if known
 * @param message    the platform's message, e.g. an ECS container reason
 * @param finishedAt when it ended
 */
@Stable
public record Termination(String reason, Optional<Integer> exitCode, Optional<Integer> signal,
                          Optional<String> message, Optional<Instant> finishedAt) {

    /** Validates. */
    public Termination {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A termination with a reason and exit code only. */
    public static Termination of(String reason, Integer exitCode) {
        return new Termination(reason == null ? "" : reason, Optional.ofNullable(exitCode), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A one-line rendering such as {@code OOMKilled (exit 137)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(reason.isEmpty() ? "Terminated" : reason);
        exitCode.ifPresent(c -> sb.append(" (exit ").append(c).append(')'));
        signal.ifPresent(s -> sb.append(" signal ").append(s));
        message.filter(m -> !m.isBlank()).ifPresent(m -> sb.append(": ").append(m));
        return sb.toString();
    }
}
