package dev.deploydiagnostics.core.pattern.builtin;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Remedy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Lambda invocations that ran out of memory by reading the {@code REPORT} lines Lambda writes after each
 * invocation: when {@code Max Memory Used} reaches about 95% of {@code Memory Size}, the function was at its
 * limit, which YAML indicators cannot compare. Reaching the limit alone is only a lead: a function may fill its
 * memory and still succeed (and {@code sam local} reports the memory size as used), so the kill or the
 * out-of-memory error type is what makes it the cause.
 */
public final class LambdaMemoryReportPattern implements FailurePattern {
    /** The pattern id. */
    public static final String ID = "lambda.memory-exhausted-report";
    /** Share of the configured memory at which an invocation counts as having run out. */
    static final double THRESHOLD = 0.95;

    private static final Pattern REPORT = Pattern.compile(
            "Memory Size:\\s*(\\d+)\\s*MB\\s+Max Memory Used:\\s*(\\d+)\\s*MB", Pattern.CASE_INSENSITIVE);
    private static final Pattern KILLED = Pattern.compile(
            "Runtime exited with error: signal: killed|Runtime\\.OutOfMemory|Runtime\\.ExitError|Error Type: Runtime\\.\\w+",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_LAMBDA_MB = 10_240;
    /** Items looked at, so evidence with millions of lines stays fast. */
    private static final int MAX_SCANNED = 16_384;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.OOM_KILLED;
    }

    @Override
    public String description() {
        return "Lambda REPORT line shows Max Memory Used at or near Memory Size";
    }

    @Override
    public Set<Platform> platforms() {
        return Set.of(Platform.AWS_LAMBDA);
    }

    @Override
    public Set<String> outranks() {
        return Set.of("lambda.signal-killed", "lambda.runtime-exit-error");
    }

    @Override
    public List<String> signals() {
        return List.of("log REPORT line with Max Memory Used >= 95% of Memory Size (0.4 alone)",
                "text /Runtime exited with error: signal: killed|Runtime.OutOfMemory|Runtime.ExitError|Error Type: Runtime.*/"
                        + " with such a REPORT line (0.9)");
    }

    @Override
    public String remedyTitle() {
        return "Raise the function's memory above the {memorySize} MB it used up";
    }

    @Override
    public List<Finding> match(EvidenceBundle evidence, MatchContext context) {
        if (context.platform().isPresent() && !context.platform().get().equals(Platform.AWS_LAMBDA)) {
            return List.of();
        }
        Evidence worst = null;
        long worstSize = 0;
        long worstUsed = 0;
        double worstRatio = 0;
        Evidence killed = null;
        int scanned = 0;
        for (Evidence e : evidence.items()) {
            if (++scanned > MAX_SCANNED) {
                break;
            }
            String text = e.text();
            String head = text.length() > 8192 ? text.substring(0, 8192) : text;
            Matcher m = REPORT.matcher(head);
            // the REPORT line itself carries "Status: error Error Type: Runtime.OutOfMemory" on newer runtimes
            if (killed == null && KILLED.matcher(head).find()) {
                killed = e;
            }
            if (m.find()) {
                long size = parse(m.group(1));
                long used = parse(m.group(2));
                if (size > 0) {
                    double ratio = used / (double) size;
                    if (ratio > worstRatio) {
                        worst = e;
                        worstRatio = ratio;
                        worstSize = size;
                        worstUsed = used;
                    }
                }
            }
        }
        if (worst == null || worstRatio < THRESHOLD) {
            return List.of();
        }
        // At the limit and killed is decisive; at the limit alone, a lead below the root-cause threshold.
        double confidence = killed != null ? 0.9 : 0.4;
        long suggested = Math.min(MAX_LAMBDA_MB, Math.max(worstSize + 128, (long) Math.ceil(worstSize * 1.5)));
        String percent = String.format(Locale.ROOT, "%.0f%%", 100 * worstRatio);
        List<Evidence> cited = new ArrayList<>();
        cited.add(worst);
        if (killed != null && killed != worst) {
            cited.add(killed);
        }
        String function = context.request().service().orElse("my-function");
        Remedy remedy = Remedy.builder("Raise the function's memory above the " + worstSize + " MB it used up")
                .step("The invocation used " + worstUsed + " MB of its " + worstSize + " MB (" + percent
                        + "); Lambda stops a function that reaches its memory size.")
                .step("Raise MemorySize to about " + suggested + " MB (Lambda allows up to " + MAX_LAMBDA_MB
                        + " MB; more memory also brings more CPU).")
                .step("If use keeps growing between invocations, look for data kept in global variables or caches "
                        + "that outlive the handler.")
                .config("shell", "aws lambda update-function-configuration --function-name " + function
                        + " --memory-size " + suggested)
                .documentation("https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html")
                .build();
        Finding f = Finding.builder(ID, Category.OOM_KILLED)
                .title("Function used " + worstUsed + " MB of its " + worstSize + " MB memory (" + percent + ")")
                .confidence(confidence)
                .explanation("The REPORT line shows Max Memory Used " + worstUsed + " MB against Memory Size "
                        + worstSize + " MB" + (killed != null ? ", and the runtime was killed" : "")
                        + ": the function ran out of memory.")
                .evidence(cited)
                .remedy(remedy)
                .fact("memorySize", Long.toString(worstSize))
                .fact("maxMemoryUsed", Long.toString(worstUsed))
                .build();
        return List.of(f);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
