package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.ReportSink;
import dev.deploydiagnostics.core.report.ReportJson;
import dev.deploydiagnostics.sinks.internal.Http;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * POSTs the report as JSON (the documented report schema, {@code docs/report-schema.md}) to any HTTP endpoint,
 * signed so the receiver can tell it came from a holder of the shared secret and is not a replay.
 *
 * <p>Headers: {@code X-Deploy-Diagnostics-Timestamp} (Unix seconds when it was sent),
 * {@code X-Deploy-Diagnostics-Signature: sha256=<hex>} (HMAC-SHA256 with the shared secret over the bytes
 * {@code <timestamp>.<body>}), {@code X-Deploy-Diagnostics-Dedup-Key}, {@code X-Deploy-Diagnostics-Deployment},
 * {@code X-Deploy-Diagnostics-Suppressed} (identical diagnoses held back since the last delivery) and, when the
 * report resolves an earlier alert, {@code X-Deploy-Diagnostics-Resolves}.
 *
 * <p>To verify, a receiver: reads the timestamp header and rejects it if it is more than five minutes away from
 * its own clock; computes HMAC-SHA256 with the secret over the timestamp, a dot, and the raw request body exactly
 * as received (before any JSON parsing); hex-encodes it in lower case; and compares it with the value after
 * {@code sha256=} using a constant-time comparison. It may also remember recent signatures to refuse exact
 * replays inside the five minutes.
 */
@Experimental("sinks are new")
public final class WebhookSink implements ReportSink {
    /** Header carrying the send time in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-Deploy-Diagnostics-Timestamp";
    /** Header carrying {@code sha256=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Deploy-Diagnostics-Signature";

    private final OkHttpClient client;
    private final HttpUrl url;
    private final byte[] secret;
    private final Clock clock;

    /**
     * Creates the sink {@link java.util.ServiceLoader} finds, configured from the environment variables
     * {@code DEPLOY_DIAGNOSTICS_WEBHOOK_URL} and {@code DEPLOY_DIAGNOSTICS_WEBHOOK_SECRET}; without them every
     * send fails with a message saying what to set.
     */
    public WebhookSink() {
        this(Http.defaultClient(), Http.urlFromEnv("DEPLOY_DIAGNOSTICS_WEBHOOK_URL")
                        .orElse(HttpUrl.get("http://unconfigured.invalid/")),
                Http.env("DEPLOY_DIAGNOSTICS_WEBHOOK_SECRET").orElse("unconfigured"), Clock.systemUTC(),
                Http.urlFromEnv("DEPLOY_DIAGNOSTICS_WEBHOOK_URL").isPresent()
                        && Http.env("DEPLOY_DIAGNOSTICS_WEBHOOK_SECRET").isPresent());
    }

    private final boolean configured;

    /** Creates a sink posting to {@code url}, signing with {@code secret} (read it from the environment). */
    public WebhookSink(OkHttpClient client, HttpUrl url, String secret, Clock clock) {
        this(client, url, secret, clock, true);
    }

    private WebhookSink(OkHttpClient client, HttpUrl url, String secret, Clock clock, boolean configured) {
        this.configured = configured;
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret must not be empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public void send(DiagnosticReport report, Delivery delivery) throws IOException {
        if (!configured) {
            throw new IllegalStateException("the webhook sink is not configured: set DEPLOY_DIAGNOSTICS_WEBHOOK_URL and "
                    + "DEPLOY_DIAGNOSTICS_WEBHOOK_SECRET, or configure sinks.webhook");
        }
        byte[] body = ReportJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(ReportJson.toJson(report));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Headers.Builder headers = new Headers.Builder()
                .add(TIMESTAMP_HEADER, timestamp)
                .add(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body))
                .add("X-Deploy-Diagnostics-Dedup-Key", delivery.dedupKey())
                .add("X-Deploy-Diagnostics-Deployment", ascii(delivery.deploymentKey()))
                .add("X-Deploy-Diagnostics-Suppressed", Integer.toString(delivery.suppressed()));
        delivery.resolves().ifPresent(k -> headers.add("X-Deploy-Diagnostics-Resolves", k));
        Http.post(client, url, headers.build(), body, "webhook " + url.host());
    }

    /** The lower-case hex HMAC-SHA256 of {@code <timestamp>.<body>}, as a receiver recomputes it. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return sb.toString();
    }
}
