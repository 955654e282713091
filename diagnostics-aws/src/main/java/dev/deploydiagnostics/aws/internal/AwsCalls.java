package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs the AWS calls of one collection: bounds each by the time left before the deadline and turns every
 * failure into a {@link CollectionGap} naming the IAM action, so a collection never throws.
 */
public final class AwsCalls {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCalls.class);

    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedException", "AuthorizationError", "AuthorizationErrorException");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
            "SlowDown");
    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "ClusterNotFoundException",
            "ServiceNotFoundException", "TargetGroupNotFound", "TargetGroupNotFoundException", "NotFoundException",
            "NotFound");
    private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException",
            "IncompleteSignature", "MissingAuthenticationToken");

    private final String providerId;
    private final CollectionContext context;
    private final EvidenceBundle.Builder out;
    private final int maxAttempts;
    private final Set<String> reported = new HashSet<>();
    private int calls;

    /** Calls for one collection by {@code providerId}, adding gaps to {@code out}. */
    public AwsCalls(String providerId, CollectionContext context, EvidenceBundle.Builder out, int maxAttempts) {
        this.providerId = providerId;
        this.context = context;
        this.out = out;
        this.maxAttempts = maxAttempts;
    }

    /** The id of the provider collecting. */
    public String providerId() {
        return providerId;
    }

    /** The collection's context. */
    public CollectionContext context() {
        return context;
    }

    /** The bundle being filled. */
    public EvidenceBundle.Builder out() {
        return out;
    }

    /** How many calls were made. */
    public int calls() {
        return calls;
    }

    /** True once the deadline has passed; a TIMEOUT gap is recorded for {@code what} if so. */
    public boolean expired(String what) {
        if (context.isExpired()) {
            addGap(CollectionGap.of(providerId, what, "the deadline passed before the call could be made",
                    CollectionGap.Kind.TIMEOUT));
            return true;
        }
        return false;
    }

    /**
     * Makes one call, bounded by the time left, returning its result, or empty after recording a gap.
     *
     * @param action the IAM action the call needs, e.g. {@code logs:FilterLogEvents}
     * @param what   what the call collects, for the gap, e.g. {@code log events of /aws/lambda/api}
     * @param call   the call, given the per-request configuration to pass on
     */
    public <T> Optional<T> call(String action, String what, Function<AwsRequestOverrideConfiguration, T> call) {
        Attempt<T> a = attempt(action, what, call);
        a.gap().ifPresent(this::addGap);
        return a.result();
    }

    /** The result of a call, or the gap it would leave; lets a caller try another call before reporting. */
    public record Attempt<T>(Optional<T> result, Optional<CollectionGap> gap) {
    }

    /** Makes one call like {@link #call} but hands back the gap instead of recording it. */
    public <T> Attempt<T> attempt(String action, String what, Function<AwsRequestOverrideConfiguration, T> call) {
        if (context.isExpired()) {
            return new Attempt<>(Optional.empty(), Optional.of(CollectionGap.of(providerId, what,
                    "the deadline passed before the call could be made", CollectionGap.Kind.TIMEOUT)));
        }
        long started = System.nanoTime();
        calls++;
        try {
            // within the action's quota, shared with every other collection of the engine; the time left is
            // read after any wait for the quota
            T result = context.callApi(action, () -> call.apply(AwsRequestOverrideConfiguration.builder()
                    .apiCallTimeout(context.remaining())
                    .build()));
            LOG.debug("{} {} took {} ms", providerId, action, (System.nanoTime() - started) / 1_000_000);
            return new Attempt<>(Optional.ofNullable(result), Optional.empty());
        } catch (RuntimeException e) {
            LOG.debug("{} {} failed after {} ms: {}", providerId, action, (System.nanoTime() - started) / 1_000_000,
                    e.getClass().getSimpleName());
            return new Attempt<>(Optional.empty(), Optional.of(gapFor(action, what, e)));
        }
    }

    /** Records a gap once; the same gap from a repeated call is kept once. */
    public void addGap(CollectionGap gap) {
        String key = gap.what() + "|" + gap.kind() + "|" + gap.permission().orElse("");
        if (reported.add(key)) {
            out.add(gap);
        }
    }

    /** The gap a failed call leaves. */
    CollectionGap gapFor(String action, String what, RuntimeException e) {
        if (e instanceof ApiQuotaExceededException) {
            return CollectionGap.of(providerId, what, firstLine(e.getMessage()), CollectionGap.Kind.THROTTLED);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return CollectionGap.of(providerId, what, action + " did not finish before the deadline",
                    CollectionGap.Kind.TIMEOUT);
        }
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String message = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorMessage();
            String said = "AWS answered " + (code == null ? "HTTP " + ase.statusCode() : code)
                    + (message == null || message.isBlank() ? "" : ": " + message);
            if (code != null && BAD_CREDENTIALS.contains(code)) {
                return CollectionGap.of(providerId, what, said + "; check the AWS credentials", CollectionGap.Kind.ERROR);
            }
            if ((code != null && ACCESS_DENIED.contains(code)) || ase.statusCode() == 403
                    || (message != null && message.toLowerCase(Locale.ROOT).contains("is not authorized to perform"))) {
                return CollectionGap.permissionDenied(providerId, what, said, action);
            }
            if (ase.isThrottlingException() || (code != null && THROTTLED.contains(code))) {
                return CollectionGap.of(providerId, what, said + " and kept throttling " + action + " after "
                        + maxAttempts + " attempts", CollectionGap.Kind.THROTTLED);
            }
            if ((code != null && NOT_FOUND.contains(code)) || ase.statusCode() == 404) {
                return CollectionGap.of(providerId, what, said, CollectionGap.Kind.NOT_FOUND);
            }
            return CollectionGap.of(providerId, what, said + " (HTTP " + ase.statusCode() + ")", CollectionGap.Kind.ERROR);
        }
        if (e instanceof SdkClientException) {
            return CollectionGap.of(providerId, what, action + " failed: " + firstLine(e.getMessage()),
                    CollectionGap.Kind.ERROR);
        }
        return CollectionGap.of(providerId, what, action + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), CollectionGap.Kind.ERROR);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
