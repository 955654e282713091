package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.ResourceState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Collects the evidence of one Lambda function: its configuration and state, the failure-bearing lines of
 * its CloudWatch log group, and its error, throttle, duration and concurrency metrics.
 */
public final class LambdaCollector {
    /**
     * The CloudWatch filter pattern used when the settings give none: the REPORT and INIT lines, timeouts,
     * runtime errors and the usual error words, so one page of a busy function still shows the failure.
     */
    public static final String DEFAULT_FILTER_PATTERN = "?REPORT ?INIT_REPORT ?\"Task timed out\" ?\"Runtime.\" "
            + "?ERROR ?Error ?error ?Exception ?exception ?Traceback ?errorType ?\"signal: killed\" ?FATAL ?WARN";
    private static final long MIB = 1024L * 1024L;
    private static final DateTimeFormatter LAMBDA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final AwsSession session;
    private final AwsCalls calls;
    private final String function;
    private final Optional<String> qualifier;
    private final Instant from;
    private final Instant to;

    /** A collector for the request's function; the deployment id, if any, is the version or alias. */
    public LambdaCollector(AwsSession session, DiagnosticRequest request) {
        this.session = session;
        this.calls = session.calls();
        this.function = request.service().orElseThrow();
        this.qualifier = request.deploymentId();
        Instant now = calls.context().clock().instant();
        this.from = request.windowStart(now);
        this.to = request.windowEnd(now);
    }

    /** Collects everything it can; every failure becomes a gap. */
    public void collect() {
        Optional<FunctionConfiguration> config = describe();
        String name = config.map(FunctionConfiguration::functionName).orElse(baseName(function));
        String group = "/aws/lambda/" + name;
        String pattern = calls.context().setting("filterPattern").orElse(DEFAULT_FILTER_PATTERN);
        new LogsReader(session).filterGroup(group, pattern, Optional.empty(), from, to, Optional.of(group),
                Map.of("function", name));
        new MetricsReader(session).read("AWS/Lambda", Map.of("FunctionName", name),
                List.of(new MetricsReader.Query("Errors", "Sum", "Count"),
                        new MetricsReader.Query("Throttles", "Sum", "Count"),
                        new MetricsReader.Query("Invocations", "Sum", "Count"),
                        new MetricsReader.Query("Duration", "Average", "Milliseconds"),
                        new MetricsReader.Query("Duration", "Maximum", "Milliseconds"),
                        new MetricsReader.Query("ConcurrentExecutions", "Maximum", "Count")),
                from, to);
    }

    /**
     * GetFunction, or GetFunctionConfiguration when a least-privilege policy grants only that: the
     * configuration is what matters, the code location is a bonus.
     */
    private Optional<FunctionConfiguration> describe() {
        String what = "Lambda function " + function;
        AwsCalls.Attempt<GetFunctionResponse> full = calls.attempt("lambda:GetFunction", what,
                o -> session.lambda().getFunction(b -> b.functionName(function).qualifier(qualifier.orElse(null))
                        .overrideConfiguration(o)));
        if (full.result().isPresent() && full.result().get().configuration() != null) {
            GetFunctionResponse r = full.result().get();
            String image = r.code() == null ? null
                    : r.code().resolvedImageUri() != null ? r.code().resolvedImageUri() : r.code().imageUri();
            addFunctionState(r.configuration(), image);
            return Optional.of(r.configuration());
        }
        if (full.gap().filter(g -> g.kind() == CollectionGap.Kind.PERMISSION_DENIED).isPresent()) {
            Optional<FunctionConfiguration> c = calls.call("lambda:GetFunctionConfiguration", what,
                    o -> session.lambda().getFunctionConfiguration(b -> b.functionName(function)
                            .qualifier(qualifier.orElse(null)).overrideConfiguration(o)))
                    .map(LambdaCollector::asConfiguration);
            if (c.isPresent()) {
                addFunctionState(c.get(), null);
                return c;
            }
        }
        full.gap().ifPresent(calls::addGap);
        return Optional.empty();
    }

    private void addFunctionState(FunctionConfiguration c, String image) {
        boolean updateFailed = "Failed".equals(c.lastUpdateStatusAsString());
        String reason = updateFailed ? c.lastUpdateStatusReasonCodeAsString() : c.stateReasonCodeAsString();
        String message = updateFailed ? c.lastUpdateStatusReason() : c.stateReason();
        ResourceState.Builder b = ResourceState.builder("function", Objects.toString(c.functionName(), function))
                .source("lambda function " + c.functionName())
                .status(Objects.toString(c.stateAsString(), "Unknown"))
                .reason(reason)
                .message(message)
                .timestamp(parseTime(c.lastModified()))
                .image(image)
                .attribute("runtime", c.runtimeAsString())
                .attribute("handler", c.handler())
                .attribute("timeout", str(c.timeout()))
                .attribute("memorySize", str(c.memorySize()))
                .attribute("lastUpdateStatus", c.lastUpdateStatusAsString())
                .attribute("lastUpdateStatusReason", c.lastUpdateStatusReason())
                .attribute("lastUpdateStatusReasonCode", c.lastUpdateStatusReasonCodeAsString())
                .attribute("stateReasonCode", c.stateReasonCodeAsString())
                .attribute("packageType", c.packageTypeAsString())
                .attribute("version", c.version())
                .attribute("role", c.role())
                .attribute("lastModified", c.lastModified())
                .attribute("architectures", c.hasArchitectures() ? String.join(",", c.architecturesAsStrings()) : null)
                .attribute("codeSize", str(c.codeSize()))
                .attribute("ephemeralStorage", c.ephemeralStorage() == null ? null : str(c.ephemeralStorage().size()));
        if (c.memorySize() != null) {
            b.memoryLimitBytes(c.memorySize() * MIB).attribute("limits.memory", c.memorySize() + "MB");
        }
        if (c.vpcConfig() != null && c.vpcConfig().hasSubnetIds() && !c.vpcConfig().subnetIds().isEmpty()) {
            b.attribute("vpc", c.vpcConfig().vpcId());
        }
        if (c.environment() != null && c.environment().error() != null) {
            b.attribute("environmentError", c.environment().error().errorCode() + ": " + c.environment().error().message());
        }
        calls.out().add(b.build());
    }

    /** The two calls answer the same members; copy them by name rather than by hand. */
    static FunctionConfiguration asConfiguration(GetFunctionConfigurationResponse r) {
        FunctionConfiguration.Builder b = FunctionConfiguration.builder();
        Map<String, SdkField<?>> targets = new HashMap<>();
        for (SdkField<?> f : b.sdkFields()) {
            targets.put(f.memberName(), f);
        }
        for (SdkField<?> f : r.sdkFields()) {
            SdkField<?> t = targets.get(f.memberName());
            if (t != null) {
                t.set(b, f.getValueOrDefault(r));
            }
        }
        return b.build();
    }

    private static Instant parseTime(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, LAMBDA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String baseName(String fn) {
        // an ARN names the function in its seventh part
        String[] parts = fn.split(":");
        return parts.length >= 7 && fn.startsWith("arn:") ? parts[6] : fn;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
