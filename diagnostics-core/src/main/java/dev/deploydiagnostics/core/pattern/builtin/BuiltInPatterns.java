package dev.deploydiagnostics.core.pattern.builtin;

import dev.deploydiagnostics.api.FailurePattern;

import java.util.List;

/** The patterns written in Java rather than YAML, for engines built without service discovery. */
public final class BuiltInPatterns {
    private BuiltInPatterns() {
    }

    /** A new instance of each built-in Java pattern. */
    public static List<FailurePattern> all() {
        return List.of(new LambdaMemoryReportPattern());
    }
}
