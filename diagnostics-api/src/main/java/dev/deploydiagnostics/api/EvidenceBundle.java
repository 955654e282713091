package dev.deploydiagnostics.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything collected for one analysis, in order of appearance, with views by kind.
 *
 * <p>Providers return one; the engine merges them. Immutable and thread-safe.
 */
@Stable
public final class EvidenceBundle {
    private static final EvidenceBundle EMPTY = new Builder().build();

    private final List<Evidence> items;
    private final List<LogLine> logs;
    private final List<Event> events;
    private final List<MetricSample> metrics;
    private final List<ResourceState> states;
    private final List<CollectionGap> gaps;
    private final Set<Platform> platforms;
    private final long droppedLogLines;

    private EvidenceBundle(Builder b) {
        this.items = List.copyOf(b.items);
        List<LogLine> l = new ArrayList<>();
        List<Event> e = new ArrayList<>();
        List<MetricSample> m = new ArrayList<>();
        List<ResourceState> s = new ArrayList<>();
        List<CollectionGap> g = new ArrayList<>();
        for (Evidence item : items) {
            if (item instanceof LogLine x) {
                l.add(x);
            } else if (item instanceof Event x) {
                e.add(x);
            } else if (item instanceof MetricSample x) {
                m.add(x);
            } else if (item instanceof ResourceState x) {
                s.add(x);
            } else if (item instanceof CollectionGap x) {
                g.add(x);
            }
        }
        this.logs = List.copyOf(l);
        this.events = List.copyOf(e);
        this.metrics = List.copyOf(m);
        this.states = List.copyOf(s);
        this.gaps = List.copyOf(g);
        this.platforms = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.platforms));
        this.droppedLogLines = b.droppedLogLines;
    }

    /** An empty bundle. */
    public static EvidenceBundle empty() {
        return EMPTY;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A bundle holding exactly these items. */
    public static EvidenceBundle of(Collection<? extends Evidence> items) {
        return new Builder().addAll(items).build();
    }

    /** A builder holding this bundle's content, to add to it. */
    public Builder toBuilder() {
        Builder b = new Builder().addAll(items);
        b.platforms.addAll(platforms);
        b.droppedLogLines = droppedLogLines;
        return b;
    }

    /** Every item in order of appearance. */
    public List<Evidence> items() {
        return items;
    }

    /** The log lines. */
    public List<LogLine> logs() {
        return logs;
    }

    /** The events. */
    public List<Event> events() {
        return events;
    }

    /** The metric samples. */
    public List<MetricSample> metrics() {
        return metrics;
    }

    /** The resource states. */
    public List<ResourceState> states() {
        return states;
    }

    /** The gaps. */
    public List<CollectionGap> gaps() {
        return gaps;
    }

    /**
     * Platforms the evidence itself shows it came from (e.g. ECS task JSON says {@code aws-ecs}), in the order
     * the evidence first showed them; the first is the one an analysis without a stated platform assumes.
     */
    public Set<Platform> platforms() {
        return platforms;
    }

    /** How many log lines were left out to stay within the configured limit. */
    public long droppedLogLines() {
        return droppedLogLines;
    }

    /** True when there is no evidence and no gap. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }

    /** Items other than gaps. */
    public int observationCount() {
        return items.size() - gaps.size();
    }

    /** Merges this bundle with another, this one's items first. */
    public EvidenceBundle merge(EvidenceBundle other) {
        Builder b = toBuilder().addAll(other.items);
        b.platforms.addAll(other.platforms);
        b.droppedLogLines += other.droppedLogLines;
        return b.build();
    }

    @Override
    public String toString() {
        return "EvidenceBundle[logs=" + logs.size() + ", events=" + events.size() + ", metrics=" + metrics.size()
                + ", states=" + states.size() + ", gaps=" + gaps.size() + ", platforms=" + platforms + "]";
    }

    /** Accumulates evidence; not thread-safe. */
    public static final class Builder {
        private final List<Evidence> items = new ArrayList<>();
        private final Set<Platform> platforms = new LinkedHashSet<>();
        private long droppedLogLines;

        private Builder() {
        }

        /** Adds one item. */
        public Builder add(Evidence item) {
            items.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /** Adds several items. */
        public Builder addAll(Collection<? extends Evidence> more) {
            more.forEach(this::add);
            return this;
        }

        /** Records that the evidence shows this platform. */
        public Builder platform(Platform platform) {
            platforms.add(Objects.requireNonNull(platform, "platform"));
            return this;
        }

        /** Records log lines left out to stay within limits. */
        public Builder droppedLogLines(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
            droppedLogLines += count;
            return this;
        }

        /** Items added so far. */
        public int size() {
            return items.size();
        }

        /** Builds the immutable bundle. */
        public EvidenceBundle build() {
            return new EvidenceBundle(this);
        }
    }
}
