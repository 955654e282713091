package dev.deploydiagnostics.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.run.v2.RevisionsSettings;
import com.google.cloud.run.v2.ServicesSettings;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.LoggingServiceV2Grpc;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.ListTimeSeriesResponse;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.util.JsonFormat;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.test.TestCollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Local servers speaking the Google APIs' wire protocols: Cloud Run Admin v2 and Kubernetes Engine v1 over
 * HTTP/JSON (MockWebServer), Cloud Logging v2 and Cloud Monitoring v3 over in-process gRPC.
 */
final class GcpTestBed implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
    private static final Pattern METRIC_TYPE = Pattern.compile("metric\\.type=\"([^\"]+)\"");

    final MockWebServer http = new MockWebServer();
    final List<RecordedRequest> httpCalls = new CopyOnWriteArrayList<>();
    final List<ListLogEntriesRequest> logCalls = new CopyOnWriteArrayList<>();
    final List<ListTimeSeriesRequest> metricCalls = new CopyOnWriteArrayList<>();
    private final Map<String, MockResponse> routes = new HashMap<>();
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
    private final String serverName = "gcp-" + System.nanoTime();
    private final Server grpc;
    private volatile Function<ListLogEntriesRequest, Object> logs = r -> ListLogEntriesResponse.getDefaultInstance();
    private volatile Object metrics = ListTimeSeriesResponse.getDefaultInstance();

    GcpTestBed() throws IOException {
        http.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                httpCalls.add(request);
                String path = request.getRequestUrl().encodedPath();
                MockResponse r = routes.get(path);
                return r != null ? r : json(404, "{\"error\":{\"code\":404,\"message\":\"Resource '" + path
                        + "' was not found\",\"status\":\"NOT_FOUND\"}}");
            }
        });
        http.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        grpc = InProcessServerBuilder.forName(serverName).directExecutor()
                .addService(new LoggingServiceV2Grpc.LoggingServiceV2ImplBase() {
                    @Override
                    public void listLogEntries(ListLogEntriesRequest request,
                                               StreamObserver<ListLogEntriesResponse> observer) {
                        logCalls.add(request);
                        answer(logs.apply(request), observer);
                    }
                })
                .addService(metricService())
                .build().start();
    }

    private ServerServiceDefinition metricService() {
        // No generated monitoring stubs are published for Java here, so the service is defined from the
        // method's full name and the request and response protos, which is all the wire protocol needs.
        MethodDescriptor<ListTimeSeriesRequest, ListTimeSeriesResponse> method =
                MethodDescriptor.<ListTimeSeriesRequest, ListTimeSeriesResponse>newBuilder()
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName("google.monitoring.v3.MetricService/ListTimeSeries")
                        .setRequestMarshaller(ProtoUtils.marshaller(ListTimeSeriesRequest.getDefaultInstance()))
                        .setResponseMarshaller(ProtoUtils.marshaller(ListTimeSeriesResponse.getDefaultInstance()))
                        .build();
        return ServerServiceDefinition.builder("google.monitoring.v3.MetricService")
                .addMethod(method, ServerCalls.asyncUnaryCall((request, observer) -> {
                    metricCalls.add(request);
                    Object m = metrics;
                    if (m instanceof ListTimeSeriesResponse all) {
                        Matcher type = METRIC_TYPE.matcher(request.getFilter());
                        String wanted = type.find() ? type.group(1) : "";
                        ListTimeSeriesResponse.Builder b = ListTimeSeriesResponse.newBuilder();
                        for (TimeSeries ts : all.getTimeSeriesList()) {
                            if (ts.getMetric().getType().equals(wanted)) {
                                b.addTimeSeries(ts);
                            }
                        }
                        answer(b.build(), observer);
                    } else {
                        answer(m, observer);
                    }
                }))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void answer(Object value, StreamObserver<T> observer) {
        if (value instanceof Status status) {
            observer.onError(status.asRuntimeException());
        } else {
            observer.onNext((T) value);
            observer.onCompleted();
        }
    }

    /** Serves a file (or a body) at an HTTP path. */
    void route(String path, int status, String body) {
        routes.put(path, json(status, body));
    }

    void logs(Function<ListLogEntriesRequest, Object> answer) {
        this.logs = answer;
    }

    void metrics(Object answer) {
        this.metrics = answer;
    }

    String httpEndpoint() {
        return "http://127.0.0.1:" + http.getPort();
    }

    /** Fresh settings for every client; each client closes its own channel. */
    GcpClientSettings settings() throws IOException {
        return GcpClientSettings.builder()
                .services(ServicesSettings.newHttpJsonBuilder().setEndpoint(httpEndpoint())
                        .setCredentialsProvider(NoCredentialsProvider.create()).build())
                .revisions(RevisionsSettings.newHttpJsonBuilder().setEndpoint(httpEndpoint())
                        .setCredentialsProvider(NoCredentialsProvider.create()).build())
                .clusterManager(ClusterManagerSettings.newHttpJsonBuilder().setEndpoint(httpEndpoint())
                        .setCredentialsProvider(NoCredentialsProvider.create()).build())
                .logging(LoggingSettings.newBuilder()
                        .setTransportChannelProvider(FixedTransportChannelProvider.create(
                                GrpcTransportChannel.create(channel())))
                        .setCredentialsProvider(NoCredentialsProvider.create()).build())
                .metrics(MetricServiceSettings.newBuilder()
                        .setTransportChannelProvider(FixedTransportChannelProvider.create(
                                GrpcTransportChannel.create(channel())))
                        .setCredentialsProvider(NoCredentialsProvider.create()).build())
                .build();
    }

    private ManagedChannel channel() {
        ManagedChannel c = InProcessChannelBuilder.forName(serverName).directExecutor().build();
        channels.add(c);
        return c;
    }

    @Override
    public void close() throws IOException {
        channels.forEach(ManagedChannel::shutdownNow);
        grpc.shutdownNow();
        http.shutdown();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=UTF-8")
                .setBody(body);
    }

    static String fixture(String scenario, String file) {
        try {
            Path p = Paths.get(GcpTestBed.class.getResource("/scenarios/" + scenario + "/" + file).toURI());
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no fixture " + scenario + "/" + file, e);
        }
    }

    /** Log entries from a file in the shape {@code gcloud logging read --format=json} prints. */
    static ListLogEntriesResponse entries(String scenario, String file) {
        ListLogEntriesResponse.Builder b = ListLogEntriesResponse.newBuilder();
        for (JsonElement e : JsonParser.parseString(fixture(scenario, file)).getAsJsonArray()) {
            LogEntry.Builder entry = LogEntry.newBuilder();
            try {
                JsonFormat.parser().merge(e.toString(), entry);
            } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(scenario + "/" + file + ": " + ex.getMessage(), ex);
            }
            b.addEntries(entry);
        }
        return b.build();
    }

    /** A Cloud Monitoring REST response body from a file. */
    static ListTimeSeriesResponse timeSeries(String scenario, String file) {
        ListTimeSeriesResponse.Builder b = ListTimeSeriesResponse.newBuilder();
        try {
            JsonFormat.parser().merge(fixture(scenario, file), b);
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException(scenario + "/" + file + ": " + ex.getMessage(), ex);
        }
        return b.build();
    }

    /** A collection context with a fixed clock and settings. */
    static CollectionContext context(Map<String, String> settings) {
        return context(settings, NOW.plus(Duration.ofSeconds(30)));
    }

    /** A context whose deadline is {@code deadline} on a clock fixed at {@link #NOW}. */
    static CollectionContext context(Map<String, String> settings, Instant deadline) {
        return context(settings, deadline, List.of());
    }

    /**
     * A context whose {@link CollectionContext#delegate} runs these providers by id, on the calling thread and
     * with this context, as the engine would run them.
     */
    static CollectionContext context(Map<String, String> settings, DiagnosticProvider... delegates) {
        return context(settings, NOW.plus(Duration.ofSeconds(30)), List.of(delegates));
    }

    private static CollectionContext context(Map<String, String> settings, Instant deadline,
                                             List<DiagnosticProvider> delegates) {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withDeadline(deadline).withLogLineLimit(50)
                .withSettings(settings);
        for (DiagnosticProvider delegate : delegates) {
            context = context.withDelegate(delegate);
        }
        return context;
    }
}
