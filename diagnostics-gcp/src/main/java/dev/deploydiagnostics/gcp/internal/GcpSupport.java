package dev.deploydiagnostics.gcp.internal;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Credentials, project and log queries shared by the Google Cloud providers. */
public final class GcpSupport {
    /** The OAuth scope every API the providers call accepts. */
    public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private GcpSupport() {
    }

    /**
     * The credentials for one collection: a {@link GoogleCredentials} registered with the context wins, then
     * the provider's own, then Application Default Credentials.
     */
    public static GoogleCredentials credentials(CollectionContext context, Optional<GoogleCredentials> own)
            throws IOException {
        Optional<GoogleCredentials> registered = context.component(GoogleCredentials.class);
        if (registered.isPresent()) {
            return registered.get();
        }
        if (own.isPresent()) {
            return own.get();
        }
        GoogleCredentials adc = GoogleCredentials.getApplicationDefault();
        return adc.createScopedRequired() ? adc.createScoped(CLOUD_PLATFORM_SCOPE) : adc;
    }

    /**
     * The project: the request's, else the one gcloud and the client libraries read from the environment,
     * else a service account key's.
     */
    public static Optional<String> project(DiagnosticRequest request, Function<String, String> env,
                                           Optional<GoogleCredentials> credentials) {
        if (request.project().isPresent()) {
            return request.project();
        }
        for (String key : List.of("GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT")) {
            String v = env.apply(key);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return credentials.filter(ServiceAccountCredentials.class::isInstance)
                .map(c -> ((ServiceAccountCredentials) c).getProjectId())
                .filter(p -> p != null && !p.isBlank());
    }

    /** Entries a query returned, newest first, and whether more matched than were read. */
    public record Page(List<LogEntry> entries, boolean truncated) {
    }

    /**
     * Lists log entries newest first, reading pages until {@code max} entries or the deadline.
     *
     * @param what what the entries are, for a gap
     */
    public static Page listEntries(LoggingClient client, String project, String filter, int max,
                                   CollectionContext context, String provider, String what)
            throws GcpCalls.GapException {
        List<LogEntry> entries = new ArrayList<>();
        String token = "";
        boolean more;
        do {
            ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder()
                    .addResourceNames("projects/" + project)
                    .setFilter(filter)
                    .setOrderBy("timestamp desc")
                    .setPageSize(Math.min(1000, Math.max(1, max - entries.size())))
                    .setPageToken(token)
                    .build();
            ListLogEntriesResponse response = GcpCalls.call(client.listLogEntriesCallable(), request, context,
                    provider, what, "logging.logEntries.list");
            entries.addAll(response.getEntriesList());
            token = response.getNextPageToken();
            more = !token.isEmpty();
        } while (more && entries.size() < max && !context.isExpired());
        if (entries.size() > max) {
            return new Page(List.copyOf(entries.subList(0, max)), true);
        }
        return new Page(List.copyOf(entries), more);
    }
}
