package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs API calls for one collection and turns every failure into a {@link CollectionGap}, so the collection
 * goes on with what it has.
 */
public final class Calls {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private final String provider;
    private final EvidenceBundle.Builder out;
    private final CollectionContext context;
    private final long pageSize;

    /** Calls whose gaps go to {@code out}. */
    public Calls(String provider, EvidenceBundle.Builder out, CollectionContext context, long pageSize) {
        this.provider = provider;
        this.out = out;
        this.context = context;
        this.pageSize = pageSize;
    }

    /** The collection context. */
    public CollectionContext context() {
        return context;
    }

    /** Adds a gap. */
    public void gap(CollectionGap gap) {
        out.add(gap);
    }

    /** The provider id gaps carry. */
    public String provider() {
        return provider;
    }

    /**
     * Runs one call; on failure adds a gap saying what is missing and returns empty.
     *
     * @param what   what the call collects, for the gap ({@code events in namespace prod})
     * @param access the permission the call needs
     */
    public <T> Optional<T> call(String what, Access access, Supplier<T> call) {
        Outcome<T> outcome = attempt(what, access, call);
        outcome.gap().ifPresent(out::add);
        return outcome.value();
    }

    /** Like {@link #call} but leaves the failure to the caller instead of adding a gap. */
    public <T> Outcome<T> attempt(String what, Access access, Supplier<T> call) {
        long started = System.nanoTime();
        try {
            T value = call.get();
            LOG.debug("{} took {} ms", access.describe(), (System.nanoTime() - started) / 1_000_000);
            return new Outcome<>(Optional.ofNullable(value), Optional.empty());
        } catch (RuntimeException e) {
            LOG.debug("{} failed after {} ms: {}", access.describe(), (System.nanoTime() - started) / 1_000_000,
                    e.toString());
            return new Outcome<>(Optional.empty(), Optional.of(gapFor(what, access, e)));
        }
    }

    /**
     * Lists every item, page by page, so one call never holds a huge namespace in one response.
     *
     * @param page fetches one page for the given list options
     */
    public <T extends HasMetadata, L extends KubernetesResourceList<T>> Optional<List<T>> listAll(String what, Access access,
                                                                             Function<ListOptions, L> page) {
        return call(what, access, () -> {
            List<T> items = new ArrayList<>();
            String token = null;
            do {
                ListOptions options = new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build();
                L list = page.apply(options);
                if (list == null) {
                    break;
                }
                items.addAll(list.getItems());
                token = list.getMetadata() == null ? null : list.getMetadata().getContinue();
                if (token != null && token.isEmpty()) {
                    token = null;
                }
                if (token != null && context.isExpired()) {
                    throw new KubernetesClientException("the collection deadline passed after " + items.size()
                            + " items", new TimeoutException("deadline"));
                }
            } while (token != null);
            return items;
        });
    }

    /** The gap for a failed call. */
    public CollectionGap gapFor(String what, Access access, RuntimeException e) {
        int code = e instanceof KubernetesClientException k ? k.getCode() : 0;
        String detail = serverMessage(e);
        if (code == 403) {
            return CollectionGap.permissionDenied(provider, what, "the API server answered 403 Forbidden" + detail,
                    access.describe());
        }
        if (code == 401) {
            return new CollectionGap(provider, what, "the API server answered 401 Unauthorized: the credentials"
                    + " were rejected or have expired", CollectionGap.Kind.PERMISSION_DENIED,
                    Optional.of("valid credentials for the API server"));
        }
        if (code == 404) {
            return CollectionGap.of(provider, what, "the API server does not serve " + access.resource() + " ("
                    + access.groupVersion() + ")", CollectionGap.Kind.UNSUPPORTED);
        }
        if (code == 429) {
            return CollectionGap.of(provider, what, "the API server answered 429 Too Many Requests" + detail,
                    CollectionGap.Kind.THROTTLED);
        }
        if (isTimeout(e)) {
            return CollectionGap.of(provider, what, "the call did not finish in time", CollectionGap.Kind.TIMEOUT);
        }
        String reason = code > 0 ? "the API server answered HTTP " + code + detail
                : "the call failed: " + rootMessage(e);
        return CollectionGap.of(provider, what, reason, CollectionGap.Kind.ERROR);
    }

    private static String serverMessage(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                && !k.getStatus().getMessage().isBlank()) {
            return ": " + k.getStatus().getMessage();
        }
        return "";
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /**
     * The result of one attempted call: a value, or the gap describing why there is none.
     *
     * @param value the value, empty on failure or when the server returned nothing
     * @param gap   the gap, when the call failed
     */
    public record Outcome<T>(Optional<T> value, Optional<CollectionGap> gap) {
    }
}
