package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Shared, thread-safe JSON and YAML mappers and null-safe accessors for JSON trees. */
public final class JsonSupport {
    /** Documents larger than this are read as text lines instead of being parsed whole. */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxStringLength(MAX_DOCUMENT_CHARS).maxNestingDepth(500).build();

    /** Lenient JSON: trailing commas and unescaped control characters are tolerated, as pasted text has them. */
    public static final ObjectMapper JSON = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    /** YAML with SnakeYAML's document size limit raised to the document cap. */
    public static final ObjectMapper YAML;

    static {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_DOCUMENT_CHARS);
        loader.setMaxAliasesForCollections(50);
        loader.setNestingDepthLimit(200);
        YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(CONSTRAINTS).build());
    }

    private JsonSupport() {
    }

    /** The node at a path of field names, or a missing node. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    /** The text at a path, or empty when absent, null or a container. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    /** The text at a path, if present and not blank. */
    public static Optional<String> opt(JsonNode node, String... path) {
        String t = text(node, path);
        return t.isBlank() ? Optional.empty() : Optional.of(t);
    }

    /** The integer at a path (a number or numeric text), or null. */
    public static Integer integer(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isNumber()) {
            return n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : (int) Math.max(Integer.MIN_VALUE,
                    Math.min(Integer.MAX_VALUE, n.asDouble()));
        }
        if (n.isTextual()) {
            try {
                return Integer.parseInt(n.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A non-negative count at a path, 0 when absent. */
    public static int count(JsonNode node, String... path) {
        Integer i = integer(node, path);
        return i == null || i < 0 ? 0 : i;
    }

    /** The instant at a path: text in any format {@link Timestamps} knows, or an epoch number. */
    public static Instant time(JsonNode node, ZoneId zone, String... path) {
        JsonNode n = at(node, path);
        if (n.isNumber()) {
            return Timestamps.epoch(n.asDouble()).orElse(null);
        }
        if (n.isTextual()) {
            return Timestamps.parse(n.asText(), zone).orElse(null);
        }
        return null;
    }

    /** The first non-null of the values. */
    @SafeVarargs
    public static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The last segment of an ARN or path: {@code arn:...:task/prod/0a1b} gives {@code 0a1b}. */
    public static String lastSegment(String arnOrPath) {
        int i = Math.max(arnOrPath.lastIndexOf('/'), arnOrPath.lastIndexOf(':'));
        return i < 0 ? arnOrPath : arnOrPath.substring(i + 1);
    }
}
