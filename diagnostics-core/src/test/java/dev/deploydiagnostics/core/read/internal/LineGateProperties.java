package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast paths of reading must change nothing but speed: a line the gate rules out is never one that
 * would have been kept first, the byte scanner gives the same lines as the character reader, and a read
 * that leaves lines unparsed keeps exactly what parsing every line would have kept.
 */
class LineGateProperties {
    private static final ZoneOffset UTC = ZoneOffset.UTC;

    @Property(tries = 4000)
    void aLineTheGateRulesOutIsNeverImportant(@ForAll("logLines") String line) {
        LogLineParser.Context ctx = new LogLineParser.Context(UTC, Clock.systemUTC());
        LogLineParser.Parsed p = LogLineParser.parse(line, ctx);
        boolean important = p.severity().atLeastWarning() || LogCollector.mentionsFailure(p.message());
        if (important) {
            assertThat(LineGate.check(line) & LineGate.MAY_MATTER).as("gate on %s", line).isNotZero();
        }
    }

    @Property(tries = 1500)
    void theByteScannerGivesTheLinesTheCharacterReaderGives(@ForAll("texts") String text,
                                                            @ForAll @IntRange(min = 16, max = 300) int buffer) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        LineReader reader = new LineReader(new StringReader(text), 40, 90);
        for (String line; (line = reader.next()) != null; ) {
            expected.add(reader.lineNumber() + ":" + line);
        }
        List<String> actual = new ArrayList<>();
        Utf8LineScanner scanner = new Utf8LineScanner(new ByteArrayInputStream(bytes), 40, 90, buffer);
        scanner.run(new Utf8LineScanner.Target() {
            @Override
            public boolean line(String line, long lineNumber) {
                actual.add(lineNumber + ":" + line);
                return true;
            }

            @Override
            public boolean plain(PlainLines run) {
                for (int k = 0; k < run.size(); k++) {
                    String line = run.text(k);
                    // what the byte path calls plain, the character path must too
                    assertThat(TextSegmenter.plainText(line) || logRecord(line)).as("plain: %s", line).isTrue();
                    int gate = LineGate.check(line);
                    assertThat(gate & LineGate.MAY_MATTER).as("gate: %s", line).isZero();
                    assertThat(run.hint(k)).as("hint: %s", line).isEqualTo((gate & LineGate.MAY_HINT) != 0);
                    actual.add(run.lineNumber(k) + ":" + line);
                }
                return true;
            }
        });
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 400)
    void readingBytesKeepsWhatReadingTextKeeps(@ForAll("texts") String text,
                                               @ForAll @IntRange(min = 1, max = 12) int budget) {
        ReadOptions options = ReadOptions.DEFAULTS.withLogLineLimit(budget).withMaxLineLength(80);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        EvidenceBundle fromBytes = EvidenceReaders.defaults()
                .read(EvidenceInput.ofStream("in", () -> new ByteArrayInputStream(bytes)), options);
        EvidenceBundle fromText = EvidenceReaders.defaults().readText("in", text, options);
        assertThat(fromBytes.items()).isEqualTo(fromText.items());
        assertThat(fromBytes.droppedLogLines()).isEqualTo(fromText.droppedLogLines());
        assertThat(new ArrayList<>(fromBytes.platforms())).isEqualTo(new ArrayList<>(fromText.platforms()));
    }

    @Example
    void aJsonRecordsTimeBeyondTheFirstColumnsSetsTheYearOnBothPaths() {
        // the record's time stands past column 48; the klog line after it takes its year from it either way
        String text = "{\"level\":\"E\",\"msg\":\"\"}\n"
                + "{\"level\":\"I\",\"msg\":\"Caused by: Caused by:\",\"time\":\"2024-03-01T10:00:00Z\"}\n"
                + "I0301 10:00:00.123456       1 level=E msg=\"\"\n";
        readingBytesKeepsWhatReadingTextKeeps(text, 2);
    }

    @Property(tries = 600)
    void leavingLinesUnparsedKeepsWhatParsingEveryLineKeeps(@ForAll("logs") List<String> lines,
                                                            @ForAll @IntRange(min = 1, max = 15) int budget) {
        assertKeepsWhatParsingEveryLineKeeps(lines, budget);
    }

    @Example
    void aLineLeftUnparsedAfterAWarningEndsWhatTheWarningCouldContinue() {
        // the second line cannot continue the error, so it waits unparsed; the indented third line then
        // follows a line below warning and is no continuation either
        assertKeepsWhatParsingEveryLineKeeps(List.of("2024-03-01T10:00:00.123Z level=E msg=\"\"",
                "2024-03-01T10:00:00.123Z E ", "\tE "), 2);
        assertKeepsWhatParsingEveryLineKeeps(List.of("2024-03-01T10:00:00.123Z ERROR boom",
                "\tat com.example.Api.call(Api.java:42)", "2024-03-01T10:00:01Z INFO fine", "\tmore"), 2);
    }

    private static void assertKeepsWhatParsingEveryLineKeeps(List<String> lines, int budget) {
        ReadOptions options = ReadOptions.DEFAULTS.withLogLineLimit(budget);
        String text = String.join("\n", lines) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        EvidenceBundle read = EvidenceReaders.defaults()
                .read(EvidenceInput.ofStream("app.log", () -> new ByteArrayInputStream(bytes)), options);

        // the oracle: every line parsed in order with one context, then the collector's rule
        LogLineParser.Context ctx = new LogLineParser.Context(UTC, Clock.systemUTC());
        List<LogLine> all = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            LogLineParser.Parsed p = LogLineParser.parse(line, ctx);
            all.add(new LogLine(p.timestamp(), "app.log", p.message(), p.severity(), i + 1, p.attributes()));
        }
        List<LogLine> expected = LogCollector.select(all, budget);
        assertThat(read.logs()).isEqualTo(expected);
        assertThat(read.droppedLogLines()).isEqualTo(all.size() - expected.size());
    }

    @Property(tries = 2000)
    void aRecordReadForItsFieldsGivesWhatReadingTheWholeTreeGives(@ForAll("jsonRecords") String json) {
        com.fasterxml.jackson.databind.JsonNode full;
        try {
            full = JsonSupport.JSON.readTree(json);
        } catch (Exception e) {
            full = null;
        }
        com.fasterxml.jackson.databind.JsonNode fields;
        try {
            fields = LogLineParser.record(json);
        } catch (Exception e) {
            fields = null;
        }
        assertThat(fields == null).as("both fail or neither: %s", json).isEqualTo(full == null);
        if (full != null && full.isObject()) {
            for (String key : List.of("level", "log.level", "lvl", "severity", "msg", "message", "time", "ts", "t",
                    "error", "err", "stack", "log", "stream", "logger", "caller", "@l", "Level")) {
                assertThat(fields.get(key)).as("%s in %s", key, json).isEqualTo(full.get(key));
            }
        }
    }

    @Provide
    Arbitrary<String> jsonRecords() {
        Arbitrary<String> value = Arbitraries.of("\"error\"", "\"E\"", "50", "30", "50.5", "1e2", "1709287200",
                "1709287200.123", "\"2024-03-01T10:00:00Z\"", "{\"$date\":\"2024-03-01T10:00:00Z\"}", "{\"level\":\"warn\"}",
                "[1,2]", "null", "true", "\"\"", "\"boom \\\"x\\\"\"", "{\"type\":\"Error\",\"message\":\"bad\"}",
                "12345678901234567890", "-3", "0.1e-2");
        Arbitrary<String> key = Arbitraries.of("level", "log.level", "lvl", "severity", "msg", "message", "time", "ts",
                "t", "error", "err", "stack", "log", "stream", "logger", "caller", "other", "req", "@l", "Level");
        Arbitrary<String> field = Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v);
        return Combinators.combine(field.list().ofMaxSize(7), Arbitraries.of("", ",", " trailing", "}"))
                .as((fields, tail) -> "{" + String.join(",", fields) + "}" + tail);
    }

    @Example
    void levelsWrittenAsOneLetterOrANumberAreSeen() {
        assertThat(LineGate.check("{\"level\":50,\"msg\":\"lost the connection\"}") & LineGate.MAY_MATTER).isNotZero();
        assertThat(LineGate.check("{\"level\":30,\"msg\":\"listening\"}") & LineGate.MAY_MATTER).isZero();
        assertThat(LineGate.check("ts=1 level=E msg=\"db gone\"") & LineGate.MAY_MATTER).isNotZero();
        assertThat(LineGate.check("ts=1 level=I msg=ok") & LineGate.MAY_MATTER).isZero();
        assertThat(LineGate.check("E1125 10:00:00.000000    1 controller.go:42] sync") & LineGate.MAY_MATTER).isNotZero();
        assertThat(LineGate.check("I1125 10:00:00.000000    1 controller.go:42] sync") & LineGate.MAY_MATTER).isZero();
        assertThat(LineGate.check("{\"msg\":\"\\u0065rror\"}") & LineGate.MAY_MATTER).isNotZero();
        assertThat(LineGate.check("2024-01-01 \u212AILLED by the kernel") & LineGate.MAY_MATTER).isNotZero();
        assertThat(LineGate.check("START RequestId: 8f7e Version: $LATEST") & LineGate.MAY_HINT).isNotZero();
    }

    @Example
    void aLineLongerThanTheBufferIsCutAsTheCharacterReaderCutsIt() throws IOException {
        String longJson = "{\"a\":\"" + "x".repeat(500) + "\"}";
        // the carriage return before the newline counts as a character cut off, as the character reader counts it
        String text = "first\n" + longJson + "\r\n" + "é".repeat(200) + "\nlast";
        List<String> lines = new ArrayList<>();
        new Utf8LineScanner(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 40, 90, 64)
                .run(collecting(lines, true));
        assertThat(lines).containsExactly("first", longJson.substring(0, 90) + Lines.cutMarker(longJson.length() + 1 - 90),
                "é".repeat(40) + Lines.cutMarker(160), "last");
    }

    @Example
    void stopsWhenTheTargetSaysSo() throws IOException {
        InputStream in = new ByteArrayInputStream("a\nb\n{\nc\nd\n".getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        new Utf8LineScanner(in, 40, 90).run(collecting(seen, false));
        // the lone brace ends the run of plain lines; the run is handed on and says stop
        assertThat(seen).containsExactly("a", "b");
    }

    /** A target that adds every line to {@code into}; after a run of plain lines it says {@code goOn}. */
    private static Utf8LineScanner.Target collecting(List<String> into, boolean goOn) {
        return new Utf8LineScanner.Target() {
            @Override
            public boolean line(String line, long lineNumber) {
                into.add(line);
                return true;
            }

            @Override
            public boolean plain(PlainLines run) {
                for (int k = 0; k < run.size(); k++) {
                    into.add(run.text(k));
                }
                return goOn;
            }
        };
    }

    /** A one-line JSON record the segmenter reads as log text: no lone brace, nothing that may make it a document. */
    private static boolean logRecord(String line) {
        String t = line.strip();
        return t.startsWith("{") && !t.equals("{") && !JsonDocumentReader.mayBeDocument(t);
    }

    // ---- generators

    private static final List<String> WORDS = List.of("error", "ERROR", "Error", "warn", "WARNING", "Warn", "info",
            "INFO", "debug", "fatal", "FATAL", "panic:", "CRIT", "severe", "SEVERE", "emerg", "alert", "notice",
            "exception", "Exception", "java.lang.IllegalStateException:", "NullPointerException", "fail", "failed",
            "killed", "OOMKilled", "denied", "refused", "timeout", "timed out", "not found", "unable", "cannot",
            "can't", "invalid", "backoff", "back-off", "unhealthy", "exit code", "exited", "forbidden",
            "unauthorized", "Traceback (most recent call last):", "Task timed out after 3.00 seconds",
            "Runtime.ExitError", "Caused by:", "at", "...", "ok", "listening", "request", "GET", "/api/v1", "200",
            "E", "W", "F", "C", "I", "e", "ERR", "err", "eror", "ſevere", "crıt", "\u212Ailled", "é", "日本",
            "RequestId:", "START", "REPORT", "kubelet", "ecs-agent", "cloud_run_revision", "run.googleapis.com",
            "Back-off restarting failed container", "Essential container in task exited");
    private static final List<String> LEVEL_KEYS = List.of("level", "lvl", "severity", "loglevel", "log_level",
            "levelname", "Level", "LEVEL", "Severity", "@l", "@level", "log.level");
    private static final List<String> LEVEL_VALUES = List.of("E", "W", "F", "C", "I", "D", "e", "w", "c", "error",
            "warn", "info", "debug", "30", "40", "50", "60", "20", "10", "39", "100", "4e1", "-1", "", "ERR", "crit",
            "alert", "emergency", "fail", "FAILED", "notice");
    private static final List<String> STAMPS = List.of("2024-03-01T10:00:00.123Z ", "2023-12-31T23:59:59Z ",
            "2024-03-01 10:00:00,123 ", "I0301 10:00:00.123456       1 ", "E0301 10:00:00.123456       1 ",
            "W0301 10:00:00.123456 ", "F0301 10:00:00.000000 ", "Mar  1 10:00:00 host app[1]: ",
            "<13>Mar 1 10:00:00 host ", "Mar  1 10:00:00 host kubelet[9]: E0301 10:00:00.123456    9 ",
            "10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] ", "", "", "\t", "    ");

    @Provide
    Arbitrary<String> logLines() {
        return logLines(true);
    }

    /**
     * Log lines of many formats; without {@code jsonTimes}, JSON records carry no time: the year that klog and
     * syslog stamps take comes from the lines read in full, and a JSON record's time is read only when the
     * record itself may matter (lines opening with a full date always are), so only then is the oracle exact.
     */
    private Arbitrary<String> logLines(boolean jsonTimes) {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(WORDS),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzEWFC0123456789 :=\"{}[]()<>\\u_.-é").ofMaxLength(8));
        Arbitrary<String> sentence = word.list().ofMaxSize(6).map(l -> String.join(" ", l));
        Arbitrary<String> plain = Combinators.combine(Arbitraries.of(STAMPS), Arbitraries.of("", "[", "<", "("),
                Arbitraries.of(LEVEL_VALUES), Arbitraries.of("", "]", ">", ")", ":", " |"), sentence)
                .as((stamp, open, level, close, rest) -> stamp + open + level + close + " " + rest);
        Arbitrary<String> keyed = Combinators.combine(Arbitraries.of(STAMPS), Arbitraries.of(LEVEL_KEYS),
                Arbitraries.of("=", ": ", ":", " = ", "=\""), Arbitraries.of(LEVEL_VALUES), sentence)
                .as((stamp, key, sep, value, rest) -> stamp + key + sep + value + " msg=\"" + rest + "\"");
        Arbitrary<String> json = Combinators.combine(Arbitraries.of(LEVEL_KEYS), Arbitraries.of(LEVEL_VALUES),
                Arbitraries.of(true, false), sentence, Arbitraries.of("", ",\"error\":\"boom\"", ",\"err\":{\"x\":1}",
                        ",\"stack\":\"at x\"", ",\"reason\":\"\"", jsonTimes ? ",\"time\":\"2024-03-01T10:00:00Z\"" : "",
                        jsonTimes ? ",\"t\":1709287200" : ""))
                .as((key, value, quoted, msg, extra) -> "{\"" + key + "\":" + (quoted ? "\"" + value + "\"" : value.isEmpty() ? "0" : value)
                        + ",\"msg\":\"" + msg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + extra + "}");
        Arbitrary<String> docker = sentence.map(s -> "{\"log\":\"" + s.replace("\\", "\\\\").replace("\"", "'")
                + "\\n\",\"stream\":\"stderr\"" + (jsonTimes ? ",\"time\":\"2024-03-01T10:00:00.1Z\"}" : "}"));
        Arbitrary<String> escaped = sentence.map(s -> "{\"msg\":\"" + escapeSome(s) + "\"}");
        return Arbitraries.oneOf(plain, keyed, json, docker, escaped, sentence);
    }

    private static String escapeSome(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i % 3 == 0 && c < 0x80 && Character.isLetter(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Provide
    Arbitrary<List<String>> logs() {
        // log text only: the oracle knows nothing of headings, tables and documents
        return logLines(false).filter(l -> TextSegmenter.plainText(l) || logRecord(l)).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> structure = Arbitraries.of("## Logs", "$ kubectl logs api-7d9 --previous", "--- events ---",
                "==> app.log <==", "```", "---", "{", "}", "[", "apiVersion: v1", "kind: Pod", "Name: api-7d9",
                "NAME   READY   STATUS   RESTARTS   AGE", "api-1   0/1   CrashLoopBackOff   5   3m",
                "LAST SEEN   TYPE      REASON    OBJECT    MESSAGE", "2m   Warning   BackOff   pod/api   Back-off restarting",
                "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}", "", "   ", "\u001B[31mERROR\u001B[0m red",
                "user@host:~$ docker logs web", "\uFEFFbom first", "tab\tseparated", "ends with cr\r", "mid\rcr",
                "x".repeat(120), "{\"msg\":\"" + "y".repeat(100) + "\"}", "ÿþ");
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, logLines()), net.jqwik.api.Tuple.of(3, structure),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().excludeChars('\u0000').ofMaxLength(30)));
        return Combinators.combine(line.list().ofMaxSize(40), Arbitraries.of("\n", "\r\n"), Arbitraries.of(true, false))
                .as((lines, nl, trailing) -> String.join(nl, lines) + (trailing ? nl : ""));
    }
}
