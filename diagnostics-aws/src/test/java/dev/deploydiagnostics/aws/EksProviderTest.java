package dev.deploydiagnostics.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.aws.internal.EksToken;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;

class EksProviderTest {

    static DiagnosticRequest request() {
        return DiagnosticRequest.builder().platform(Platform.AWS_EKS).cluster("prod-eks").namespace("shop")
                .service("checkout").region("us-east-1").window(AwsTestServer.WINDOW_START, AwsTestServer.NOW).build();
    }

    /** A Kubernetes provider that records the request it was handed and answers with one event. */
    static final class RecordingKubernetesProvider implements DiagnosticProvider {
        final List<DiagnosticRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "kubernetes";
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return request.attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER).isPresent();
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            requests.add(request);
            return EvidenceBundle.builder().platform(Platform.KUBERNETES)
                    .add(Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container app",
                            "Pod/checkout-7d9", AwsTestServer.NOW))
                    .build();
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void makesTokenFromPresignedGetCallerIdentityUrlSigningTheClusterHeader() {
        Clock clock = Clock.fixed(AwsTestServer.NOW, ZoneOffset.UTC);
        String token = EksToken.create("prod-eks", Region.EU_WEST_1,
                AwsBasicCredentials.create(AwsTestServer.ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), clock);

        assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=").doesNotContain("+").doesNotContain("/");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())),
                StandardCharsets.UTF_8));
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(url.getPath()).isEqualTo("/");
        Map<String, String> q = query(url);
        assertThat(q).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256").containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-Date", "20261125T133000Z")
                .containsEntry("X-Amz-Credential", AwsTestServer.ACCESS_KEY + "/20261125/eu-west-1/sts/aws4_request");
        assertThat(q.get("X-Amz-SignedHeaders").split(";")).contains("host", "x-k8s-aws-id");
        assertThat(q.get("X-Amz-Signature")).matches("[0-9a-f]{64}");

        // deterministic for the same clock and credentials, and bound to the cluster
        assertThat(EksToken.create("prod-eks", Region.EU_WEST_1,
                AwsBasicCredentials.create(AwsTestServer.ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), clock))
                .isEqualTo(token);
        assertThat(EksToken.create("other", Region.EU_WEST_1,
                AwsBasicCredentials.create(AwsTestServer.ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), clock))
                .isNotEqualTo(token);
    }

    @Test
    void reportsUnsupportedGapWhenNoKubernetesProviderIsAvailable() throws Exception {
        try (AwsTestServer server = AwsTestServer.start("eks-nodegroup-degraded");
             EksProvider provider = new EksProvider(server.options())) {
            EvidenceBundle b = provider.collect(request(), AwsTestServer.context());

            assertThat(server.unmatched()).isEmpty();
            assertThat(b.gaps()).singleElement().satisfies(g -> {
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
                assertThat(g.provider()).isEqualTo("aws-eks");
                assertThat(g.reason()).contains("no provider with id 'kubernetes'").contains("diagnostics-k8s")
                        .contains("providers.enabled");
            });
            // the AWS side is still collected
            ResourceState nodegroup = b.states().stream().filter(s -> s.kind().equals("nodegroup")).findFirst()
                    .orElseThrow();
            assertThat(nodegroup.name()).isEqualTo("general");
            assertThat(nodegroup.status()).isEqualTo("DEGRADED");
            assertThat(nodegroup.attributes()).containsEntry("issue.code", "AsgInstanceLaunchFailures,NodeCreationFailure")
                    .containsEntry("scaling.desired", "4").containsEntry("instanceTypes", "m6i.large");
            assertThat(nodegroup.message()).get().asString()
                    .startsWith("AsgInstanceLaunchFailures: Could not launch On-Demand Instances. VcpuLimitExceeded")
                    .contains("NodeCreationFailure: Instances failed to join the kubernetes cluster");
            ResourceState cluster = b.states().stream().filter(s -> s.kind().equals("cluster")).findFirst().orElseThrow();
            assertThat(cluster.status()).isEqualTo("ACTIVE");
            assertThat(cluster.attributes()).containsEntry("version", "1.31").doesNotContainKey("issue.code");
            assertThat(b.platforms()).containsExactly(Platform.AWS_EKS);

            assertThat(server.keys()).containsExactly("eks.DescribeCluster", "eks.ListNodegroups", "eks.DescribeNodegroup");
            assertThat(server.calls("eks.DescribeCluster").get(0).path()).isEqualTo("/clusters/prod-eks");
            assertThat(server.calls("eks.DescribeNodegroup").get(0).path()).isEqualTo("/clusters/prod-eks/node-groups/general");
        }
    }

    @Test
    void handsTheWorkloadToTheKubernetesProviderWithEndpointCaAndToken() throws Exception {
        RecordingKubernetesProvider k8s = new RecordingKubernetesProvider();
        try (AwsTestServer server = AwsTestServer.start("eks-nodegroup-degraded");
             EksProvider provider = new EksProvider(server.options())) {
            EvidenceBundle b = provider.collect(request(), AwsTestServer.context().withDelegate(k8s));

            assertThat(b.gaps()).isEmpty();
            assertThat(k8s.requests).singleElement().satisfies(r -> {
                assertHandedOverWorkload(r);
                URI url = URI.create(new String(Base64.getUrlDecoder().decode(
                        r.attribute("kube.token").orElseThrow().substring(11)), StandardCharsets.UTF_8));
                assertThat(query(url)).containsEntry("X-Amz-Credential",
                        AwsTestServer.ACCESS_KEY + "/20261125/us-east-1/sts/aws4_request");
                // the token is a credential: it must not show in the report's target
                assertThat(r.describeTarget()).doesNotContainKey("kube.token");
            });
            assertThat(b.events()).extracting(Event::reason).containsExactly("BackOff");
            assertThat(b.platforms()).contains(Platform.AWS_EKS, Platform.KUBERNETES);
        }
    }

    /** The derived request carries the cluster's endpoint, CA and a token, and the workload it was asked about. */
    static void assertHandedOverWorkload(DiagnosticRequest r) {
        assertThat(r.attribute("kube.apiServer"))
                .contains("https://9F2A7C1D3E5B4F6A8C0D2E4F6A8B0C1D.gr7.us-east-1.eks.amazonaws.com");
        assertThat(r.attribute("kube.caData")).get().asString().startsWith("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t");
        assertThat(r.attribute("kube.token")).get().asString().startsWith("k8s-aws-v1.");
        assertThat(r.namespace()).contains("shop");
        assertThat(r.service()).contains("checkout");
    }

    @Test
    void isFoundByServiceLoaderWithTheOtherAwsProviders() {
        List<String> ids = java.util.ServiceLoader.load(DiagnosticProvider.class).stream()
                .map(p -> p.get().id()).toList();
        assertThat(ids).contains("aws-ecs", "aws-lambda", "aws-eks");
    }
}
