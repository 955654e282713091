package dev.deploydiagnostics.core.redact;

import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret embedded anywhere in arbitrary text never survives into any rendered format.
 */
class RedactionProperties {

    /** A generated secret and the text it is embedded in. */
    record Secret(String value, String embedded) {
    }

    private static DiagnosticEngine engine;
    /** The bundle the next analysis collects; properties run one at a time. */
    private static final AtomicReference<EvidenceBundle> NEXT = new AtomicReference<>(EvidenceBundle.empty());

    @BeforeContainer
    static void start() {
        // No cache: every try must collect its own generated bundle.
        engine = Diagnostics.builder().discovery(false)
                .config(dev.deploydiagnostics.core.config.DiagnosticsConfig.DEFAULTS
                        .withCache(new dev.deploydiagnostics.core.config.CacheSettings(java.time.Duration.ZERO, 0)))
                .provider(new DiagnosticProvider() {
            @Override
            public String id() {
                return "generated";
            }

            @Override
            public boolean supports(DiagnosticRequest request) {
                return true;
            }

            @Override
            public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
                return NEXT.get();
            }
        }).build();
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    @Property(tries = 300)
    void secretsNeverSurviveRedactionOfText(@ForAll("secrets") Secret secret) {
        assertThat(new Redactor().redact(secret.embedded())).doesNotContain(secret.value());
    }

    @Property(tries = 60)
    void secretsNeverSurviveIntoAnyRenderedFormat(@ForAll("secrets") Secret secret) throws Exception {
        Instant t = Instant.parse("2024-03-01T12:00:00Z");
        EvidenceBundle bundle = EvidenceBundle.of(List.of(
                new LogLine(Optional.of(t), "app", secret.embedded(), Severity.ERROR, 1, Map.of()),
                Event.of("kubelet", "Warning", "Failed", secret.embedded(), "Pod/api", t),
                ResourceState.builder("container", "api/app").status("Terminated").reason("Error").exitCode(1)
                        .message(secret.embedded()).attribute("env", secret.embedded()).build()));
        NEXT.set(bundle);
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().build());
        for (String format : engine.renderers().keySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine.render(report, format, out, new RenderOptions(false, true, 50));
            assertThat(out.toString(StandardCharsets.UTF_8)).as("format %s", format).doesNotContain(secret.value());
        }
    }

    /** Skipping a rule whose literals a text lacks must never change what the rules make of it. */
    @Property(tries = 3000)
    void skippingRulesByTheirLiteralsChangesNothing(@ForAll("secretsAndLookalikes") String text) {
        assertThat(Redactor.applyRules(text, true)).isEqualTo(Redactor.applyRules(text, false));
    }

    @Provide
    Arbitrary<String> secretsAndLookalikes() {
        Arbitrary<String> piece = Arbitraries.oneOf(secrets().map(Secret::embedded),
                Arbitraries.of("Password", "PASS", "pwd", "Secret", "TOKEN", "api-key", "ApiKey", "ACCESS_KEY", "Private_Key",
                        "accountKEY", "Credentials", "AUTHORIZATION", "Bearer ", "BASIC ", "eyJ", "://", "--password ",
                        "--TOKEN=", "akia", "AKIA", "ASIA", "AIza", "SIG=", "?sig=", "&Sig=", "ghp_", "GHP_", "glpat-", "xoxb-",
                        "sk_live_", "rk_TEST_", "npm_", "-----BEGIN ", "-----begin ", "\u212Aey", "pa\u017F\u017F", "é"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24));
        return piece.list().ofMaxSize(6).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<Secret> secrets() {
        Arbitrary<String> noise = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)
                .map(s -> s.replaceAll("[A-Za-z0-9/+=_-]+$", ""));
        Arbitrary<String> token = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('A', 'Q', 'Z')
                .ofMinLength(12).ofMaxLength(40).map(s -> "Zq9" + s);
        Arbitrary<Secret> keyed = Combinators.combine(
                Arbitraries.of("password", "PASSWORD", "secret", "token", "api_key", "apiKey", "client_secret", "AccountKey", "x-api-key"),
                Arbitraries.of("=", ": ", "=\"", "\": \""), token)
                .as((k, sep, v) -> new Secret(v, k + sep + v));
        Arbitrary<Secret> url = Combinators.combine(Arbitraries.of("postgres", "mysql", "mongodb+srv", "redis", "amqp", "https"), token)
                .as((scheme, v) -> new Secret(v, scheme + "://user:" + v + "@host.internal:5432/db"));
        Arbitrary<Secret> akid = Arbitraries.strings().withCharRange('A', 'Z').numeric().ofLength(16)
                .map(s -> new Secret("AKIA" + s, "AKIA" + s));
        Arbitrary<Secret> bearer = token.map(v -> new Secret(v, "Authorization: Bearer " + v));
        Arbitrary<Secret> jwt = Combinators.combine(token, token, token)
                .as((a, b, c) -> new Secret(b + "." + c, "eyJ" + a + ".eyJ" + b + "." + c));
        Arbitrary<Secret> sas = token.map(v -> new Secret(v, "https://a.blob.core.windows.net/c?sv=2022&sig=" + v));
        Arbitrary<Secret> pem = token.map(v -> new Secret(v, "-----BEGIN PRIVATE KEY-----" + v + "-----END PRIVATE KEY-----"));
        Arbitrary<Secret> github = Arbitraries.strings().alpha().numeric().ofLength(36).map(v -> new Secret(v, "ghp_" + v));
        return Combinators.combine(noise, Arbitraries.oneOf(keyed, url, akid, bearer, jwt, sas, pem, github), noise)
                .as((before, s, after) -> new Secret(s.value(), before + " " + s.embedded() + " " + after));
    }
}
