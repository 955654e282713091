package dev.deploydiagnostics.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.azure.AzureClientSettings;
import java.util.Optional;

/** Credentials and profiles shared by the Azure providers. */
public final class AzureSupport {

    private AzureSupport() {
    }

    /**
     * The credential for one collection: a {@link TokenCredential} registered with the context wins, then the
     * provider's own, then {@code DefaultAzureCredential} (environment, workload identity, managed identity,
     * Azure CLI, ...).
     */
    public static TokenCredential credential(CollectionContext context, Optional<TokenCredential> own,
                                             AzureClientSettings settings) {
        return context.component(TokenCredential.class).or(() -> own).orElseGet(() -> {
            DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().httpClient(settings.httpClient());
            settings.tenantId().ifPresent(b::tenantId);
            return b.build();
        });
    }

    /** The profile naming the subscription and cloud. */
    public static AzureProfile profile(String subscription, AzureClientSettings settings) {
        AzureEnvironment env = settings.environment();
        return new AzureProfile(settings.tenantId().orElse(null), subscription, env);
    }
}
