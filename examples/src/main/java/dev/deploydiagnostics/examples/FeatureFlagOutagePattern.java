package dev.deploydiagnostics.examples;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.Remedy;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-Java pattern: logic a YAML indicator cannot express. It fires when an app both fails to reach its
 * feature-flag service and then refuses to start without flags, and counts the attempts.
 *
 * <p>Register it with {@code Diagnostics.builder().pattern(new FeatureFlagOutagePattern())}, or list it in
 * {@code META-INF/services/dev.deploydiagnostics.api.FailurePattern} to have it found on the class path.
 */
public final class FeatureFlagOutagePattern implements FailurePattern {

    @Override
    public String id() {
        return "acme.feature-flags-unreachable";
    }

    @Override
    public Category category() {
        return Category.DEPENDENCY_UNREACHABLE;
    }

    @Override
    public String description() {
        return "The app cannot start because the feature-flag service does not answer";
    }

    @Override
    public List<Finding> match(EvidenceBundle evidence, MatchContext context) {
        List<LogLine> attempts = new ArrayList<>();
        LogLine refusal = null;
        for (LogLine l : evidence.logs()) {
            String m = l.message();
            if (m.contains("flags.acme.internal") && (m.contains("timeout") || m.contains("refused"))) {
                attempts.add(l);
            } else if (m.contains("refusing to start without feature flags")) {
                refusal = l;
            }
        }
        if (attempts.isEmpty() || refusal == null) {
            return List.of();
        }
        // More failed attempts make a passing blip less likely.
        double confidence = Math.min(0.97, 0.75 + 0.05 * attempts.size());
        List<LogLine> cited = new ArrayList<>(attempts);
        cited.add(refusal);
        return List.of(Finding.builder(id(), category())
                .title("The feature-flag service did not answer " + attempts.size() + " attempts, so the app refused to start")
                .confidence(confidence)
                .explanation("Start-up needs the flags; the service at flags.acme.internal timed out or refused every call.")
                .evidence(cited)
                .remedy(Remedy.builder("Restore the feature-flag service, or start with cached flags")
                        .step("Check the flags service: kubectl -n platform get pods -l app=flags")
                        .step("Or set FLAGS_FALLBACK=cached to start with the last known flags")
                        .config("yaml", "env:\n  - name: FLAGS_FALLBACK\n    value: cached\n")
                        .documentation("https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/")
                        .build())
                .build());
    }
}
