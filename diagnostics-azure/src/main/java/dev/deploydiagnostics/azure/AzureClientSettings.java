package dev.deploydiagnostics.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import dev.deploydiagnostics.api.Experimental;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Azure providers reach Azure: the HTTP client (OkHttp by default), the Azure cloud (public Azure by
 * default, or a sovereign cloud), and the Log Analytics query endpoint. Tests and proxies point these
 * elsewhere.
 */
@Experimental("may gain retry and proxy settings")
public final class AzureClientSettings {
    /** The public Log Analytics query endpoint. */
    public static final String DEFAULT_LOGS_ENDPOINT = "https://api.loganalytics.io/v1";

    private final HttpClient httpClient;
    private final AzureEnvironment environment;
    private final String logsEndpoint;
    private final String tenantId;

    private AzureClientSettings(Builder b) {
        this.httpClient = b.httpClient != null ? b.httpClient : new OkHttpAsyncHttpClientBuilder().build();
        this.environment = b.environment;
        this.logsEndpoint = b.logsEndpoint;
        this.tenantId = b.tenantId;
    }

    /** Public Azure through a default OkHttp client. */
    public static AzureClientSettings defaults() {
        return builder().build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The HTTP client every Azure call goes through. */
    public HttpClient httpClient() {
        return httpClient;
    }

    /** The Azure cloud whose Resource Manager endpoint is called. */
    public AzureEnvironment environment() {
        return environment;
    }

    /** The Log Analytics query endpoint. */
    public String logsEndpoint() {
        return logsEndpoint;
    }

    /** The tenant for {@code DefaultAzureCredential}, when set. */
    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** Builds {@link AzureClientSettings}. */
    public static final class Builder {
        private HttpClient httpClient;
        private AzureEnvironment environment = AzureEnvironment.AZURE;
        private String logsEndpoint = DEFAULT_LOGS_ENDPOINT;
        private String tenantId;

        private Builder() {
        }

        /** The HTTP client; build one with {@link OkHttpAsyncHttpClientBuilder}. */
        public Builder httpClient(HttpClient value) { this.httpClient = Objects.requireNonNull(value, "httpClient"); return this; }
        /** The Azure cloud, e.g. {@link AzureEnvironment#AZURE_CHINA}. */
        public Builder environment(AzureEnvironment value) { this.environment = Objects.requireNonNull(value, "environment"); return this; }
        /** Public Azure, but with Resource Manager at this URL (ending in {@code /}). */
        public Builder resourceManagerEndpoint(String url) {
            Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            endpoints.put("resourceManagerEndpointUrl", url.endsWith("/") ? url : url + "/");
            this.environment = new AzureEnvironment(endpoints);
            return this;
        }
        /** The Log Analytics query endpoint. */
        public Builder logsEndpoint(String url) { this.logsEndpoint = Objects.requireNonNull(url, "logsEndpoint"); return this; }
        /** The tenant for {@code DefaultAzureCredential}. */
        public Builder tenantId(String value) { this.tenantId = value; return this; }

        /** Builds the settings. */
        public AzureClientSettings build() {
            return new AzureClientSettings(this);
        }
    }
}
