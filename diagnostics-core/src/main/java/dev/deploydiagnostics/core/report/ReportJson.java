package dev.deploydiagnostics.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.TimelineEntry;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a report to the JSON document described in {@code docs/report-schema.md} (schema version
 * {@value DiagnosticReport#SCHEMA_VERSION}). Field names are part of the stable contract.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** The shared mapper, configured for pretty output. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The report as a JSON tree. */
    public static ObjectNode toJson(DiagnosticReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", r.schemaVersion());
        root.put("generatedAt", r.generatedAt().toString());
        root.put("verdict", r.verdict().name());
        root.put("platform", r.platform().map(p -> p.id()).orElse(null));
        ObjectNode target = root.putObject("target");
        r.target().forEach(target::put);
        root.put("headline", r.headline());
        root.put("summary", r.summary());
        Map<Evidence, Integer> timelineIndex = new IdentityHashMap<>();
        for (TimelineEntry t : r.timeline()) {
            timelineIndex.put(t.evidence(), t.index());
        }
        ArrayNode findings = root.putArray("findings");
        int rank = 0;
        for (Finding f : r.findings()) {
            ObjectNode n = findings.addObject();
            n.put("rank", ++rank);
            n.put("patternId", f.patternId());
            n.put("category", f.category().id());
            n.put("title", f.title());
            n.put("confidence", Math.round(f.confidence() * 1000) / 1000.0);
            n.put("explanation", f.explanation());
            ArrayNode ev = n.putArray("evidence");
            for (Evidence e : f.evidence()) {
                ObjectNode en = evidence(e);
                Integer idx = timelineIndex.get(e);
                if (idx != null) {
                    en.put("timelineIndex", idx);
                }
                ev.add(en);
            }
            ArrayNode rem = n.putArray("remedies");
            for (Remedy m : f.remedies()) {
                rem.add(remedy(m));
            }
            ObjectNode facts = n.putObject("facts");
            f.facts().forEach(facts::put);
        }
        ArrayNode timeline = root.putArray("timeline");
        for (TimelineEntry t : r.timeline()) {
            ObjectNode n = timeline.addObject();
            n.put("index", t.index());
            n.put("timestamp", t.timestamp().map(Object::toString).orElse(null));
            n.put("kind", t.evidence().evidenceType());
            n.put("severity", t.severity().name());
            n.put("source", t.source());
            n.put("summary", t.summary());
            n.put("firstFailure", t.firstFailure());
            n.put("failureChain", t.failureChain());
            ArrayNode ids = n.putArray("patternIds");
            t.patternIds().forEach(ids::add);
        }
        ArrayNode gaps = root.putArray("gaps");
        for (CollectionGap g : r.gaps()) {
            gaps.add(gap(g));
        }
        ArrayNode signals = root.putArray("notableSignals");
        for (Evidence e : r.notableSignals()) {
            signals.add(evidence(e));
        }
        ArrayNode providers = root.putArray("providers");
        for (ProviderRun p : r.providers()) {
            ObjectNode n = providers.addObject();
            n.put("id", p.providerId());
            n.put("outcome", p.outcome().name());
            n.put("durationMs", p.duration().toMillis());
            n.put("evidenceCount", p.evidenceCount());
            n.put("gapCount", p.gapCount());
            ObjectNode stats = n.putObject("statistics");
            p.statistics().forEach(stats::put);
        }
        root.put("evidenceCount", r.evidenceCount());
        root.put("durationMs", r.duration().toMillis());
        return root;
    }

    static ObjectNode evidence(Evidence e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", e.evidenceType());
        n.put("source", e.source());
        n.put("timestamp", e.timestamp().map(Object::toString).orElse(null));
        n.put("severity", e.severity().name());
        n.put("text", e.text());
        if (e instanceof LogLine l) {
            n.put("message", l.message());
            if (l.lineNumber() > 0) {
                n.put("lineNumber", l.lineNumber());
            }
        } else if (e instanceof Event ev) {
            n.put("type", ev.type());
            n.put("reason", ev.reason());
            n.put("message", ev.message());
            n.put("involvedObject", ev.involvedObject());
            n.put("count", ev.count());
            ev.firstTimestamp().ifPresent(t -> n.put("firstTimestamp", t.toString()));
        } else if (e instanceof ResourceState s) {
            n.put("resourceKind", s.kind());
            n.put("name", s.name());
            n.put("status", s.status());
            s.reason().ifPresent(v -> n.put("reason", v));
            s.message().ifPresent(v -> n.put("message", v));
            s.exitCode().ifPresent(v -> n.put("exitCode", v));
            n.put("restartCount", s.restartCount());
            s.image().ifPresent(v -> n.put("image", v));
            s.memoryLimitBytes().ifPresent(v -> n.put("memoryLimitBytes", v));
            s.lastTermination().ifPresent(t -> {
                ObjectNode lt = n.putObject("lastTermination");
                lt.put("reason", t.reason());
                t.exitCode().ifPresent(v -> lt.put("exitCode", v));
                t.signal().ifPresent(v -> lt.put("signal", v));
                t.message().ifPresent(v -> lt.put("message", v));
                t.finishedAt().ifPresent(v -> lt.put("finishedAt", v.toString()));
            });
        } else if (e instanceof MetricSample m) {
            n.put("name", m.name());
            n.put("value", m.value());
            n.put("unit", m.unit());
        }
        if (!e.attributes().isEmpty()) {
            ObjectNode a = n.putObject("attributes");
            e.attributes().forEach(a::put);
        }
        return n;
    }

    static ObjectNode gap(CollectionGap g) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("provider", g.provider());
        n.put("what", g.what());
        n.put("reason", g.reason());
        n.put("kind", g.kind().name());
        n.put("permission", g.permission().orElse(null));
        return n;
    }

    static ObjectNode remedy(Remedy m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("title", m.title());
        ArrayNode steps = n.putArray("steps");
        m.steps().forEach(steps::add);
        m.configExample().ifPresent(c -> {
            ObjectNode cn = n.putObject("config");
            cn.put("format", c.format());
            cn.put("content", c.content());
        });
        n.put("documentation", m.documentation().map(Object::toString).orElse(null));
        return n;
    }

    /** The top-level fields in the order they are written. */
    static List<String> fieldOrder() {
        return List.of("schemaVersion", "generatedAt", "verdict", "platform", "target", "headline", "summary",
                "findings", "timeline", "gaps", "notableSignals", "providers", "evidenceCount", "durationMs");
    }
}
