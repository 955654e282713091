package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticRequest.Attributes;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Platform;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesProviderTest {

    private static DiagnosticRequest.Builder k8s() {
        return DiagnosticRequest.builder().platform(Platform.KUBERNETES).namespace("prod");
    }

    @Test
    void isDiscoveredThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(DiagnosticProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(KubernetesProvider.class);
        assertThat(new KubernetesProvider().id()).isEqualTo("kubernetes");
    }

    @Test
    void supportsEveryKubernetesPlatformWhenATargetIsNamed() {
        KubernetesProvider provider = new KubernetesProvider();
        assertThat(provider.supports(k8s().platform(Platform.KUBERNETES).service("api").build())).isTrue();
        for (Platform p : new Platform[] {Platform.AWS_EKS, Platform.GCP_GKE, Platform.AZURE_AKS}) {
            assertThat(provider.supports(k8s().platform(p).service("api")
                    .attribute(Attributes.KUBE_API_SERVER, "https://10.0.0.1").build())).as(p.id()).isTrue();
        }
        assertThat(provider.supports(k8s().attribute(Attributes.POD, "api-0").build())).isTrue();
        assertThat(provider.supports(k8s().attribute(Attributes.LABEL_SELECTOR, "app=api").build())).isTrue();
        assertThat(provider.supports(k8s().attribute(Attributes.WORKLOAD_KIND, "Deployment").build())).isTrue();
    }

    @Test
    void declinesOtherPlatformsAndRequestsWithoutATarget() {
        KubernetesProvider provider = new KubernetesProvider();
        for (Platform p : new Platform[] {Platform.AWS_EKS, Platform.GCP_GKE, Platform.AZURE_AKS}) {
            assertThat(provider.supports(k8s().platform(p).service("api").build()))
                    .as("%s without the cloud provider's hand-over", p.id()).isFalse();
        }
        assertThat(provider.supports(k8s().platform(Platform.AWS_ECS).service("api").build())).isFalse();
        assertThat(provider.supports(DiagnosticRequest.builder().service("api").build())).isFalse();
        assertThat(provider.supports(k8s().build())).isFalse();
    }

    @Test
    void declinesOfflineOnlyRequestsUnlessAConnectionIsNamed() {
        EvidenceInput input = EvidenceInput.of(Path.of("describe-pod.txt"));
        DiagnosticRequest offline = k8s().service("api").input(input).build();
        assertThat(new KubernetesProvider().supports(offline)).isFalse();
        assertThat(new KubernetesProvider().supports(offline.toBuilder()
                .attribute(Attributes.KUBE_CONTEXT, "prod").build())).isTrue();
        assertThat(new KubernetesProvider(r -> {
            throw new IllegalStateException("not called by supports");
        }).supports(offline)).isTrue();
    }

    @Test
    void turnsAnUnreachableApiServerIntoAGapInsteadOfThrowing() {
        KubernetesProvider provider = new KubernetesProvider(r -> new KubernetesClientBuilder().withConfig(
                new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(500).withRequestTimeout(500).build()).build());

        EvidenceBundle bundle = provider.collect(k8s().service("api").build(), ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.what()).isEqualTo("deployment api in namespace prod");
            assertThat(g.reason()).startsWith("the call failed: ");
        });
    }

    @Test
    void turnsAFactoryFailureIntoAGap() {
        KubernetesProvider provider = new KubernetesProvider(r -> {
            throw new IllegalStateException("no credentials for cluster prod");
        });

        EvidenceBundle bundle = provider.collect(k8s().service("api").build(), ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g ->
                assertThat(g.reason()).isEqualTo("no client could be configured: no credentials for cluster prod"));
    }

    @Test
    void reportsUnsupportedWorkloadKinds() {
        KubernetesProvider provider = new KubernetesProvider(r -> new KubernetesClientBuilder().withConfig(
                new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build()).build());

        EvidenceBundle bundle = provider.collect(k8s().service("api")
                .attribute(Attributes.WORKLOAD_KIND, "CronJob").build(), ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED));
    }
}
