package dev.deploydiagnostics.gcp;

import com.google.auth.oauth2.GoogleCredentials;
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
import java.util.function.Function;

/**
 * What the Google Cloud providers share: credentials, client settings, the environment a project id may come
 * from, and a collection that never throws: a failure part way keeps what was collected and adds a gap.
 */
abstract class GcpProviderBase implements DiagnosticProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GcpProviderBase.class);

    /** Credentials given at construction; the engine's registered ones win. */
    final Optional<GoogleCredentials> credentials;
    /** Endpoints and transport of the clients. */
    final GcpClientSettings settings;
    /** Where {@code GOOGLE_CLOUD_PROJECT} and the like are read from. */
    final Function<String, String> environment;
    private final String id;
    private final Platform platform;
    private final String evidence;

    /**
     * @param evidence what this provider collects, for the gap a failure leaves, e.g. {@code Cloud Run evidence}
     */
    GcpProviderBase(String id, Platform platform, String evidence, Optional<GoogleCredentials> credentials,
                    GcpClientSettings settings, Function<String, String> environment) {
        this.id = id;
        this.platform = platform;
        this.evidence = evidence;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.environment = Objects.requireNonNull(environment, "environment");
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
