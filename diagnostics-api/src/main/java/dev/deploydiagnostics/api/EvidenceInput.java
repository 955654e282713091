package dev.deploydiagnostics.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Offline evidence to read instead of (or beside) calling a platform: a file, a directory of files,
 * pasted text, or a stream such as standard input.
 *
 * <p>The format is chosen from the content, not from the name: {@code kubectl} JSON or text, AWS CLI JSON,
 * exported logs, or several of those pasted together.
 */
@Stable
public final class EvidenceInput {

    /** Opens the content; each call returns a new stream positioned at the start. */
    @FunctionalInterface
    public interface Opener {
        /** Opens a new stream. */
        InputStream open() throws IOException;
    }

    private final String name;
    private final Path path;
    private final Opener opener;

    private EvidenceInput(String name, Path path, Opener opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = path;
        this.opener = opener;
    }

    /** A file or a directory; a directory is read file by file, in name order. */
    public static EvidenceInput of(Path path) {
        Objects.requireNonNull(path, "path");
        return new EvidenceInput(path.toString(), path, () -> Files.newInputStream(path));
    }

    /** Text held in memory, e.g. pasted by a user. */
    public static EvidenceInput ofText(String name, String text) {
        Objects.requireNonNull(text, "text");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new EvidenceInput(name, null, () -> new ByteArrayInputStream(bytes));
    }

    /** Content from a stream opener, e.g. standard input; the engine opens it once per analysis. */
    public static EvidenceInput ofStream(String name, Opener opener) {
        return new EvidenceInput(name, null, Objects.requireNonNull(opener, "opener"));
    }

    /** A name for reports, e.g. the file name or {@code <stdin>}. */
    public String name() {
        return name;
    }

    /** The path, when the input is a file or directory. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** True when the input is a directory to read file by file. */
    public boolean isDirectory() {
        return path != null && Files.isDirectory(path);
    }

    /** Opens the content. */
    public InputStream open() throws IOException {
        if (isDirectory()) {
            throw new IOException(name + " is a directory; read its files one by one");
        }
        return opener.open();
    }

    /** Reads the whole content as UTF-8 text; for small inputs and tests. */
    public String readText() {
        try (InputStream in = open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "EvidenceInput[" + name + "]";
    }
}
