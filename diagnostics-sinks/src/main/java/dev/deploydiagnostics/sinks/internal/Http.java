package dev.deploydiagnostics.sinks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.sinks.SinkHttpException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The HTTP calls every sink makes, with one way of turning error answers into {@link SinkHttpException}s. */
public final class Http {
    /** JSON media type for request bodies. */
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    private static final int MAX_ERROR_BODY = 300;

    private Http() {
    }

    /** The shared compact JSON mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A client with the time-outs a notification deserves: short, so a slow service cannot hold a deploy. */
    public static OkHttpClient defaultClient() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(15))
                .writeTimeout(Duration.ofSeconds(15)).callTimeout(Duration.ofSeconds(30)).build();
    }

    /** POSTs a JSON body and returns the response body text; throws for any status outside 2xx. */
    public static String post(OkHttpClient client, HttpUrl url, Headers headers, byte[] body, String service)
            throws IOException {
        Request request = new Request.Builder().url(url).headers(headers).post(RequestBody.create(body, JSON)).build();
        return call(client, request, service);
    }

    /** GETs a URL and returns the body text; throws for any status outside 2xx. */
    public static String get(OkHttpClient client, HttpUrl url, Headers headers, String service) throws IOException {
        return call(client, new Request.Builder().url(url).headers(headers).get().build(), service);
    }

    /** Reads JSON, or an empty object when the body is not JSON. */
    public static JsonNode json(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n == null ? MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    private static String call(OkHttpClient client, Request request, String service) throws IOException {
        long start = System.nanoTime();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody rb = response.body();
            String text = rb == null ? "" : rb.string();
            LOG.debug("{} {} {} answered {} in {} ms", service, request.method(), request.url().encodedPath(),
                    response.code(), (System.nanoTime() - start) / 1_000_000);
            if (!response.isSuccessful()) {
                String detail = text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text;
                throw new SinkHttpException(service + " answered HTTP " + response.code()
                        + (detail.isBlank() ? "" : ": " + detail.strip()), response.code(),
                        retryAfter(response.header("Retry-After"), Clock.systemUTC()));
            }
            return text;
        }
    }

    /** A non-blank environment variable. */
    public static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    /** An environment variable holding an http(s) URL. */
    public static Optional<HttpUrl> urlFromEnv(String name) {
        return env(name).map(v -> HttpUrl.parse(v.trim()));
    }

    /** The message for a sink found by discovery without its environment, or empty when configured. */
    public static String unconfigured(String id, Optional<HttpUrl> url, String variable) {
        return url.isPresent() ? "" : "the " + id + " sink is not configured: set " + variable
                + ", or configure sinks." + id + " in the configuration file";
    }

    /** Throws when a discovered sink has no configuration. */
    public static void requireConfigured(String unconfigured) {
        if (!unconfigured.isEmpty()) {
            throw new IllegalStateException(unconfigured);
        }
    }

    /** Parses a {@code Retry-After} header: delay seconds or an HTTP date. */
    public static Optional<Duration> retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
