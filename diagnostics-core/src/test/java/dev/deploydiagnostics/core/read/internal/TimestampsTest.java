package dev.deploydiagnostics.core.read.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-02T15:04:05Z|2024-01-02T15:04:05Z",
        "2024-01-02T15:04:05.123456789Z|2024-01-02T15:04:05.123456789Z",
        "2024-01-02T15:04:05.512000+00:00|2024-01-02T15:04:05.512Z",
        "2024-01-02T16:04:05+01:00|2024-01-02T15:04:05Z",
        "2024-01-02T14:59:12.000+0000|2024-01-02T14:59:12Z",
        "2024-01-02 15:04:05,123|2024-01-02T15:04:05.123Z",
        "2024/01/02 15:04:05|2024-01-02T15:04:05Z",
        "Tue, 02 Jan 2024 15:04:05 +0000|2024-01-02T15:04:05Z",
        "Tue, 02 Jan 2024 10:04:05 -0500|2024-01-02T15:04:05Z",
        "1704207845|2024-01-02T15:04:05Z",
        "1704207845123|2024-01-02T15:04:05.123Z",
        "1704207845.5|2024-01-02T15:04:05.500Z",
    })
    void parsesTheFormatsToolsWrite(String text, String expected) {
        assertThat(Timestamps.parse(text, ZoneOffset.UTC)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-13-45T99:99:99Z", "2024-01-02T15:04:05+99:00", "5m (x3 over 10m)"})
    void rejectsWhatIsNoTimestamp(String text) {
        assertThat(Timestamps.parse(text, ZoneOffset.UTC)).isEmpty();
    }

    @Property
    void readsBackEveryInstantItsIsoFormWrites(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
        Instant t = Instant.ofEpochMilli(millis);

        assertThat(Timestamps.parse(DateTimeFormatter.ISO_INSTANT.format(t), ZoneOffset.UTC)).contains(t);
        assertThat(Timestamps.parse(DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC)),
                ZoneOffset.UTC)).contains(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
