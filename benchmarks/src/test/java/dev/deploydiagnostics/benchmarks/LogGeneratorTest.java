package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.core.redact.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogGeneratorTest {
    /** Text found on failure headlines only, one per failure shape the generator knows. */
    private static final List<String> FAILURE_MARKERS = List.of("java.lang.OutOfMemoryError: Java heap space",
            "PSQLException: Connection to", "connect ECONNREFUSED", "JavaScript heap out of memory",
            "Error: Cannot find module", "ModuleNotFoundError: No module named", "OperationalError: could not connect",
            "panic: runtime error", "x509: certificate signed by unknown authority", "Back-off restarting failed container",
            "Task timed out after", "bind: address already in use", "no such host", "Could not resolve placeholder",
            "WORKER TIMEOUT", "Essential container in task exited");

    private static byte[] generate(long seed, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        new LogGenerator(seed).write(out, size);
        return out.toByteArray();
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        byte[] a = generate(42, 1 << 20);
        byte[] b = generate(42, 1 << 20);
        byte[] c = generate(43, 1 << 20);
        assertThat(Arrays.equals(a, b)).isTrue();
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    @Test
    void aLargerFileStartsWithTheSmallerOne() throws IOException {
        byte[] small = generate(42, 200_000);
        byte[] large = generate(42, 400_000);
        int lastNewline = new String(small, StandardCharsets.US_ASCII).lastIndexOf('\n', small.length - 2);
        assertThat(Arrays.copyOf(large, lastNewline + 1)).isEqualTo(Arrays.copyOf(small, lastNewline + 1));
    }

    @Test
    void writesExactlyTheSizeAskedForAsWholeAsciiLines(@TempDir Path dir) throws IOException {
        for (long size : new long[] {0, 1, 999, 65_536, (1 << 20) + 7}) {
            Path file = dir.resolve("log-" + size);
            LogGenerator.Stats stats = new LogGenerator(1).write(file, size);
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes.length).as("size %d", size).isEqualTo(size);
            assertThat(stats.bytes()).isEqualTo(size);
            if (size > 0) {
                assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
                long newlines = 0;
                for (byte x : bytes) {
                    assertThat(x).isBetween((byte) 0x09, (byte) 0x7e);
                    if (x == '\n') {
                        newlines++;
                    }
                }
                assertThat(stats.lines()).isEqualTo(newlines);
            }
        }
    }

    @Test
    void aboutOneLineInAThousandIsAFailureOfAKnownShape() throws IOException {
        byte[] bytes = generate(42, 8 << 20);
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
        long marked = Arrays.stream(lines).filter(l -> FAILURE_MARKERS.stream().anyMatch(l::contains)).count();
        LogGenerator.Stats stats = new LogGenerator(42).write(new ByteArrayOutputStream(), 8 << 20);

        assertThat(stats.lines()).isEqualTo(lines.length);
        assertThat(marked).isEqualTo(stats.failureLines());
        assertThat(stats.failureRate()).isCloseTo(0.001, within(0.0002));
        // every shape shows up, so no pattern family is left out of the measurement
        for (String marker : FAILURE_MARKERS) {
            assertThat(Arrays.stream(lines).anyMatch(l -> l.contains(marker))).as(marker).isTrue();
        }
    }

    @Test
    void mixesTheFourRuntimesLogFormats() throws IOException {
        String text = new String(generate(5, 1 << 20), StandardCharsets.US_ASCII);
        assertThat(text).contains(" INFO 1 --- [orders] [")           // Spring Boot
                .contains("INFO  c.e.billing.InvoiceJob - ")            // Logback
                .contains("\tat com.example.orders.")                   // a Java stack trace
                .contains("{\"level\":30,\"time\":")                   // pino
                .contains("\" 200 ").contains("\"kube-probe/1.29\"")    // access logs
                .contains(" INFO [payments.worker] ")                   // Python logging
                .contains("{\"level\":\"info\",\"ts\":")               // zap
                .containsPattern("(?m)^I0314 09:\\d\\d:\\d\\d\\.\\d{6} ");   // klog
    }

    @Test
    void carriesSecretsThatRedactionMasks() throws IOException {
        String[] lines = new String(generate(42, 8 << 20), StandardCharsets.US_ASCII).split("\n");
        List<String> secrets = Arrays.stream(lines).filter(l -> l.contains("postgres://orders:") || l.contains("'Bearer ")
                || l.contains("\"accessKeyId\":\"AKIA") || l.contains(" password=")).toList();
        Redactor redactor = new Redactor();

        assertThat(secrets).hasSizeGreaterThanOrEqualTo(2);
        for (String line : secrets) {
            String redacted = redactor.redact(line);
            assertThat(redacted).as(line).isNotEqualTo(line).contains(Redactor.MASK);
        }
    }

    @Test
    void parsesSizesWithBinaryUnits() {
        assertThat(LogGenerator.parseSize("65536")).isEqualTo(65_536);
        assertThat(LogGenerator.parseSize("64k")).isEqualTo(64 * 1024);
        assertThat(LogGenerator.parseSize("64M")).isEqualTo(64L << 20);
        assertThat(LogGenerator.parseSize("1g")).isEqualTo(1L << 30);
        assertThat(LogGenerator.parseSize("2GB")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> LogGenerator.parseSize("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64m");
    }
}
