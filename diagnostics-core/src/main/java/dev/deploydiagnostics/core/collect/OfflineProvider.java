package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Stable;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the offline evidence a request carries (files, directories, pasted text, standard input), choosing
 * each format from the content. This is the provider the CLI's main job and every credential-free analysis
 * use.
 *
 * <p>Settings (under {@code providers.settings.offline}): {@code zone}, the zone of timestamps written
 * without an offset (default UTC); {@code maxLineLength}, the longest line kept whole (default 16384).
 */
@Stable
public final class OfflineProvider implements DiagnosticProvider {
    /** The provider's id. */
    public static final String ID = "offline";

    private final EvidenceReaders readers;

    /** Creates the provider with the standard readers. */
    public OfflineProvider() {
        this(EvidenceReaders.defaults());
    }

    /** Creates the provider with given readers. */
    public OfflineProvider(EvidenceReaders readers) {
        this.readers = readers;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return !request.inputs().isEmpty();
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        ReadOptions options = options(context);
        EvidenceBundle merged = EvidenceBundle.empty();
        for (EvidenceInput input : request.inputs()) {
            if (context.isExpired()) {
                merged = merged.merge(EvidenceBundle.of(java.util.List.of(CollectionGap.of(ID, "input " + input.name(),
                        "the analysis deadline passed before it was read", CollectionGap.Kind.TIMEOUT))));
                continue;
            }
            merged = merged.merge(readers.read(input, options));
        }
        return merged;
    }

    private static ReadOptions options(CollectionContext context) {
        ReadOptions o = ReadOptions.DEFAULTS.withLogLineLimit(context.logLineLimit());
        String zone = context.settings().get("zone");
        if (zone != null) {
            try {
                o = o.withZone(ZoneId.of(zone));
            } catch (RuntimeException e) {
                o = o.withZone(ZoneOffset.UTC);
            }
        }
        String max = context.settings().get("maxLineLength");
        if (max != null) {
            try {
                o = o.withMaxLineLength(Math.max(80, Integer.parseInt(max.trim())));
            } catch (NumberFormatException e) {
                // keep the default; a bad value must not lose the report
            }
        }
        return o;
    }
}
