package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);

    private static LogLineParser.Parsed parse(String line) {
        return LogLineParser.parse(line, new LogLineParser.Context(ZoneOffset.UTC, CLOCK));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-02 15:04:05 ERROR boom|ERROR",
        "[warn] disk almost full|WARNING",
        "<error> bad|ERROR",
        "time=2024-01-02T15:04:05Z level=warning msg=slow|WARNING",
        "E0102 15:04:05.123456    1 controller.go:12] sync failed|ERROR",
        "W0102 15:04:05.123456    1 controller.go:12] slow|WARNING",
        "F0102 15:04:05.123456    1 main.go:1] fatal|CRITICAL",
        "{\"level\":\"error\",\"msg\":\"x\"}|ERROR",
        "{\"level\":40,\"msg\":\"x\"}|WARNING",
        "{\"severity\":\"CRITICAL\",\"message\":\"x\"}|CRITICAL",
        "Traceback (most recent call last):|ERROR",
        "Exception in thread \"main\" java.lang.IllegalStateException: no config|CRITICAL",
        "panic: assignment to entry in nil map|CRITICAL",
        "fatal error: all goroutines are asleep - deadlock!|CRITICAL",
        "Error: Cannot find module 'express'|ERROR",
        "java.lang.NullPointerException: Cannot invoke|ERROR",
        "KeyError: 'DATABASE_URL'|ERROR",
        "2024-01-02T15:04:05.123Z 5d3c Task timed out after 3.00 seconds|ERROR",
        "INFO  started in 3.2s|INFO",
        "DEBUG pool stats|DEBUG",
        "we handle errors gracefully|UNKNOWN",
        "listening on :8080|UNKNOWN",
    })
    void findsTheLevelALineStates(String line, Severity expected) {
        assertThat(parse(line).severity()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-02T15:04:05.123456Z stdout F hello|2024-01-02T15:04:05.123456Z",
        "E0102 15:04:05.123456    1 x.go:1] y|2024-01-02T15:04:05.123456Z",
        "Jan  2 15:04:05 host app[1]: hi|2024-01-02T15:04:05Z",
        "127.0.0.1 - - [02/Jan/2024:16:04:05 +0100] \"GET / HTTP/1.1\" 200|2024-01-02T15:04:05Z",
        "{\"ts\":1704207845.25,\"msg\":\"x\"}|2024-01-02T15:04:05.250Z",
        "{\"timestamp\":1704207845123,\"message\":\"x\"}|2024-01-02T15:04:05.123Z",
        "{\"@timestamp\":\"2024-01-02T15:04:05Z\",\"message\":\"x\"}|2024-01-02T15:04:05Z",
    })
    void findsTheTimeALineWasWritten(String line, String expected) {
        assertThat(parse(line).timestamp()).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Dec 31 23:59:59 host app: late|2023-12-31T23:59:59Z",
        "Feb 28 10:00:00 host app: recent|2024-02-28T10:00:00Z",
    })
    void placesYearlessStampsInTheLastTwelveMonths(String line, String expected) {
        assertThat(parse(line).timestamp()).contains(Instant.parse(expected));
    }

    @org.junit.jupiter.api.Test
    void takesTheYearOfYearlessStampsFromAnEarlierFullTimestamp() {
        LogLineParser.Context ctx = new LogLineParser.Context(ZoneOffset.UTC, CLOCK);
        LogLineParser.parse("2021-06-01T10:00:00Z start", ctx);

        assertThat(LogLineParser.parse("I0601 10:00:01.000000 1 a.go:1] next", ctx).timestamp())
                .contains(Instant.parse("2021-06-01T10:00:01Z"));
    }

    @org.junit.jupiter.api.Test
    void readsDockerJsonFileLinesAsTheirInnerText() {
        LogLineParser.Parsed p = parse("{\"log\":\"ERROR db down\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-02T15:04:05.1Z\"}");

        assertThat(p.message()).isEqualTo("ERROR db down");
        assertThat(p.severity()).isEqualTo(Severity.ERROR);
        assertThat(p.timestamp()).contains(Instant.parse("2024-01-02T15:04:05.100Z"));
    }
}
