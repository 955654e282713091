package dev.deploydiagnostics.core.redact;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from evidence before anything is analysed, kept or rendered, leaving the shape so a reader
 * still understands what was there: {@code postgres://app:****@db:5432/app}, {@code password=****},
 * {@code AKIA****}.
 *
 * <p>Covers AWS access key ids and secret keys, bearer tokens and JWTs, private key blocks (also across
 * lines), passwords in URLs and connection strings, {@code password=}/{@code secret=}/{@code token=}/
 * {@code api_key=} style values, GCP service-account keys and API keys, Azure connection strings and SAS
 * signatures, and common vendor tokens. Thread-safe.
 */
public final class Redactor {
    /** What replaces a secret. */
    public static final String MASK = "****";

    /**
     * One expression and its replacement, with a cheap test it must pass first: literals of which the text
     * (or its lower-case form, for expressions that ignore case) must contain one, or none to always run.
     */
    private record Rule(Pattern pattern, String replacement, boolean ignoreCase, String... literals) {
        String apply(String s, String lower, boolean shortcut) {
            if (shortcut && literals.length > 0) {
                String in = ignoreCase ? lower : s;
                boolean any = false;
                for (String l : literals) {
                    if (in.contains(l)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return s;
                }
            }
            return pattern.matcher(s).replaceAll(replacement);
        }
    }

    private static final String KEY_WORDS = "password|passwd|pwd|pass|secret|client[_-]?secret|token|access[_-]?token"
            + "|refresh[_-]?token|id[_-]?token|auth[_-]?token|api[_-]?key|apikey|x-api-key|access[_-]?key|secret[_-]?key"
            + "|aws_secret_access_key|secretaccesskey|private[_-]?key|private_key_id|accountkey|sharedaccesskey"
            + "|credentials?|authorization";

    // Each rule names literals one of which every match contains, so most lines skip most expressions; a test
    // holds each rule to matching nothing its literals rule out.
    private static final List<Rule> RULES = List.of(
            // Whole private key blocks on one line (e.g. a JSON service-account key with escaped newlines).
            new Rule(Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----"),
                    "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----", false, "-----BEGIN "),
            // Bearer / Basic credentials in headers.
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{6,}"), "$1$2" + MASK, true,
                    "bearer", "basic"),
            // JWTs anywhere.
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"), "eyJ" + MASK, false,
                    "eyJ"),
            // user:password@host in URLs and connection strings.
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{1,20}://[^:/?#\\s@]*:)([^@\\s/]+)(@)"), "$1" + MASK + "$3",
                    false, "://"),
            // key=value, key: value, "key": "value" (quotes kept).
            new Rule(Pattern.compile("(?i)((?<![A-Za-z0-9])(?:" + KEY_WORDS + ")[\"']?\\s*[:=]\\s*[\"']?)"
                    + "(?!\\*\\*\\*\\*)(?!(?i:bearer|basic)\\s)([^\\s\"',;&}{)(\\]\\[]+)"), "$1" + MASK, true,
                    "pass", "pwd", "secret", "token", "api", "access", "private", "accountkey", "credential",
                    "authorization"),
            // --password value, -p style flags with a word value.
            new Rule(Pattern.compile("(?i)(--(?:password|token|secret|api-key|client-secret)[= ])(\\S+)"), "$1" + MASK,
                    false, "--"),
            // AWS access key ids.
            new Rule(Pattern.compile("\\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA))[A-Z0-9]{16}\\b"), "$1" + MASK,
                    false, "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "ABIA", "ACCA"),
            // Google API keys.
            new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"), "AIza" + MASK, false, "AIza"),
            // Azure SAS signatures.
            new Rule(Pattern.compile("(?i)([?&]sig=)[^&\\s\"']+"), "$1" + MASK, true, "sig="),
            // GitHub, GitLab, Slack, Stripe, npm tokens.
            new Rule(Pattern.compile("\\b(gh[pousr]_)[A-Za-z0-9]{30,}\\b"), "$1" + MASK, false,
                    "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            new Rule(Pattern.compile("\\b(glpat-)[A-Za-z0-9_-]{20,}\\b"), "$1" + MASK, false, "glpat-"),
            new Rule(Pattern.compile("\\b(xox[abprs]-)[A-Za-z0-9-]{10,}\\b"), "$1" + MASK, false, "xox"),
            new Rule(Pattern.compile("\\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{16,}\\b"), "$1" + MASK, false,
                    "_live_", "_test_"),
            new Rule(Pattern.compile("\\b(npm_)[A-Za-z0-9]{30,}\\b"), "$1" + MASK, false, "npm_"));

    private static final Pattern BEGIN_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern END_KEY = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY-----");

    /** Redacts one piece of text. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = applyRules(text, true);
        // A key block whose END is on a later line: mask everything after BEGIN on this line.
        Matcher begin = BEGIN_KEY.matcher(out);
        if (begin.find() && !END_KEY.matcher(out).find(begin.end()) && !out.substring(begin.end()).isBlank()) {
            out = out.substring(0, begin.end()) + MASK;
        }
        return out;
    }

    /** Every rule in turn; with {@code shortcuts}, a rule whose literals the text lacks is skipped. */
    static String applyRules(String text, boolean shortcuts) {
        String out = text;
        String lower = text.toLowerCase(Locale.ROOT);
        for (Rule r : RULES) {
            String next = r.apply(out, lower, shortcuts);
            if (next != out) {
                out = next;
                lower = out.toLowerCase(Locale.ROOT);
            }
        }
        return out;
    }

    /** Redacts every item in a bundle, including private key blocks spread over several log lines. */
    public EvidenceBundle redact(EvidenceBundle bundle) {
        EvidenceBundle.Builder b = EvidenceBundle.builder();
        bundle.platforms().forEach(b::platform);
        b.droppedLogLines(bundle.droppedLogLines());
        Map<String, Boolean> insideKey = new LinkedHashMap<>();
        for (Evidence e : bundle.items()) {
            if (e instanceof LogLine l) {
                boolean inside = insideKey.getOrDefault(l.source(), false);
                String msg = l.message();
                if (inside) {
                    if (END_KEY.matcher(msg).find()) {
                        insideKey.put(l.source(), false);
                        Matcher end = END_KEY.matcher(msg);
                        end.find();
                        msg = MASK + msg.substring(end.start());
                    } else {
                        msg = MASK;
                    }
                } else {
                    Matcher begin = BEGIN_KEY.matcher(msg);
                    if (begin.find() && !END_KEY.matcher(msg).find(begin.end())) {
                        insideKey.put(l.source(), true);
                    }
                }
                // the message is redacted here, once; redact(LogLine) would do it again
                b.add(new LogLine(l.timestamp(), l.source(), redact(msg), l.severity(), l.lineNumber(),
                        attrs(l.attributes())));
            } else {
                b.add(redact(e));
            }
        }
        return b.build();
    }

    /** Redacts one item of evidence. */
    public Evidence redact(Evidence e) {
        if (e instanceof LogLine l) {
            String m = redact(l.message());
            return new LogLine(l.timestamp(), l.source(), m, l.severity(), l.lineNumber(), attrs(l.attributes()));
        } else if (e instanceof Event ev) {
            return new Event(ev.timestamp(), ev.firstTimestamp(), ev.source(), ev.type(), ev.reason(),
                    redact(ev.message()), ev.involvedObject(), ev.count(), attrs(ev.attributes()));
        } else if (e instanceof ResourceState s) {
            return new ResourceState(s.timestamp(), s.source(), s.kind(), s.name(), s.status(),
                    s.reason().map(this::redact), s.message().map(this::redact), s.exitCode(), s.restartCount(),
                    s.image().map(this::redact), s.memoryLimitBytes(), s.lastTermination().map(this::redact),
                    attrs(s.attributes()));
        } else if (e instanceof MetricSample m) {
            return new MetricSample(m.at(), m.source(), m.name(), m.value(), m.unit(), attrs(m.attributes()));
        } else if (e instanceof CollectionGap g) {
            return new CollectionGap(g.provider(), redact(g.what()), redact(g.reason()), g.kind(), g.permission());
        }
        return e;
    }

    private Termination redact(Termination t) {
        return new Termination(redact(t.reason()), t.exitCode(), t.signal(), t.message().map(this::redact), t.finishedAt());
    }

    private Map<String, String> attrs(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return attributes;
        }
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : redact(v)));
        return out;
    }

    private static final Pattern SECRET_KEY = Pattern.compile("(?i)(?:^|[._-])(?:" + KEY_WORDS + ")$");

    private static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).find();
    }

    /** Redacts text that may be absent. */
    public Optional<String> redact(Optional<String> text) {
        return text.map(this::redact);
    }
}
