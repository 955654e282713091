package dev.deploydiagnostics.azure;

import com.azure.core.credential.TokenCredential;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * What the Azure providers share: a credential, client settings, and a collection that never throws: a failure
 * part way keeps what was collected and adds a gap.
 */
abstract class AzureProviderBase implements DiagnosticProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AzureProviderBase.class);

    /** The credential given at construction; the engine's registered one wins. */
    final Optional<TokenCredential> credential;
    /** Endpoints, cloud and HTTP client. */
    final AzureClientSettings settings;
    private final String id;
    private final Platform platform;
    private final String evidence;

    /**
     * @param evidence what this provider collects, for the gap a failure leaves, e.g. {@code Cloud Run evidence}
     */
    AzureProviderBase(String id, Platform platform, String evidence, Optional<TokenCredential> credential,
                      AzureClientSettings settings) {
        this.id = id;
        this.platform = platform;
        this.evidence = evidence;
        this.credential = Objects.requireNonNull(credential, "credential");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public final String id() {
        return id;
    }

    /** Collects into {@code out}; a failure of one call is a gap already. */
    abstract void collectInto(DiagnosticRequest request, CollectionContext context, EvidenceBundle.Builder out);

    @Override
    public final EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        EvidenceBundle.Builder out = EvidenceBundle.builder().platform(platform);
        try {
            collectInto(request, context, out);
        } catch (RuntimeException e) {
            LOG.debug("{}: collection failed", id, e);
            out.add(CollectionGap.of(id, evidence, "collection failed: " + e, CollectionGap.Kind.ERROR));
        }
        return out.build();
    }
}
