package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One signal a declarative pattern looks for, with the weight it adds to the pattern's confidence.
 *
 * <p>An indicator either matches (citing the evidence it matched and any values it read) or not. Anchor
 * indicators can make a pattern fire on their own; supporting ones only add to an anchor's confidence.
 */
public sealed interface Indicator {

    /** The probability-like weight in (0, 1] this signal contributes when it matches. */
    double weight();

    /** True when this signal can make the pattern fire without another. */
    boolean anchor();

    /** A human description for listings, e.g. {@code log /OutOfMemoryError/}. */
    String describe();

    /** The most evidence items one indicator cites, so a signal repeated on 10,000 lines stays readable. */
    int MAX_CITED = 20;

    /** Looks for the signal. */
    Optional<Match> match(EvidenceBundle evidence);

    /**
     * What an indicator matched.
     *
     * @param items the evidence it matched, in order of appearance
     * @param facts values read from the evidence (named regex groups)
     */
    record Match(List<Evidence> items, Map<String, String> facts) {
        /** Copies. */
        public Match {
            items = List.copyOf(items);
            facts = Map.copyOf(facts);
        }
    }

    /** Where a text indicator looks. */
    enum Scope {
        /** Logs, events and states. */
        ANY,
        /** Log lines only. */
        LOG,
        /** Event reasons and messages only. */
        EVENT,
        /** Resource states only. */
        STATE
    }

    /** A regular expression over the text of evidence in a scope. */
    record Text(Scope scope, SafeRegex regex, double weight, boolean anchor) implements Indicator {
        @Override
        public String describe() {
            return (scope == Scope.ANY ? "text" : scope.name().toLowerCase(java.util.Locale.ROOT)) + " /" + regex.source() + "/";
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            List<? extends Evidence> items = switch (scope) {
                case LOG -> evidence.logs();
                case EVENT -> evidence.events();
                case STATE -> evidence.states();
                case ANY -> evidence.items();
            };
            MatchIndex index = MatchIndex.active(evidence).orElse(null);
            for (Evidence e : items) {
                if (e instanceof dev.deploydiagnostics.api.CollectionGap || e instanceof MetricSample) {
                    continue;
                }
                if (c.full()) {
                    break;
                }
                if (index == null) {
                    regex.match(MatchText.of(e.text())).ifPresent(groups -> c.add(e, groups));
                } else if (index.mayMatch(e, regex)) {
                    regex.matchChecked(index.text(e), index.ascii(e)).ifPresent(groups -> c.add(e, groups));
                }
            }
            return c.result();
        }
    }

    /** An event with a reason, message and type matching the given expressions (each optional). */
    record EventMatch(Optional<SafeRegex> reason, Optional<SafeRegex> message, Optional<SafeRegex> type,
                      double weight, boolean anchor) implements Indicator {
        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("event");
            reason.ifPresent(r -> sb.append(" reason /").append(r.source()).append('/'));
            type.ifPresent(r -> sb.append(" type /").append(r.source()).append('/'));
            message.ifPresent(r -> sb.append(" message /").append(r.source()).append('/'));
            return sb.toString();
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            for (Event e : evidence.events()) {
                if (c.full()) {
                    break;
                }
                if (reason.isPresent() && reason.get().match(MatchText.of(e.reason())).isEmpty()) {
                    continue;
                }
                if (type.isPresent() && type.get().match(e.type()).isEmpty()) {
                    continue;
                }
                Map<String, String> facts = Map.of();
                if (message.isPresent()) {
                    Optional<Map<String, String>> m = message.get().match(MatchText.of(e.message()));
                    if (m.isEmpty()) {
                        continue;
                    }
                    facts = m.get();
                }
                c.add(e, facts);
            }
            return c.result();
        }
    }

    /** A resource state whose fields match the given expressions (each optional). */
    record StateMatch(Optional<SafeRegex> kind, Optional<SafeRegex> status, Optional<SafeRegex> reason,
                      Optional<SafeRegex> message, Map<String, SafeRegex> attributes, double weight,
                      boolean anchor) implements Indicator {
        /** Copies. */
        public StateMatch {
            attributes = Map.copyOf(attributes);
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("state");
            kind.ifPresent(r -> sb.append(" kind /").append(r.source()).append('/'));
            status.ifPresent(r -> sb.append(" status /").append(r.source()).append('/'));
            reason.ifPresent(r -> sb.append(" reason /").append(r.source()).append('/'));
            message.ifPresent(r -> sb.append(" message /").append(r.source()).append('/'));
            attributes.forEach((k, v) -> sb.append(' ').append(k).append(" /").append(v.source()).append('/'));
            return sb.toString();
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            for (ResourceState s : evidence.states()) {
                if (c.full()) {
                    break;
                }
                Map<String, String> facts = new LinkedHashMap<>();
                if (!field(kind, s.kind(), facts) || !field(status, s.status(), facts)
                        || !field(reason, s.reason().orElse(""), facts)
                        || !field(message, s.message().orElse(""), facts)) {
                    continue;
                }
                boolean all = true;
                for (Map.Entry<String, SafeRegex> a : attributes.entrySet()) {
                    String v = s.attributes().get(a.getKey());
                    if (v == null || !field(Optional.of(a.getValue()), v, facts)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    c.add(s, facts);
                }
            }
            return c.result();
        }

        private static boolean field(Optional<SafeRegex> regex, String value, Map<String, String> facts) {
            if (regex.isEmpty()) {
                return true;
            }
            Optional<Map<String, String>> m = regex.get().match(MatchText.of(value));
            m.ifPresent(facts::putAll);
            return m.isPresent();
        }
    }

    /** A container, task or process that exited with one of the codes, now or in its last termination. */
    record ExitCode(Set<Integer> codes, double weight, boolean anchor) implements Indicator {
        /** Copies. */
        public ExitCode {
            codes = Set.copyOf(codes);
        }

        @Override
        public String describe() {
            return "exit code " + new java.util.TreeSet<>(codes);
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            for (ResourceState s : evidence.states()) {
                Optional<Integer> code = s.exitCode().filter(codes::contains);
                if (code.isEmpty()) {
                    code = s.lastTermination().flatMap(Termination::exitCode).filter(codes::contains);
                }
                if (code.isPresent()) {
                    c.add(s, Map.of("exitCode", code.get().toString()));
                }
            }
            return c.result();
        }
    }

    /** A termination reason, such as {@code OOMKilled}, in a state's current or last termination. */
    record TerminationReason(SafeRegex regex, double weight, boolean anchor) implements Indicator {
        @Override
        public String describe() {
            return "termination reason /" + regex.source() + "/";
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            for (ResourceState s : evidence.states()) {
                boolean terminated = s.status().equalsIgnoreCase("terminated") || s.status().equalsIgnoreCase("stopped")
                        || s.exitCode().isPresent();
                Optional<Map<String, String>> m = terminated ? s.reason().map(MatchText::of).flatMap(regex::match)
                        : Optional.empty();
                if (m.isEmpty()) {
                    m = s.lastTermination().map(Termination::reason).flatMap(regex::match);
                }
                m.ifPresent(groups -> c.add(s, groups));
            }
            return c.result();
        }
    }

    /** A metric sample above or below a threshold. */
    record Metric(SafeRegex name, Optional<Double> above, Optional<Double> below, double weight, boolean anchor)
            implements Indicator {
        @Override
        public String describe() {
            return "metric /" + name.source() + "/" + above.map(a -> " > " + a).orElse("") + below.map(b -> " < " + b).orElse("");
        }

        @Override
        public Optional<Match> match(EvidenceBundle evidence) {
            Collector c = new Collector();
            for (MetricSample m : evidence.metrics()) {
                if (name.find(m.name()) && above.map(a -> m.value() > a).orElse(true)
                        && below.map(b -> m.value() < b).orElse(true)) {
                    c.add(m, Map.of());
                }
            }
            return c.result();
        }
    }

    /** Gathers matches up to {@link #MAX_CITED}. */
    final class Collector {
        private final List<Evidence> items = new ArrayList<>();
        private final Map<String, String> facts = new LinkedHashMap<>();

        void add(Evidence e, Map<String, String> groups) {
            if (items.size() < MAX_CITED) {
                items.add(e);
            }
            groups.forEach(facts::putIfAbsent);
        }

        boolean full() {
            return items.size() >= MAX_CITED;
        }

        Optional<Match> result() {
            return items.isEmpty() ? Optional.empty() : Optional.of(new Match(items, facts));
        }
    }

}
