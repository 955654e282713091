package dev.deploydiagnostics.gcp.internal;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.UnaryCallable;
import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpCallsTest {

    /** A callable answering at once, counting the calls it was asked to start. */
    private static final class Echo extends UnaryCallable<String, String> {
        int started;

        @Override
        public ApiFuture<String> futureCall(String request, ApiCallContext context) {
            started++;
            return ApiFutures.immediateFuture("echo " + request);
        }
    }

    /** A context whose quota lets the first call through and refuses the rest, as an engine's would. */
    private static CollectionContext oneCallQuota(List<String> asked) {
        Instant deadline = Instant.now().plusSeconds(10);
        return new CollectionContext() {
            @Override
            public Instant deadline() {
                return deadline;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public int logLineLimit() {
                return 50;
            }

            @Override
            public Duration eventLookback() {
                return Duration.ofHours(1);
            }

            @Override
            public Map<String, String> settings() {
                return Map.of();
            }

            @Override
            public <T> T callApi(String api, Supplier<T> call) {
                asked.add(api);
                if (asked.size() > 1) {
                    throw new ApiQuotaExceededException(api, "the quota of " + api
                            + " (60 calls per 1m) had no room before the deadline; the call was not made");
                }
                return call.get();
            }
        };
    }

    @Test
    void startsEachCallWithinThePermissionsQuotaAndReportsARefusalAsThrottled() throws Exception {
        List<String> asked = new ArrayList<>();
        CollectionContext context = oneCallQuota(asked);
        Echo echo = new Echo();

        assertThat(GcpCalls.call(echo, "a", context, "gcp-cloud-run", "log entries of api", "logging.logEntries.list"))
                .isEqualTo("echo a");
        assertThatThrownBy(() -> GcpCalls.call(echo, "b", context, "gcp-cloud-run", "log entries of api",
                "logging.logEntries.list"))
                .isInstanceOfSatisfying(GcpCalls.GapException.class, e -> {
                    assertThat(e.gap().kind()).isEqualTo(CollectionGap.Kind.THROTTLED);
                    assertThat(e.gap().reason()).contains("logging.logEntries.list").contains("not made");
                });
        assertThat(asked).containsExactly("logging.logEntries.list", "logging.logEntries.list");
        assertThat(echo.started).as("a refused call is never started").isEqualTo(1);
    }
}
