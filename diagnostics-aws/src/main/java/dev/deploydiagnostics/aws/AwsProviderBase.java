package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.aws.internal.AwsCalls;
import dev.deploydiagnostics.aws.internal.AwsSession;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What the AWS providers share: options, one HTTP client for all their SDK clients, and a collection that
 * never throws.
 */
abstract class AwsProviderBase implements DiagnosticProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AwsProviderBase.class);

    private final AwsClientOptions options;
    private SdkHttpClient ownHttpClient;

    private final String id;
    private final Platform platform;

    AwsProviderBase(String id, Platform platform, AwsClientOptions options) {
        this.id = id;
        this.platform = platform;
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public final String id() {
        return id;
    }

    /** The options given at construction. */
    public AwsClientOptions options() {
        return options;
    }

    /** Collects with an open session; failures of single calls are gaps already. */
    abstract void collectWith(AwsSession session, DiagnosticRequest request);

    @Override
    public final EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        long started = System.nanoTime();
        AwsSession session = null;
        AwsCalls calls = null;
        try {
            out.platform(platform);
            AwsClientOptions effective = options.withSettings(context.settings());
            calls = new AwsCalls(id(), context, out, effective.maxAttempts());
            Optional<AwsSession> opened = AwsSession.open(effective, request, context, httpClient(), calls);
            if (opened.isPresent()) {
                session = opened.get();
                if (session.credentialsAvailable()) {
                    collectWith(session, request);
                }
            }
        } catch (RuntimeException e) {
            // a bug or an SDK surprise costs this provider's evidence, never the analysis
            LOG.debug("{} collection failed", id(), e);
            out.add(CollectionGap.of(id(), "the rest of the " + id() + " evidence",
                    "collection stopped on " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    CollectionGap.Kind.ERROR));
        } finally {
            if (session != null) {
                context.statistic("aws.retries", Integer.toString(session.retries()));
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing AWS clients failed", e);
                }
            }
            if (calls != null) {
                context.statistic("aws.calls", Integer.toString(calls.calls()));
            }
            LOG.debug("{} collected in {} ms", id(), (System.nanoTime() - started) / 1_000_000);
        }
        return out.build();
    }

    private synchronized SdkHttpClient httpClient() {
        if (options.httpClient().isPresent()) {
            return options.httpClient().get();
        }
        if (ownHttpClient == null) {
            ownHttpClient = UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build();
        }
        return ownHttpClient;
    }

    @Override
    public synchronized void close() {
        if (ownHttpClient != null) {
            ownHttpClient.close();
            ownHttpClient = null;
        }
    }
}
