package dev.deploydiagnostics.gcp.internal;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.api.gax.rpc.UnauthenticatedException;
import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Google API call within the collection deadline and turns its failure into a {@link CollectionGap}.
 */
public final class GcpCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GcpCalls.class);

    private GcpCalls() {
    }

    /** Thrown by {@link #call} with the gap that describes why the call failed. */
    public static final class GapException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CollectionGap gap;

        GapException(CollectionGap gap) {
            super(gap.text(), null, false, false);
            this.gap = gap;
        }

        /** The gap to report. */
        public CollectionGap gap() {
            return gap;
        }
    }

    /**
     * Calls {@code callable} and waits no longer than the time left before the deadline; the future is
     * cancelled when the deadline passes, so a slow API costs only its own part of the evidence.
     *
     * @param what       what the call collects, for the gap
     * @param permission the IAM permission the call needs
     */
    public static <Q, R> R call(UnaryCallable<Q, R> callable, Q request, CollectionContext context, String provider,
                                String what, String permission) throws GapException {
        if (context.isExpired()) {
            throw new GapException(CollectionGap.of(provider, what, "the deadline passed before the call was made",
                    CollectionGap.Kind.TIMEOUT));
        }
        long started = System.nanoTime();
        ApiFuture<R> future;
        try {
            // within the quota of the permission's API, shared with every other collection of the engine
            future = context.callApi(permission, () -> callable.futureCall(request));
        } catch (ApiQuotaExceededException e) {
            throw new GapException(CollectionGap.of(provider, what, e.getMessage(), CollectionGap.Kind.THROTTLED));
        }
        try {
            long millis = Math.max(1, context.remaining().toMillis());
            R result = future.get(millis, TimeUnit.MILLISECONDS);
            LOG.debug("{}: collected {} in {} ms", provider, what, (System.nanoTime() - started) / 1_000_000);
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new GapException(CollectionGap.of(provider, what, "the call did not answer before the deadline",
                    CollectionGap.Kind.TIMEOUT));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new GapException(CollectionGap.of(provider, what, "the analysis was cancelled",
                    CollectionGap.Kind.TIMEOUT));
        } catch (ExecutionException e) {
            LOG.debug("{}: {} failed", provider, what, e.getCause());
            throw new GapException(gapFor(e.getCause(), provider, what, permission));
        } catch (RuntimeException e) {
            LOG.debug("{}: {} failed", provider, what, e);
            throw new GapException(gapFor(e, provider, what, permission));
        }
    }

    /** The gap for a failed call; permission failures name the IAM permission to grant. */
    public static CollectionGap gapFor(Throwable failure, String provider, String what, String permission) {
        String detail = describe(failure);
        if (failure instanceof PermissionDeniedException) {
            return CollectionGap.permissionDenied(provider, what, "the API answered PERMISSION_DENIED: " + detail,
                    permission);
        }
        if (failure instanceof UnauthenticatedException) {
            return CollectionGap.of(provider, what, "the credentials were not accepted (UNAUTHENTICATED): " + detail
                    + "; run 'gcloud auth application-default login' or set GOOGLE_APPLICATION_CREDENTIALS",
                    CollectionGap.Kind.PERMISSION_DENIED);
        }
        if (failure instanceof NotFoundException) {
            return CollectionGap.of(provider, what, "the API answered NOT_FOUND: " + detail,
                    CollectionGap.Kind.NOT_FOUND);
        }
        if (failure instanceof ResourceExhaustedException) {
            return CollectionGap.of(provider, what, "the API answered RESOURCE_EXHAUSTED: " + detail,
                    CollectionGap.Kind.THROTTLED);
        }
        if (failure instanceof DeadlineExceededException) {
            return CollectionGap.of(provider, what, "the call ran past its deadline: " + detail,
                    CollectionGap.Kind.TIMEOUT);
        }
        return CollectionGap.of(provider, what, "the call failed: " + detail, CollectionGap.Kind.ERROR);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ApiException api) {
            String message = api.getMessage() == null ? "" : api.getMessage();
            return message.isBlank() ? api.getStatusCode().getCode().name() : message;
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
