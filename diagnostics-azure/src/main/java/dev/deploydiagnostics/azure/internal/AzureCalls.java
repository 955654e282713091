package dev.deploydiagnostics.azure.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Runs one Azure call within the collection deadline and turns its failure into a {@link CollectionGap}. */
public final class AzureCalls {
    private static final Logger LOG = LoggerFactory.getLogger(AzureCalls.class);

    private AzureCalls() {
    }

    /** Thrown by {@link #call} with the gap that describes why the call failed. */
    public static final class GapException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CollectionGap gap;

        /** An exception carrying this gap. */
        public GapException(CollectionGap gap) {
            super(gap.text(), null, false, false);
            this.gap = gap;
        }

        /** The gap to report. */
        public CollectionGap gap() {
            return gap;
        }
    }

    /**
     * Subscribes to {@code call} and waits no longer than the time left; on the deadline the subscription is
     * cancelled, which cancels the HTTP call.
     *
     * @param what       what the call collects, for the gap
     * @param permission the Azure RBAC action the call needs
     */
    public static <T> T call(Mono<T> call, CollectionContext context, String provider, String what,
                             String permission) throws GapException {
        if (context.isExpired()) {
            throw new GapException(CollectionGap.of(provider, what, "the deadline passed before the call was made",
                    CollectionGap.Kind.TIMEOUT));
        }
        long started = System.nanoTime();
        try {
            T value = call.block(context.remaining());
            LOG.debug("{}: collected {} in {} ms", provider, what, (System.nanoTime() - started) / 1_000_000);
            if (value == null) {
                throw new GapException(CollectionGap.of(provider, what, "the call returned nothing",
                        CollectionGap.Kind.NOT_FOUND));
            }
            return value;
        } catch (RuntimeException e) {
            LOG.debug("{}: {} failed", provider, what, e);
            throw new GapException(gapFor(e, provider, what, permission));
        }
    }

    /** The gap for a failed call; a refused call names the RBAC action to grant. */
    public static CollectionGap gapFor(Throwable failure, String provider, String what, String permission) {
        Throwable f = failure;
        if (f instanceof IllegalStateException && f.getMessage() != null && f.getMessage().startsWith("Timeout")) {
            return CollectionGap.of(provider, what, "the call did not answer before the deadline",
                    CollectionGap.Kind.TIMEOUT);
        }
        if (f instanceof ClientAuthenticationException || hasCause(f, ClientAuthenticationException.class)) {
            return new CollectionGap(provider, what, "no Azure credentials could be used: " + rootMessage(f)
                    + "; run 'az login' or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET",
                    CollectionGap.Kind.PERMISSION_DENIED, Optional.empty());
        }
        if (f instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            String code = errorCode(http);
            String detail = "Azure answered " + status + (code.isEmpty() ? "" : " " + code) + ": " + errorMessage(http);
            if (status == 403 || code.equals("AuthorizationFailed") || code.equals("InsufficientAccessError")) {
                return CollectionGap.permissionDenied(provider, what, detail, permission);
            }
            if (status == 401) {
                return new CollectionGap(provider, what, detail, CollectionGap.Kind.PERMISSION_DENIED,
                        Optional.empty());
            }
            if (status == 404) {
                return CollectionGap.of(provider, what, detail, CollectionGap.Kind.NOT_FOUND);
            }
            if (status == 429) {
                return CollectionGap.of(provider, what, detail, CollectionGap.Kind.THROTTLED);
            }
            return CollectionGap.of(provider, what, detail, CollectionGap.Kind.ERROR);
        }
        return CollectionGap.of(provider, what, "the call failed: " + rootMessage(f), CollectionGap.Kind.ERROR);
    }

    private static String errorCode(HttpResponseException e) {
        if (e instanceof ManagementException me && me.getValue() != null && me.getValue().getCode() != null) {
            return me.getValue().getCode();
        }
        return "";
    }

    private static String errorMessage(HttpResponseException e) {
        if (e instanceof ManagementException me && me.getValue() != null && me.getValue().getMessage() != null) {
            return me.getValue().getMessage();
        }
        Object value = e.getValue();
        if (value != null && !value.toString().isBlank()) {
            return value.toString();
        }
        return e.getMessage() == null ? "" : e.getMessage();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + r.getMessage());
    }
}
