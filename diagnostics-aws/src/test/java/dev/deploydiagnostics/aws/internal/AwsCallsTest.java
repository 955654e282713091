package dev.deploydiagnostics.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCallsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T13:30:00Z");

    static CollectionContext context(Duration left) {
        return new CollectionContext() {
            @Override public Instant deadline() { return NOW.plus(left); }
            @Override public Clock clock() { return Clock.fixed(NOW, ZoneOffset.UTC); }
            @Override public int logLineLimit() { return 100; }
            @Override public Duration eventLookback() { return Duration.ofHours(1); }
            @Override public Map<String, String> settings() { return Map.of(); }
        };
    }

    static CollectionGap gapOf(RuntimeException e) {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        AwsCalls calls = new AwsCalls("aws-ecs", context(Duration.ofSeconds(10)), out, 4);
        Optional<String> result = calls.call("ecs:DescribeTasks", "tasks of api", o -> {
            throw e;
        });
        assertThat(result).isEmpty();
        return out.build().gaps().get(0);
    }

    static AwsServiceException serviceError(String code, int status, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }

    @ParameterizedTest
    @CsvSource({
            "AccessDenied, 403, PERMISSION_DENIED",
            "AccessDeniedException, 400, PERMISSION_DENIED",
            "UnauthorizedOperation, 403, PERMISSION_DENIED",
            "ThrottlingException, 400, THROTTLED",
            "Throttling, 400, THROTTLED",
            "RequestLimitExceeded, 503, THROTTLED",
            "TooManyRequestsException, 429, THROTTLED",
            "ClusterNotFoundException, 400, NOT_FOUND",
            "ResourceNotFoundException, 404, NOT_FOUND",
            "ServerException, 500, ERROR",
            "ExpiredTokenException, 400, ERROR"
    })
    void classifiesServiceErrors(String code, int status, CollectionGap.Kind kind) {
        CollectionGap gap = gapOf(serviceError(code, status, "detail from AWS"));
        assertThat(gap.kind()).isEqualTo(kind);
        assertThat(gap.reason()).contains(code);
        assertThat(gap.permission()).isEqualTo(kind == CollectionGap.Kind.PERMISSION_DENIED
                ? Optional.of("ecs:DescribeTasks") : Optional.empty());
    }

    @Test
    void treatsBare429AsThrottling() {
        AwsServiceException e = AwsServiceException.builder().statusCode(429).build();
        assertThat(gapOf(e).kind()).isEqualTo(CollectionGap.Kind.THROTTLED);
    }

    @Test
    void treatsNotAuthorizedMessagesAsPermissionDenied() {
        CollectionGap gap = gapOf(serviceError("ClientException", 400,
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:DescribeTasks"));
        assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
    }

    @Test
    void turnsCallTimeoutsIntoTimeoutGaps() {
        CollectionGap gap = gapOf(ApiCallTimeoutException.create(500));
        assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT);
        assertThat(gap.reason()).isEqualTo("ecs:DescribeTasks did not finish before the deadline");
    }

    @Test
    void keepsOnlyTheFirstLineOfClientErrors() {
        CollectionGap gap = gapOf(SdkClientException.create("Unable to execute HTTP request: Connection refused\n"
                + "at some.Stack.frame"));
        assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.ERROR);
        assertThat(gap.reason()).isEqualTo("ecs:DescribeTasks failed: Unable to execute HTTP request: Connection refused");
    }

    @Test
    void recordsARepeatedGapOnce() {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        AwsCalls calls = new AwsCalls("aws-ecs", context(Duration.ofSeconds(10)), out, 4);
        for (int i = 0; i < 3; i++) {
            calls.call("logs:GetLogEvents", "log stream x", o -> {
                throw serviceError("AccessDeniedException", 400, "no");
            });
        }
        assertThat(out.build().gaps()).hasSize(1);
        assertThat(calls.calls()).isEqualTo(3);
    }

    @Test
    void goesThroughTheActionsQuotaAndReportsARefusalAsThrottled() {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        java.util.List<String> asked = new java.util.ArrayList<>();
        CollectionContext quotas = new CollectionContext() {
            @Override public Instant deadline() { return NOW.plusSeconds(10); }
            @Override public Clock clock() { return Clock.fixed(NOW, ZoneOffset.UTC); }
            @Override public int logLineLimit() { return 100; }
            @Override public Duration eventLookback() { return Duration.ofHours(1); }
            @Override public Map<String, String> settings() { return Map.of(); }

            @Override
            public <T> T callApi(String api, java.util.function.Supplier<T> call) {
                asked.add(api);
                if (asked.size() > 1) {
                    throw new ApiQuotaExceededException(api, "the quota of " + api
                            + " (5 calls per 1s) had no room before the deadline; the call was not made");
                }
                return call.get();
            }
        };
        AwsCalls calls = new AwsCalls("aws-lambda", quotas, out, 4);
        assertThat(calls.call("logs:FilterLogEvents", "log events of /aws/lambda/api", o -> "page 1")).contains("page 1");
        assertThat(calls.call("logs:FilterLogEvents", "log events of /aws/lambda/api", o -> "page 2")).isEmpty();

        assertThat(asked).containsExactly("logs:FilterLogEvents", "logs:FilterLogEvents");
        assertThat(out.build().gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.THROTTLED);
            assertThat(g.reason()).contains("quota of logs:FilterLogEvents (5 calls per 1s)");
        });
    }

    @Test
    void makesNoCallPastTheDeadline() {
        EvidenceBundle.Builder out = EvidenceBundle.builder();
        AwsCalls calls = new AwsCalls("aws-ecs", context(Duration.ZERO), out, 4);
        Optional<String> r = calls.call("ecs:DescribeServices", "service api", o -> "called");
        assertThat(r).isEmpty();
        assertThat(calls.calls()).isZero();
        assertThat(out.build().gaps()).singleElement().satisfies(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT));
    }
}
