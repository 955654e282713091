package dev.deploydiagnostics.core.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.api.Category;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus is split by a hash of each case's URL (see {@code corpus/README.md}): every case sits in the file
 * its URL decides, no URL appears twice, the locked share is at least 30 %, and every case is well-formed. Only
 * URLs and fields are read here, never to tune anything.
 */
class CorpusSplitTest {
    private static final Set<String> PLATFORMS = Set.of("kubernetes", "aws-ecs", "aws-eks", "aws-lambda", "gcp-cloud-run",
            "gcp-gke", "azure-aci", "azure-aks", "docker");

    static String normalise(String url) {
        int hash = url.indexOf('#');
        String u = hash < 0 ? url : url.substring(0, hash);
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    static boolean locked(String url) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalise(url).getBytes(StandardCharsets.UTF_8));
            long v = Long.parseLong(HexFormat.of().formatHex(d).substring(0, 8), 16);
            return v % 100 < 35;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> read(String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(CorpusAccuracyTest.projectCorpusDir().resolve(name + ".jsonl"))) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    @Test
    void everyCaseSitsWhereItsUrlSendsIt() throws IOException {
        Map<String, String> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int locked = 0;
        int failures = 0;
        for (String name : List.of("working", "locked", "benign-working", "benign-locked")) {
            boolean lockedFile = name.endsWith("locked");
            boolean benignFile = name.startsWith("benign");
            for (JsonNode c : read(name)) {
                String id = c.path("id").asText();
                String url = c.path("source_url").asText();
                if (!url.startsWith("https://") && !url.startsWith("http://")) problems.add(id + ": no URL");
                String previous = seen.put(normalise(url), name + "/" + id);
                if (previous != null) problems.add(id + ": URL already used by " + previous);
                if (locked(url) != lockedFile) problems.add(id + ": belongs in the " + (lockedFile ? "working" : "locked") + " file");
                String label = c.path("label").asText();
                if (benignFile != label.equals("no-failure")) problems.add(id + ": label " + label + " in " + name);
                if (!benignFile && Category.fromId(label).isEmpty()) problems.add(id + ": unknown label " + label);
                if (!PLATFORMS.contains(c.path("platform").asText())) problems.add(id + ": platform " + c.path("platform"));
                if (c.path("text").asText().isBlank()) problems.add(id + ": empty text");
                if (c.path("label_basis").asText().isBlank()) problems.add(id + ": no label_basis");
                if (!benignFile) {
                    failures++;
                    if (lockedFile) locked++;
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(failures).isGreaterThanOrEqualTo(350);
        assertThat(locked / (double) failures).as("locked share").isGreaterThanOrEqualTo(0.30);
    }

    @Test
    void theSplitRuleIsStable() {
        // Fixed points of the rule, so that a change to it cannot go unnoticed.
        assertThat(normalise("https://github.com/a/b/issues/1#issuecomment-9/")).isEqualTo("https://github.com/a/b/issues/1");
        assertThat(locked("https://github.com/a/b/issues/1")).isTrue(); // 6
        assertThat(locked("https://github.com/a/b/issues/1/")).isTrue();
        assertThat(locked("https://github.com/a/b/issues/4")).isFalse(); // 64
        assertThat(locked("https://github.com/a/b/issues/8")).isFalse(); // 37
    }
}
