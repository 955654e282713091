package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.aws.internal.AwsSession;
import dev.deploydiagnostics.aws.internal.EcsCollector;

/**
 * Collects evidence for a failed Amazon ECS service deployment: the service's deployments and events, its
 * recent stopped and running tasks with their containers and task definitions, the containers' awslogs
 * logs, CloudWatch CPU and memory utilisation, and the health of its load-balancer targets.
 *
 * <p>Supports requests for platform {@code aws-ecs} that name a service; the cluster defaults to
 * {@code default}. Discovered with {@link java.util.ServiceLoader}; construct it with
 * {@link AwsClientOptions} to fix credentials, region or endpoint.
 */
@Experimental("new evidence may be added")
public final class EcsProvider extends AwsProviderBase {
    /** This provider's id. */
    public static final String ID = "aws-ecs";

    /** A provider with the default options: credentials and region from the SDK's default chains. */
    public EcsProvider() {
        this(AwsClientOptions.defaults());
    }

    /** A provider with the given options. */
    public EcsProvider(AwsClientOptions options) {
        super(ID, Platform.AWS_ECS, options);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AWS_ECS::equals).isPresent() && request.service().isPresent();
    }

    @Override
    void collectWith(AwsSession session, DiagnosticRequest request) {
        new EcsCollector(session, request).collect();
    }
}
