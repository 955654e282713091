package dev.deploydiagnostics.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a scenario folder into the fabric8 mock API server: {@code cluster.yaml} holds the objects as
 * {@code kubectl get -o yaml} shows them (statuses as the kubelet and controllers write them), and
 * {@code logs/POD.CONTAINER.log} / {@code logs/POD.CONTAINER.previous.log} the container logs with the
 * kubelet's timestamps, served where the API serves {@code pods/log}.
 */
final class MockCluster {
    static final String NAMESPACE = "prod";
    /** The window start the tests' requests produce: one hour before {@link ScenarioSupport#NOW}. */
    static final Instant SINCE = ScenarioSupport.NOW.minusSeconds(3600);

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Creates every object of the scenario and serves its logs; returns the objects. */
    List<HasMetadata> load(String scenario, int tailLines) {
        Path dir = folder(scenario);
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(dir.resolve("cluster.yaml"))) {
            items = client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The mock server assigns its own uids, so owner references are pointed at the uids it assigned;
        // owners come before what they own in the file.
        Map<String, String> uids = new HashMap<>();
        for (HasMetadata item : items) {
            String written = item.getMetadata().getUid();
            for (OwnerReference o : item.getMetadata().getOwnerReferences()) {
                o.setUid(uids.getOrDefault(o.getUid(), o.getUid()));
            }
            HasMetadata created = client.resource(item).create();
            if (written != null) {
                uids.put(written, created.getMetadata().getUid());
            }
        }
        Path logs = dir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                files.forEach(f -> serveLog(f, tailLines));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return items;
    }

    private void serveLog(Path file, int tailLines) {
        String name = file.getFileName().toString();
        boolean previous = name.endsWith(".previous.log");
        String base = name.substring(0, name.length() - (previous ? ".previous.log".length() : ".log".length()));
        int dot = base.lastIndexOf('.');
        String pod = base.substring(0, dot);
        String container = base.substring(dot + 1);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            server.expect().get().withPath(logPath(pod, container, previous, tailLines)).andReturn(200, text).always();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path the client asks for one container's log, as the real API server receives it. */
    static String logPath(String pod, String container, boolean previous, int tailLines) {
        return "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false&container=" + container
                + (previous ? "&previous=true" : "") + "&sinceTime=" + SINCE + "&tailLines=" + tailLines
                + "&timestamps=true";
    }

    /** A new client for the mock server, as a factory hands out (the provider closes it). */
    KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    }

    static Path folder(String scenario) {
        URL url = MockCluster.class.getResource("/scenarios/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no scenario folder " + scenario);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
