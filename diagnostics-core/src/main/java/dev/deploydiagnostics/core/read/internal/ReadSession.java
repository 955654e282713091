package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.read.ReadOptions;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one read accumulates: the evidence in order of appearance, the platforms it shows, the gaps, and how
 * many log lines each source has kept so far; not thread-safe, one per read.
 */
public final class ReadSession {
    /** The provider id gaps from offline reading carry. */
    public static final String PROVIDER = "offline";

    private final ReadOptions options;
    private final Clock clock;
    private final EvidenceBundle.Builder builder = EvidenceBundle.builder();
    private final Map<String, Integer> keptPerSource = new HashMap<>();

    /** A session with these options, reading "now" from the system clock (for year-less timestamps). */
    public ReadSession(ReadOptions options) {
        this(options, Clock.systemUTC());
    }

    /** A session with these options and clock. */
    public ReadSession(ReadOptions options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The options of this read. */
    public ReadOptions options() {
        return options;
    }

    /** The clock for inferring the year of year-less timestamps. */
    public Clock clock() {
        return clock;
    }

    /** Adds one item. */
    public void add(Evidence item) {
        builder.add(item);
    }

    /** Records that the evidence shows this platform. */
    public void platform(Platform platform) {
        builder.platform(platform);
    }

    /** Records a gap about an input. */
    public void gap(String inputName, String reason, CollectionGap.Kind kind) {
        builder.add(CollectionGap.of(PROVIDER, "evidence from " + inputName, reason, kind));
    }

    /** Records log lines left out. */
    public void dropped(long count) {
        if (count > 0) {
            builder.droppedLogLines(count);
        }
    }

    /** Starts collecting log lines for a source; the budget is shared by every collector of that source. */
    public LogCollector logs(String source) {
        return new LogCollector(this, source);
    }

    int remainingBudget(String source) {
        return Math.max(0, options.logLineLimit() - keptPerSource.getOrDefault(source, 0));
    }

    void kept(String source, int count) {
        keptPerSource.merge(source, count, Integer::sum);
    }

    /** Items added so far. */
    public int size() {
        return builder.size();
    }

    /** Builds the bundle. */
    public EvidenceBundle build() {
        return builder.build();
    }
}
