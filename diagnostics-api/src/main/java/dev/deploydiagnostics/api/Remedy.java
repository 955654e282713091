package dev.deploydiagnostics.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fix a person can follow: a title, ordered steps, an optional configuration example in the
 * platform's own format, and a link to the platform's documentation.
 *
 * @param title         what to do, in a line, e.g. "Raise the memory limit above 512 MiB"
 * @param steps         the steps, in order
 * @param configExample a snippet to paste, if one helps
 * @param documentation the platform's page about it
 */
@Stable
public record Remedy(String title, List<String> steps, Optional<ConfigExample> configExample,
                     Optional<URI> documentation) {

    /**
     * A configuration snippet.
     *
     * @param format  its language for highlighting: {@code yaml}, {@code json}, {@code shell}, {@code hcl}, ...
     * @param content the snippet
     */
    @Stable
    public record ConfigExample(String format, String content) {
        /** Validates. */
        public ConfigExample {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(content, "content");
        }
    }

    /** Validates and copies. */
    public Remedy {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("remedy title must not be blank");
        }
        steps = List.copyOf(steps);
        Objects.requireNonNull(configExample, "configExample");
        Objects.requireNonNull(documentation, "documentation");
    }

    /** Starts a builder. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Builds a {@link Remedy}. */
    public static final class Builder {
        private final String title;
        private final List<String> steps = new ArrayList<>();
        private ConfigExample configExample;
        private URI documentation;

        private Builder(String title) {
            this.title = title;
        }

        /** Adds a step. */
        public Builder step(String step) { steps.add(Objects.requireNonNull(step, "step")); return this; }
        /** Sets the configuration example. */
        public Builder config(String format, String content) { this.configExample = new ConfigExample(format, content); return this; }
        /** Sets the documentation link. */
        public Builder documentation(String uri) { this.documentation = uri == null ? null : URI.create(uri); return this; }

        /** Builds the remedy. */
        public Remedy build() {
            return new Remedy(title, steps, Optional.ofNullable(configExample), Optional.ofNullable(documentation));
        }
    }
}
