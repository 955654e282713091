package dev.deploydiagnostics.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.deploydiagnostics.test.TestCollectionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local server that answers AWS API calls from a scenario's fixture files, in each service's wire protocol,
 * and records every call so tests can assert what was asked.
 *
 * <p>Fixtures are named {@code SERVICE.Action[.N][.STATUS].json|xml}: {@code N} serves only the N-th call of
 * that action, {@code STATUS} is the HTTP status (200 when absent); a file {@code FIXTURE.headers} beside one
 * holds response headers ({@code Name: value} lines). CloudWatch fixtures are written as JSON and served as
 * CBOR, which is what the SDK's CloudWatch client speaks.
 */
final class AwsTestServer implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDEXAMPLE123456789";
    /** "Now" in every scenario: the fixtures' timestamps lead up to it. */
    static final Instant NOW = Instant.parse("2026-11-25T13:30:00Z");
    /** The start of the window the tests' requests ask for, half an hour before {@link #NOW}. */
    static final Instant WINDOW_START = Instant.parse("2026-11-25T13:00:00Z");
    private static final Pattern FIXTURE = Pattern.compile(
            "^(?<key>[a-z0-9]+\\.[A-Za-z]+)(?:\\.(?<n>\\d{1,2}))?(?:\\.(?<status>\\d{3}))?\\.(?<ext>json|xml)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** One call the server received. */
    record Call(String key, String method, String path, Map<String, String> query, Map<String, String> headers,
                JsonNode body, Map<String, String> form) {
        /** A field of the JSON or CBOR body, as text. */
        String field(String name) {
            JsonNode n = body.get(name);
            return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final Path scenario;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unmatched = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    private AwsTestServer(String scenario) {
        this.scenario = scenarioDir(scenario);
    }

    /** A context whose clock stands at {@link #NOW}, with 30 seconds to the deadline and 100 log lines a source. */
    static TestCollectionContext context() {
        return TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withLogLineLimit(100);
    }

    static AwsTestServer start(String scenario) throws IOException {
        AwsTestServer s = new AwsTestServer(scenario);
        s.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return s.answer(request);
            }
        });
        s.server.start(InetAddress.getByName("127.0.0.1"), 0);
        return s;
    }

    static Path scenarioDir(String scenario) {
        try {
            return Paths.get(AwsTestServer.class.getResource("/scenarios/" + scenario).toURI());
        } catch (Exception e) {
            throw new IllegalArgumentException("no scenario " + scenario, e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Options that point every client here, with static credentials, fast back-off and three attempts. */
    AwsClientOptions options() {
        return AwsClientOptions.builder()
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
                .region(Region.US_EAST_1)
                .maxAttempts(3)
                .backoffBase(Duration.ofMillis(5))
                .throttlingBackoffBase(Duration.ofMillis(5))
                .backoffMax(Duration.ofMillis(20))
                .build();
    }

    /** Holds every answer back this long, as a slow endpoint would. */
    AwsTestServer delay(Duration value) {
        this.delay = value;
        return this;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> calls(String key) {
        return calls().stream().filter(c -> c.key().equals(key)).toList();
    }

    List<String> keys() {
        return calls().stream().map(Call::key).toList();
    }

    List<String> unmatched() {
        synchronized (unmatched) {
            return List.copyOf(unmatched);
        }
    }

    private MockResponse answer(RecordedRequest r) {
        byte[] raw = r.getBody().readByteArray();
        String path = r.getRequestUrl() == null ? r.getPath() : r.getRequestUrl().encodedPath();
        Map<String, String> query = new LinkedHashMap<>();
        if (r.getRequestUrl() != null) {
            for (String name : r.getRequestUrl().queryParameterNames()) {
                query.put(name, r.getRequestUrl().queryParameter(name));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : r.getHeaders().names()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), r.getHeader(name));
        }
        String target = r.getHeader("X-Amz-Target");
        String contentType = String.valueOf(r.getHeader("Content-Type"));
        JsonNode body = NullNode.getInstance();
        Map<String, String> form = Map.of();
        String key;
        try {
            if (target != null) {
                String[] parts = target.split("\\.");
                String service = parts[0].startsWith("AmazonEC2ContainerService") ? "ecs"
                        : parts[0].startsWith("Logs_") ? "logs" : parts[0];
                key = service + "." + parts[1];
                body = raw.length == 0 ? NullNode.getInstance() : JSON.readTree(raw);
            } else if (path.startsWith("/service/GraniteServiceVersion20100801/operation/")) {
                key = "monitoring." + path.substring(path.lastIndexOf('/') + 1);
                body = raw.length == 0 ? NullNode.getInstance() : CBOR.readTree(raw);
            } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
                form = parseForm(new String(raw, StandardCharsets.UTF_8));
                key = "elbv2." + form.get("Action");
            } else if (path.startsWith("/2015-03-31/functions/") && path.endsWith("/configuration")) {
                key = "lambda.GetFunctionConfiguration";
            } else if (path.startsWith("/2015-03-31/functions/")) {
                key = "lambda.GetFunction";
            } else if (path.matches("/clusters/[^/]+")) {
                key = "eks.DescribeCluster";
            } else if (path.matches("/clusters/[^/]+/node-groups")) {
                key = "eks.ListNodegroups";
            } else if (path.matches("/clusters/[^/]+/node-groups/[^/]+")) {
                key = "eks.DescribeNodegroup";
            } else {
                key = "unknown." + r.getMethod() + path;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = counts.merge(key, 1, Integer::sum);
        calls.add(new Call(key, r.getMethod(), path, query, headers, body, form));
        Optional<Path> fixture = fixture(key, n);
        if (fixture.isEmpty()) {
            unmatched.add(key + " #" + n);
            return new MockResponse().setResponseCode(400)
                    .setHeader("Content-Type", "application/x-amz-json-1.1")
                    .setHeader("X-Amzn-ErrorType", "UnexpectedRequest")
                    .setBody("{\"__type\":\"UnexpectedRequest\",\"message\":\"no fixture for " + key + "\"}");
        }
        return respond(key, fixture.get());
    }

    private Optional<Path> fixture(String key, int n) {
        Path best = null;
        try (Stream<Path> files = Files.list(scenario)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = FIXTURE.matcher(p.getFileName().toString());
                if (!m.matches() || !m.group("key").equals(key)) {
                    continue;
                }
                if (m.group("n") == null) {
                    if (best == null) {
                        best = p;
                    }
                } else if (Integer.parseInt(m.group("n")) == n) {
                    return Optional.of(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(best);
    }

    private MockResponse respond(String key, Path file) {
        Matcher m = FIXTURE.matcher(file.getFileName().toString());
        m.matches();
        int status = m.group("status") == null ? 200 : Integer.parseInt(m.group("status"));
        String service = key.substring(0, key.indexOf('.'));
        MockResponse resp = new MockResponse().setResponseCode(status)
                .setHeadersDelay(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .setHeader("x-amzn-RequestId", "a8f7c6e5-d4b3-4a29-8e1f-0c9b8a7d6e5f");
        try {
            String text = Files.readString(file);
            switch (service) {
                case "ecs", "logs" -> resp.setHeader("Content-Type", "application/x-amz-json-1.1").setBody(text);
                case "lambda", "eks" -> resp.setHeader("Content-Type", "application/json").setBody(text);
                case "elbv2" -> resp.setHeader("Content-Type", "text/xml").setBody(text);
                case "monitoring" -> resp.setHeader("Content-Type", "application/cbor")
                        .setHeader("smithy-protocol", "rpc-v2-cbor")
                        .setBody(new Buffer().write(toCbor(JSON.readTree(text))));
                default -> throw new IllegalStateException("unknown service " + service);
            }
            // REST services name the error in a header, kept beside the body as FIXTURE.headers
            Path sidecar = file.resolveSibling(file.getFileName() + ".headers");
            if (Files.exists(sidecar)) {
                for (String line : Files.readAllLines(sidecar)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        resp.setHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
            }
            if (status >= 300 && (service.equals("ecs") || service.equals("logs") || service.equals("monitoring"))) {
                JsonNode type = JSON.readTree(text).get("__type");
                if (type != null) {
                    resp.setHeader("X-Amzn-ErrorType", type.asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resp;
    }

    /** JSON to CBOR, writing ISO-8601 instants as CBOR epoch timestamps (tag 1), as CloudWatch does. */
    static byte[] toCbor(JsonNode node) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) new CBORFactory().createGenerator(bytes)) {
            write(g, node);
        }
        return bytes.toByteArray();
    }

    private static void write(CBORGenerator g, JsonNode n) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode c : n) {
                write(g, c);
            }
            g.writeEndArray();
        } else if (n.isTextual()) {
            Optional<Instant> at = instant(n.asText());
            if (at.isPresent()) {
                g.writeTag(1);
                g.writeNumber(at.get().toEpochMilli() / 1000.0);
            } else {
                g.writeString(n.asText());
            }
        } else if (n.isIntegralNumber()) {
            g.writeNumber(n.asLong());
        } else if (n.isNumber()) {
            g.writeNumber(n.asDouble());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.asBoolean());
        } else {
            g.writeNull();
        }
    }

    private static Optional<Instant> instant(String s) {
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}T.*Z")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
