package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.Experimental;

import java.time.Duration;

/** Waits between retries; tests pass one that records the waits instead of sleeping. */
@Experimental("sinks are new")
@FunctionalInterface
public interface Sleeper {
    /** The real one. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /** Waits for the duration. */
    void sleep(Duration duration) throws InterruptedException;
}
