package dev.deploydiagnostics.aws.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Makes the bearer token an EKS API server accepts: a presigned STS GetCallerIdentity URL whose signature
 * covers the {@code x-k8s-aws-id} header naming the cluster, base64url-encoded without padding and prefixed
 * {@code k8s-aws-v1.}, as {@code aws eks get-token} makes it.
 */
public final class EksToken {
    /** The prefix of every EKS token. */
    public static final String PREFIX = "k8s-aws-v1.";
    /** The header that binds the token to one cluster. */
    public static final String CLUSTER_HEADER = "x-k8s-aws-id";
    /** How long the presigned URL is valid; the API server accepts up to 15 minutes, the CLI signs for 60 s. */
    public static final Duration EXPIRY = Duration.ofSeconds(60);

    private EksToken() {
    }

    /** A token for {@code cluster}, signed with {@code credentials} for the regional STS endpoint. */
    public static String create(String cluster, Region region, AwsCredentialsIdentity credentials, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host("sts." + region.id() + ".amazonaws.com")
                .encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, cluster)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, EXPIRY)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        String url = signed.request().getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
