package dev.deploydiagnostics.core.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.ProviderRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans callbacks out to the registered listeners; a listener that throws is logged once and skipped from
 * then on, so a broken listener never costs an analysis.
 */
public final class SafeListener implements DiagnosticListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final List<DiagnosticListener> listeners;
    private final Set<DiagnosticListener> broken = ConcurrentHashMap.newKeySet();

    /** Wraps the listeners. */
    public SafeListener(List<DiagnosticListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<DiagnosticListener> call) {
        for (DiagnosticListener l : listeners) {
            if (broken.contains(l)) {
                continue;
            }
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                if (broken.add(l)) {
                    LOG.warn("listener {} threw {} and is skipped from now on", l.getClass().getName(), e.toString());
                }
            }
        }
    }

    @Override
    public void analysisStarted(DiagnosticRequest request) {
        each(l -> l.analysisStarted(request));
    }

    @Override
    public void providerStarted(String providerId, DiagnosticRequest request) {
        each(l -> l.providerStarted(providerId, request));
    }

    @Override
    public void providerFinished(ProviderRun run) {
        each(l -> l.providerFinished(run));
    }

    @Override
    public void providerFailed(ProviderRun run, CollectionGap gap) {
        each(l -> l.providerFailed(run, gap));
    }

    @Override
    public void patternFailed(String patternId, String problem) {
        each(l -> l.patternFailed(patternId, problem));
    }

    @Override
    public void resilienceEvent(String providerId, String component, String event) {
        each(l -> l.resilienceEvent(providerId, component, event));
    }

    @Override
    public void analysisFinished(DiagnosticReport report, Duration duration) {
        each(l -> l.analysisFinished(report, duration));
    }
}
