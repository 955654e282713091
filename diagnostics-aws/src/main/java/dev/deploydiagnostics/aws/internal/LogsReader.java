package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Reads CloudWatch Logs for a time window, keeping at most the configured number of lines per stream, the
 * newest first kept, and counting what it leaves out.
 */
public final class LogsReader {
    private static final Pattern LEVEL = Pattern.compile("\\b(FATAL|CRITICAL|ERROR|WARN|WARNING|INFO|DEBUG|TRACE)\\b");
    /** The largest page CloudWatch Logs serves. */
    private static final int MAX_PAGE = 10_000;

    private final AwsSession session;
    private final AwsCalls calls;

    /** A reader using the session's clients and call runner. */
    public LogsReader(AwsSession session) {
        this.session = session;
        this.calls = session.calls();
    }

    /**
     * Reads the tail of one stream with GetLogEvents.
     *
     * @param logsRegion the region of the log group, if other than the session's
     * @param extra      attributes to put on each line, e.g. {@code container}
     */
    public void readStream(String group, String stream, Optional<Region> logsRegion, Instant from, Instant to,
                           Map<String, String> extra) {
        CloudWatchLogsClient client = logsRegion.map(session::logs).orElseGet(session::logs);
        int limit = calls.context().logLineLimit();
        // one more than we keep, so we know when older lines were left out
        int ask = Math.min(limit + 1, MAX_PAGE);
        Optional<GetLogEventsResponse> page = calls.call("logs:GetLogEvents", "log stream " + group + "/" + stream,
                o -> client.getLogEvents(b -> b.logGroupName(group).logStreamName(stream)
                        .startTime(from.toEpochMilli()).endTime(to.toEpochMilli())
                        .startFromHead(false).limit(ask).overrideConfiguration(o)));
        if (page.isEmpty()) {
            return;
        }
        List<OutputLogEvent> events = page.get().events();
        int skip = Math.max(0, events.size() - limit);
        if (skip > 0) {
            calls.out().droppedLogLines(skip);
        }
        String source = group + "/" + stream;
        for (OutputLogEvent e : events.subList(skip, events.size())) {
            calls.out().add(line(source, e.timestamp(), e.message(), group, stream, extra));
        }
    }

    /**
     * Reads a log group with FilterLogEvents, following pages up to the configured limit and keeping the
     * newest lines of each stream.
     *
     * @param filterPattern a CloudWatch filter pattern, or blank for every line
     * @param source        the source name for the lines; empty to name each line by its group and stream
     */
    public void filterGroup(String group, String filterPattern, Optional<String> streamPrefix, Instant from,
                            Instant to, Optional<String> source, Map<String, String> extra) {
        int limit = calls.context().logLineLimit();
        Map<String, Deque<FilteredLogEvent>> byStream = new LinkedHashMap<>();
        long dropped = 0;
        String token = null;
        for (int pageNo = 0; pageNo < session.options().maxPages(); pageNo++) {
            String next = token;
            Optional<FilterLogEventsResponse> page = calls.call("logs:FilterLogEvents", "log events of " + group,
                    o -> session.logs().filterLogEvents(b -> {
                        b.logGroupName(group).startTime(from.toEpochMilli()).endTime(to.toEpochMilli())
                                .limit(Math.min(Math.max(limit, 1) * 4, MAX_PAGE)).nextToken(next)
                                .overrideConfiguration(o);
                        if (filterPattern != null && !filterPattern.isBlank()) {
                            b.filterPattern(filterPattern);
                        }
                        streamPrefix.ifPresent(b::logStreamNamePrefix);
                    }));
            if (page.isEmpty()) {
                break;
            }
            for (FilteredLogEvent e : page.get().events()) {
                Deque<FilteredLogEvent> q = byStream.computeIfAbsent(String.valueOf(e.logStreamName()),
                        k -> new ArrayDeque<>());
                q.addLast(e);
                if (q.size() > limit) {
                    q.removeFirst();
                    dropped++;
                }
            }
            token = page.get().nextToken();
            if (token == null || token.isEmpty()) {
                break;
            }
        }
        if (dropped > 0) {
            calls.out().droppedLogLines(dropped);
        }
        byStream.forEach((stream, q) -> {
            for (FilteredLogEvent e : q) {
                String src = source.orElse(group + "/" + stream);
                calls.out().add(line(src, e.timestamp(), e.message(), group, stream, extra));
            }
        });
    }

    private static LogLine line(String source, Long timestamp, String message, String group, String stream,
                                Map<String, String> extra) {
        String text = message == null ? "" : stripTrailingNewline(message);
        Map<String, String> attrs = new LinkedHashMap<>(extra);
        attrs.put("logGroup", group);
        attrs.put("logStream", stream);
        return new LogLine(Optional.ofNullable(timestamp).map(Instant::ofEpochMilli), source, text,
                severityOf(text), 0, attrs);
    }

    private static String stripTrailingNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The level a line shows, from a level word or a well-known failure phrase. */
    static Severity severityOf(String text) {
        if (text.contains("Task timed out after") || text.contains("\"errorType\"")
                || text.contains("Runtime exited with error") || text.contains("Status: error")) {
            return Severity.ERROR;
        }
        Matcher m = LEVEL.matcher(text.length() > 200 ? text.substring(0, 200) : text);
        if (m.find()) {
            return Severity.parse(m.group(1).toUpperCase(Locale.ROOT));
        }
        return Severity.UNKNOWN;
    }
}
