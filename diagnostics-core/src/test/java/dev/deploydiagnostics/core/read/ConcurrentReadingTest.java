package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentReadingTest {

    @Test
    void sharedReadersGiveTheSameEvidenceFromManyThreads() throws Exception {
        String paste = Fixtures.text("mixed/paste.md") + "\n" + Fixtures.text("describe-pod/describe.txt");
        List<String> expected = texts(Fixtures.readText(paste));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> texts(Fixtures.readText(paste))));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsKnativeServiceFromGcloudServicesDescribe() {
        String service = "{\"apiVersion\":\"serving.knative.dev/v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"checkout\","
                + "\"labels\":{\"cloud.googleapis.com/location\":\"us-central1\"}},\"spec\":{\"template\":{\"spec\":{"
                + "\"containers\":[{\"image\":\"gcr.io/acme/checkout:2.7.0\",\"resources\":{\"limits\":{\"memory\":\"256Mi\"}}}]}}},"
                + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"RevisionFailed\","
                + "\"message\":\"Revision 'checkout-00042-xoz' is not ready and cannot serve traffic.\"}],"
                + "\"latestCreatedRevisionName\":\"checkout-00042-xoz\",\"latestReadyRevisionName\":\"checkout-00041-abc\"}}";

        EvidenceBundle bundle = Fixtures.readText(service);

        var state = Fixtures.state(bundle, "service", "checkout");
        assertThat(state.reason()).contains("RevisionFailed");
        assertThat(state.attributes()).containsEntry("port", "8080").containsEntry("latestReadyRevision", "checkout-00041-abc")
                .containsEntry("region", "us-central1");
        assertThat(state.memoryLimitBytes()).contains(256L << 20);
    }

    private static List<String> texts(EvidenceBundle bundle) {
        return bundle.items().stream().map(Evidence::text).toList();
    }
}
