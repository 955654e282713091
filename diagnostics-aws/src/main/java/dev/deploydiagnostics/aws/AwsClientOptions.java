package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.Experimental;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How the AWS providers build their SDK clients: credentials, region, endpoint, HTTP client, retries and
 * collection limits.
 *
 * <p>Everything is optional. Without credentials the providers use a credentials provider the embedding
 * application registered with the engine, else the SDK's default chain; without a region, the request's
 * region, else the SDK's default region chain. An endpoint override sends every call to one URL, which is
 * how tests put the real SDK clients in front of a local server.
 *
 * <p>Limits can also be set per provider in {@code diagnostics.yaml} with the keys {@code maxAttempts},
 * {@code maxPages}, {@code maxTasks} and {@code maxLogStreams}; those win over the values here.
 */
@Experimental("options may grow as providers gain features")
public final class AwsClientOptions {

    private static final AwsClientOptions DEFAULTS = builder().build();

    private final URI endpointOverride;
    private final AwsCredentialsProvider credentialsProvider;
    private final Region region;
    private final SdkHttpClient httpClient;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration throttlingBackoffBase;
    private final Duration backoffMax;
    private final int maxPages;
    private final int maxTasks;
    private final int maxLogStreams;

    private AwsClientOptions(Builder b) {
        this.endpointOverride = b.endpointOverride;
        this.credentialsProvider = b.credentialsProvider;
        this.region = b.region;
        this.httpClient = b.httpClient;
        this.maxAttempts = b.maxAttempts;
        this.backoffBase = b.backoffBase;
        this.throttlingBackoffBase = b.throttlingBackoffBase;
        this.backoffMax = b.backoffMax;
        this.maxPages = b.maxPages;
        this.maxTasks = b.maxTasks;
        this.maxLogStreams = b.maxLogStreams;
    }

    /** The options every provider uses when none are given. */
    public static AwsClientOptions defaults() {
        return DEFAULTS;
    }

    /** Starts a builder with the default values. */
    public static Builder builder() {
        return new Builder();
    }

    /** The URL every client sends its calls to instead of the AWS endpoint, if set. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** The credentials to sign with, if fixed by the caller. */
    public Optional<AwsCredentialsProvider> credentialsProvider() {
        return Optional.ofNullable(credentialsProvider);
    }

    /** The region to use when the request names none, if fixed by the caller. */
    public Optional<Region> region() {
        return Optional.ofNullable(region);
    }

    /** A caller-owned HTTP client shared by all SDK clients, if given; the providers never close it. */
    public Optional<SdkHttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** The most attempts per call, the first included, before a throttled or failed call becomes a gap. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The base delay of the exponential back-off between attempts after a transient error. */
    public Duration backoffBase() {
        return backoffBase;
    }

    /** The base delay of the exponential back-off between attempts after throttling. */
    public Duration throttlingBackoffBase() {
        return throttlingBackoffBase;
    }

    /** The longest delay between two attempts. */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** The most pages to read from one paginated call. */
    public int maxPages() {
        return maxPages;
    }

    /** The most ECS tasks to describe per desired status. */
    public int maxTasks() {
        return maxTasks;
    }

    /** The most log streams to read per analysis. */
    public int maxLogStreams() {
        return maxLogStreams;
    }

    /** The limits after applying a provider's settings from the configuration file. */
    AwsClientOptions withSettings(Map<String, String> settings) {
        Builder b = toBuilder();
        intSetting(settings, "maxAttempts").ifPresent(b::maxAttempts);
        intSetting(settings, "maxPages").ifPresent(b::maxPages);
        intSetting(settings, "maxTasks").ifPresent(b::maxTasks);
        intSetting(settings, "maxLogStreams").ifPresent(b::maxLogStreams);
        return b.build();
    }

    private static Optional<Integer> intSetting(Map<String, String> settings, String key) {
        String v = settings.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n > 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A builder holding these options, for variations. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpointOverride = endpointOverride;
        b.credentialsProvider = credentialsProvider;
        b.region = region;
        b.httpClient = httpClient;
        b.maxAttempts = maxAttempts;
        b.backoffBase = backoffBase;
        b.throttlingBackoffBase = throttlingBackoffBase;
        b.backoffMax = backoffMax;
        b.maxPages = maxPages;
        b.maxTasks = maxTasks;
        b.maxLogStreams = maxLogStreams;
        return b;
    }

    /** Builds {@link AwsClientOptions}; every part is optional. */
    public static final class Builder {
        private URI endpointOverride;
        private AwsCredentialsProvider credentialsProvider;
        private Region region;
        private SdkHttpClient httpClient;
        private int maxAttempts = 4;
        private Duration backoffBase = Duration.ofMillis(100);
        private Duration throttlingBackoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(5);
        private int maxPages = 5;
        private int maxTasks = 10;
        private int maxLogStreams = 4;

        private Builder() {
        }

        /** Sends every call to this URL, e.g. a local test server. */
        public Builder endpointOverride(URI value) { this.endpointOverride = value; return this; }
        /** Signs with these credentials. */
        public Builder credentialsProvider(AwsCredentialsProvider value) { this.credentialsProvider = value; return this; }
        /** Uses this region when the request names none. */
        public Builder region(Region value) { this.region = value; return this; }
        /** Shares this HTTP client between all SDK clients; the caller closes it. */
        public Builder httpClient(SdkHttpClient value) { this.httpClient = value; return this; }

        /** The most attempts per call, at least 1. */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /** The base back-off delay after a transient error. */
        public Builder backoffBase(Duration value) { this.backoffBase = positive(value, "backoffBase"); return this; }
        /** The base back-off delay after throttling. */
        public Builder throttlingBackoffBase(Duration value) {
            this.throttlingBackoffBase = positive(value, "throttlingBackoffBase");
            return this;
        }
        /** The longest delay between two attempts. */
        public Builder backoffMax(Duration value) { this.backoffMax = positive(value, "backoffMax"); return this; }
        /** The most pages read from one paginated call, at least 1. */
        public Builder maxPages(int value) { this.maxPages = atLeastOne(value, "maxPages"); return this; }
        /** The most ECS tasks described per desired status, at least 1. */
        public Builder maxTasks(int value) { this.maxTasks = atLeastOne(value, "maxTasks"); return this; }
        /** The most log streams read per analysis, at least 1. */
        public Builder maxLogStreams(int value) { this.maxLogStreams = atLeastOne(value, "maxLogStreams"); return this; }

        /** Builds the immutable options. */
        public AwsClientOptions build() {
            return new AwsClientOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + v);
            }
            return v;
        }
    }
}
