package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import java.util.StringJoiner;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.integer;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code aws lambda get-function-configuration} output, or {@code get-function} output (whose
 * {@code Configuration} holds the same), into a function state.
 */
public final class LambdaReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public LambdaReader(ReadSession session) {
        this.session = session;
    }

    /** True for a function configuration or a get-function answer. */
    public static boolean accepts(JsonNode doc) {
        return doc.isObject() && (isConfiguration(doc) || isConfiguration(doc.path("Configuration")));
    }

    private static boolean isConfiguration(JsonNode n) {
        return n.isObject() && n.has("FunctionName") && (n.has("FunctionArn") || n.has("Runtime") || n.has("MemorySize"));
    }

    /** Reads the document; returns the items added. */
    public int read(JsonNode doc, String source) {
        JsonNode c = isConfiguration(doc) ? doc : doc.path("Configuration");
        String lastUpdate = text(c, "LastUpdateStatus");
        boolean updateFailed = lastUpdate.equals("Failed");
        ResourceState.Builder b = ResourceState.builder("function", text(c, "FunctionName")).source(source)
                .status(opt(c, "State").orElse(updateFailed ? "Failed" : "Unknown"))
                .timestamp(JsonSupport.time(c, session.options().zone(), "LastModified"));
        if (!text(c, "StateReasonCode").isEmpty() && !text(c, "State").equals("Active")) {
            b.reason(text(c, "StateReasonCode")).message(text(c, "StateReason"));
        } else if (updateFailed) {
            b.reason(opt(c, "LastUpdateStatusReasonCode").orElse("LastUpdateFailed"))
                    .message(text(c, "LastUpdateStatusReason"));
            b.attribute("severity", "error");
        }
        Integer memory = integer(c, "MemorySize");
        if (memory != null && memory > 0) {
            b.memoryLimitBytes(Quantities.mebibytes(memory));
            b.attribute("memorySize", memory.toString());
        }
        put(b, "runtime", text(c, "Runtime"));
        put(b, "handler", text(c, "Handler"));
        put(b, "timeout", text(c, "Timeout"));
        put(b, "packageType", text(c, "PackageType"));
        put(b, "version", text(c, "Version"));
        put(b, "lastUpdateStatus", lastUpdate);
        put(b, "role", text(c, "Role"));
        put(b, "ephemeralStorage", text(c, "EphemeralStorage", "Size"));
        StringJoiner arch = new StringJoiner(",");
        c.path("Architectures").forEach(a -> arch.add(a.asText()));
        if (arch.length() > 0) {
            b.attribute("architectures", arch.toString());
        }
        if (c.path("VpcConfig").path("SubnetIds").size() > 0) {
            b.attribute("vpc", text(c, "VpcConfig", "VpcId"));
        }
        b.image(opt(doc, "Code", "ImageUri").orElse(text(c, "ImageConfigResponse", "ImageUri")));
        session.add(b.build());
        session.platform(Platform.AWS_LAMBDA);
        return 1;
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (!value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
