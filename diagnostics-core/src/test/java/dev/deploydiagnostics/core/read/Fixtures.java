package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.ResourceState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the fixtures under {@code src/test/resources/read/} and finds evidence in bundles. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/read/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture read/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvidenceBundle read(String relative) {
        return EvidenceReaders.defaults().read(EvidenceInput.of(path(relative)), ReadOptions.DEFAULTS);
    }

    static EvidenceBundle readText(String text) {
        return EvidenceReaders.defaults().readText("paste", text, ReadOptions.DEFAULTS);
    }

    static ResourceState state(EvidenceBundle bundle, String kind, String name) {
        return bundle.states().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + bundle.states()));
    }

    static List<Event> events(EvidenceBundle bundle, String reason) {
        return bundle.events().stream().filter(e -> e.reason().equals(reason)).toList();
    }

    static Event event(EvidenceBundle bundle, String reason) {
        List<Event> found = events(bundle, reason);
        if (found.isEmpty()) {
            throw new AssertionError("no event " + reason + " in " + bundle.events());
        }
        return found.get(0);
    }
}
