package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Remedy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remedy as written in a catalog, with placeholders the evidence fills in.
 *
 * @param title         the title template
 * @param steps         step templates
 * @param configFormat  the config example's language, if any
 * @param configContent the config example template, if any
 * @param documentation the documentation link, if any
 */
public record RemedyTemplate(String title, List<String> steps, Optional<String> configFormat,
                             Optional<String> configContent, Optional<String> documentation) {

    /** Validates and copies. */
    public RemedyTemplate {
        Objects.requireNonNull(title, "title");
        steps = List.copyOf(steps);
        Objects.requireNonNull(configFormat, "configFormat");
        Objects.requireNonNull(configContent, "configContent");
        Objects.requireNonNull(documentation, "documentation");
    }

    /** Renders the remedy with the facts read from the evidence. */
    public Remedy render(Map<String, String> facts) {
        Remedy.Builder b = Remedy.builder(Template.render(title, facts));
        steps.forEach(s -> b.step(Template.render(s, facts)));
        configContent.ifPresent(c -> b.config(configFormat.orElse("text"), Template.render(c, facts)));
        documentation.ifPresent(b::documentation);
        return b.build();
    }
}
