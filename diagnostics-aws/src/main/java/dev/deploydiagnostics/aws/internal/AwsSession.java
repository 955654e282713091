package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.aws.AwsClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of one collection, built lazily for its region and credentials with the configured retry
 * strategy, and closed together when the collection ends.
 */
public final class AwsSession implements AutoCloseable {

    private final AwsClientOptions options;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final boolean ownsCredentials;
    private final AwsCalls calls;
    private final RetryStrategy retryStrategy;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();
    private final List<SdkAutoCloseable> clients = new ArrayList<>();
    private final Map<String, Object> byKey = new HashMap<>();

    private AwsSession(AwsClientOptions options, Region region, AwsCredentialsProvider credentials,
                       boolean ownsCredentials, SdkHttpClient httpClient, AwsCalls calls) {
        this.options = options;
        this.region = region;
        this.credentials = credentials;
        this.ownsCredentials = ownsCredentials;
        this.httpClient = httpClient;
        this.calls = calls;
        this.retryStrategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(options.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(options.backoffBase(), options.backoffMax()))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(options.throttlingBackoffBase(), options.backoffMax()))
                // one throttled service must not stop the retries of the others in the same run
                .circuitBreakerEnabled(false)
                .build();
    }

    /**
     * Opens a session for the request, or records why it cannot (no region) and returns empty.
     *
     * <p>Credentials come from the options, else from the engine's registered
     * {@link AwsCredentialsProvider}, else from the SDK's default chain (with the request's
     * {@code aws.profile}, if any).
     */
    public static Optional<AwsSession> open(AwsClientOptions options, DiagnosticRequest request,
                                            CollectionContext context, SdkHttpClient httpClient, AwsCalls calls) {
        Optional<Region> region = request.region().map(Region::of).or(options::region);
        if (region.isEmpty()) {
            try {
                region = Optional.of(new DefaultAwsRegionProviderChain().getRegion());
            } catch (SdkException e) {
                calls.addGap(CollectionGap.of(calls.providerId(), "anything from AWS",
                        "no AWS region was given; pass --region or set AWS_REGION", CollectionGap.Kind.ERROR));
                return Optional.empty();
            }
        }
        Optional<AwsCredentialsProvider> given = options.credentialsProvider()
                .or(() -> context.component(AwsCredentialsProvider.class));
        if (given.isPresent()) {
            return Optional.of(new AwsSession(options, region.get(), given.get(), false, httpClient, calls));
        }
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        request.attribute(DiagnosticRequest.Attributes.AWS_PROFILE).ifPresent(chain::profileName);
        return Optional.of(new AwsSession(options, region.get(), chain.build(), true, httpClient, calls));
    }

    /**
     * Resolves the credentials once before any call, so a machine without credentials leaves one clear gap
     * instead of one per call; returns false after recording that gap.
     */
    public boolean credentialsAvailable() {
        try {
            credentials.resolveCredentials();
            return true;
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            calls.addGap(CollectionGap.of(calls.providerId(), "anything from AWS",
                    "no AWS credentials could be resolved (" + detail + "); configure a profile, environment "
                            + "variables or a role, or pass a credentials provider", CollectionGap.Kind.ERROR));
            return false;
        }
    }

    /** The region calls go to. */
    public Region region() {
        return region;
    }

    /** The credentials calls are signed with. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The options in force. */
    public AwsClientOptions options() {
        return options;
    }

    /** The call runner of this collection. */
    public AwsCalls calls() {
        return calls;
    }

    /** Attempts beyond the first, over all calls so far. */
    public int retries() {
        return Math.max(0, attempts.get() - executions.get());
    }

    /** The ECS client. */
    public EcsClient ecs() {
        return client("ecs", EcsClient.builder(), region);
    }

    /** The CloudWatch Logs client for the session's region. */
    public CloudWatchLogsClient logs() {
        return logs(region);
    }

    /** The CloudWatch Logs client for another region, e.g. an {@code awslogs-region}. */
    public CloudWatchLogsClient logs(Region logsRegion) {
        return client("logs", CloudWatchLogsClient.builder(), logsRegion);
    }

    /** The CloudWatch (metrics) client. */
    public CloudWatchClient cloudWatch() {
        return client("monitoring", CloudWatchClient.builder(), region);
    }

    /** The ELBv2 client. */
    public ElasticLoadBalancingV2Client elb() {
        return client("elbv2", ElasticLoadBalancingV2Client.builder(), region);
    }

    /** The Lambda client. */
    public LambdaClient lambda() {
        return client("lambda", LambdaClient.builder(), region);
    }

    /** The EKS client. */
    public EksClient eks() {
        return client("eks", EksClient.builder(), region);
    }

    @SuppressWarnings("unchecked")
    private synchronized <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(
            String name, B builder, Region r) {
        String key = name + "@" + r.id();
        Object existing = byKey.get(key);
        if (existing != null) {
            return (C) existing;
        }
        builder.region(r)
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(o -> o.retryStrategy(retryStrategy).addExecutionInterceptor(new Counter()));
        options.endpointOverride().ifPresent(builder::endpointOverride);
        C client = builder.build();
        clients.add(client);
        byKey.put(key, client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (SdkAutoCloseable c : clients) {
            c.close();
        }
        clients.clear();
        byKey.clear();
        if (ownsCredentials && credentials instanceof SdkAutoCloseable c) {
            c.close();
        }
    }

    /** Counts executions and attempts, so the report can say how many retries were made. */
    private final class Counter implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            executions.incrementAndGet();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            attempts.incrementAndGet();
        }
    }
}
