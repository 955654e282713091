package dev.deploydiagnostics.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated logs cached on disk between benchmark runs, under {@code -Dbench.dir} (default: a folder in the
 * temporary directory), one per size and seed, with their line count beside them.
 */
final class LogFiles {
    private LogFiles() {
    }

    /** The cache folder. */
    static Path dir() {
        return Path.of(System.getProperty("bench.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "deploy-diagnostics-bench").toString()));
    }

    /**
     * A log of {@code sizeMb} MiB for this seed, generated unless a complete one is cached.
     *
     * @return the file and its line count
     */
    static Generated log(int sizeMb, long seed) throws IOException {
        long size = (long) sizeMb << 20;
        Path file = dir().resolve("log-" + sizeMb + "m-seed" + seed + ".log");
        Path linesFile = dir().resolve("log-" + sizeMb + "m-seed" + seed + ".lines");
        if (Files.isRegularFile(file) && Files.size(file) == size && Files.isRegularFile(linesFile)) {
            return new Generated(file, Long.parseLong(Files.readString(linesFile, StandardCharsets.US_ASCII).trim()));
        }
        LogGenerator.Stats stats = new LogGenerator(seed).write(file, size);
        Files.writeString(linesFile, Long.toString(stats.lines()), StandardCharsets.US_ASCII);
        return new Generated(file, stats.lines());
    }

    /** A generated log and how many lines it has. */
    record Generated(Path file, long lines) {
    }
}
