package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.aws.internal.AwsSession;
import dev.deploydiagnostics.aws.internal.LambdaCollector;

/**
 * Collects evidence for a failing AWS Lambda function: its configuration and state, the failure-bearing lines
 * of {@code /aws/lambda/NAME} (REPORT lines, timeouts, runtime and init errors), and its Errors, Throttles,
 * Invocations, Duration and ConcurrentExecutions metrics.
 *
 * <p>Supports requests for platform {@code aws-lambda} that name the function as the service; a deployment id
 * is used as the version or alias. The setting {@code filterPattern} replaces the default CloudWatch filter
 * pattern; an empty one reads every line.
 */
@Experimental("new evidence may be added")
public final class LambdaProvider extends AwsProviderBase {
    /** This provider's id. */
    public static final String ID = "aws-lambda";

    /** A provider with the default options: credentials and region from the SDK's default chains. */
    public LambdaProvider() {
        this(AwsClientOptions.defaults());
    }

    /** A provider with the given options. */
    public LambdaProvider(AwsClientOptions options) {
        super(ID, Platform.AWS_LAMBDA, options);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AWS_LAMBDA::equals).isPresent() && request.service().isPresent();
    }

    @Override
    void collectWith(AwsSession session, DiagnosticRequest request) {
        new LambdaCollector(session, request).collect();
    }
}
