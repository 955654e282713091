package dev.deploydiagnostics.cli;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticsException;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.core.config.ConfigLoader;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import dev.deploydiagnostics.sinks.DispatchResult;
import dev.deploydiagnostics.sinks.ReportDispatcher;
import dev.deploydiagnostics.sinks.SinkResult;
import dev.deploydiagnostics.sinks.SinksConfig;
import dev.deploydiagnostics.core.eval.Evaluation;
import dev.deploydiagnostics.core.similarity.SimilarityModel;
import dev.deploydiagnostics.core.similarity.SimilarityTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The {@code diagnose} command: tells why a deployment failed, from offline evidence (files, directories,
 * standard input) or from the platform's APIs, and prints or writes the report.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true, versionProvider = DiagnoseCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Tells why a deployment failed and how to fix it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the analysis ran (any verdict; with --exit-code: no failure found)",
                "1:with --exit-code: root cause found",
                "2:with --exit-code: inconclusive, signs of failure but no certain cause",
                "3:with --exit-code: nothing could be collected",
                "64:usage or configuration error",
                "70:internal error (run with --verbose for details)"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  diagnose --input examples/bundles/k8s-oom",
                "  kubectl describe pod api-7d9 | diagnose --input -",
                "  diagnose --platform kubernetes --namespace shop --deployment checkout",
                "  diagnose --platform aws-ecs --cluster prod --service api --region eu-west-1",
                "  diagnose --input bundle/ --format json --output report.json"})
public final class DiagnoseCommand implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, paramLabel = "PATH|-",
            description = "Offline evidence: a file, a directory, or - for standard input. Repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-p", "--platform"}, paramLabel = "ID",
            description = "The platform: kubernetes, aws-ecs, aws-eks, aws-lambda, gcp-cloud-run, gcp-gke, azure-aci, "
                    + "azure-aks, docker. A hint for offline evidence; required to call a platform's API.")
    String platform;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Output format: text, json, markdown, html, pdf, csv, junit, or any renderer on the class path. Default: text, or the config file's.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE, in the format its extension names (.json, .txt, ...). Repeatable.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A diagnostics.yaml configuration file.")
    Path config;

    @Option(names = "--patterns", paramLabel = "FILE", description = "An extra YAML pattern catalog. Repeatable.")
    List<Path> patterns = new ArrayList<>();

    @Option(names = "--list-patterns", description = "List every pattern (id, category, platforms, signals, remedy) and exit.")
    boolean listPatterns;

    @Option(names = "--namespace", description = "Kubernetes namespace.")
    String namespace;

    @Option(names = "--deployment", description = "Kubernetes Deployment name.")
    String deployment;

    @Option(names = "--statefulset", description = "Kubernetes StatefulSet name.")
    String statefulSet;

    @Option(names = "--daemonset", description = "Kubernetes DaemonSet name.")
    String daemonSet;

    @Option(names = "--job", description = "Kubernetes Job name.")
    String job;

    @Option(names = "--pod", description = "Kubernetes pod name.")
    String pod;

    @Option(names = {"-l", "--selector"}, description = "Kubernetes label selector, e.g. app=api.")
    String selector;

    @Option(names = "--context", description = "kubeconfig context.")
    String kubeContext;

    @Option(names = "--kubeconfig", description = "kubeconfig file.")
    Path kubeconfig;

    @Option(names = {"-s", "--service"}, description = "Service name (ECS service, Cloud Run service, workload).")
    String service;

    @Option(names = "--function", description = "Lambda function name.")
    String function;

    @Option(names = "--cluster", description = "Cluster (ECS, EKS, GKE, AKS).")
    String cluster;

    @Option(names = "--region", description = "Region or location.")
    String region;

    @Option(names = "--project", description = "Google Cloud project.")
    String project;

    @Option(names = "--subscription", description = "Azure subscription id.")
    String subscription;

    @Option(names = "--resource-group", description = "Azure resource group.")
    String resourceGroup;

    @Option(names = "--workspace-id", description = "Azure Log Analytics workspace id (Container Instances logs).")
    String workspaceId;

    @Option(names = "--name", description = "Resource name, e.g. an Azure container group.")
    String name;

    @Option(names = "--deployment-id", description = "The platform's id of the failed deployment or revision.")
    String deploymentId;

    @Option(names = "--since", paramLabel = "DURATION", description = "How far back to look, e.g. 30m, 2h. Default: 1h.")
    String since;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Deadline for the whole analysis, e.g. 60s.")
    String timeout;

    @Option(names = "--threshold", description = "Confidence a finding needs to be called the root cause, in (0,1].")
    Double threshold;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never. Default: auto.")
    String color = "auto";

    @Option(names = "--exit-code", description = "Exit with the verdict: 1 root cause found, 2 inconclusive, "
            + "3 nothing collected, 0 no failure. Without it, a completed analysis exits 0.")
    boolean exitCode;

    @Option(names = "--no-send", description = "Do not send the report to the sinks configured under 'sinks:' in the config file.")
    boolean noSend;

    @Option(names = {"-v", "--verbose"}, description = "Show all evidence, provider timings, debug logs and stack traces.")
    boolean verbose;

    @Option(names = "--evaluate", paramLabel = "FILE.jsonl", description = "Score the engine on labelled cases (JSON Lines "
            + "with 'text' and 'label', a category id or no-failure) and print top-1/top-3 accuracy, recall per category, "
            + "confusions, calibration and false alarms. Repeatable; --format json or markdown for machine-readable figures.")
    List<Path> evaluate = new ArrayList<>();

    @Option(names = "--train", paramLabel = "FILE.jsonl", description = "Train a similarity model on labelled cases "
            + "(the --evaluate format; repeatable) and write it to --model-out.")
    List<Path> train = new ArrayList<>();

    @Option(names = "--model-out", paramLabel = "FILE", description = "Where --train writes the model.")
    Path modelOut;

    @Option(names = "--model", paramLabel = "FILE", description = "Use this similarity model (written by --train) "
            + "instead of the built-in one.")
    Path model;

    @Option(names = "--no-similarity", description = "Rely on patterns alone: no likely cause found by similarity.")
    boolean noSimilarity;

    private final PrintStream out;
    private final PrintStream err;
    private final java.io.InputStream in;

    /** Creates the command on the process's standard streams. */
    public DiagnoseCommand() {
        this(System.out, System.err, System.in);
    }

    /** Creates the command on given streams, for embedding and tests. */
    public DiagnoseCommand(PrintStream out, PrintStream err, java.io.InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        // The logger reads this once, at first use, so it must be set before anything logs.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err, System.in));
    }

    private int evaluate(DiagnosticEngine engine) throws java.io.IOException {
        List<Evaluation.LabelledCase> cases = new ArrayList<>();
        for (Path f : evaluate) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("--evaluate " + f + " is not a file");
            }
            try {
                cases.addAll(Evaluation.read(f));
            } catch (java.io.IOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (cases.isEmpty()) {
            throw new UsageException("--evaluate found no cases in " + evaluate);
        }
        Evaluation.Result result = Evaluation.run(engine, cases);
        String fmt = format == null ? "text" : format.toLowerCase(Locale.ROOT);
        switch (fmt) {
            case "json" -> out.println(result.toJson());
            case "markdown", "md" -> out.print(result.toMarkdown("figure"));
            case "text" -> {
                out.print(result.toText());
                if (verbose) {
                    out.print("misses:\n" + result.misses());
                }
            }
            default -> throw new UsageException("--evaluate prints text, json or markdown, not '" + fmt + "'");
        }
        out.flush();
        return 0;
    }

    private int train() throws java.io.IOException {
        if (modelOut == null) {
            throw new UsageException("--train needs --model-out FILE");
        }
        List<SimilarityTrainer.Example> examples = new ArrayList<>();
        for (Path f : train) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("--train " + f + " is not a file");
            }
            try {
                examples.addAll(SimilarityTrainer.readJsonLines(f));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (examples.stream().map(SimilarityTrainer.Example::label).distinct().count() < 2) {
            throw new UsageException("--train needs cases of at least two labels (add no-failure texts for healthy output)");
        }
        SimilarityModel trained = new SimilarityTrainer().train(examples);
        Path parent = modelOut.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (java.io.Writer w = Files.newBufferedWriter(modelOut, java.nio.charset.StandardCharsets.UTF_8)) {
            trained.write(w);
        }
        err.printf(Locale.ROOT, "diagnose: trained on %d cases, %d labels, %d features; wrote %s%n", examples.size(),
                trained.classes().size(), trained.featureCount(), modelOut);
        return 0;
    }

    /** Runs the command on the given streams and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, java.io.InputStream in) {
        DiagnoseCommand command = new DiagnoseCommand(out, err, in);
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("diagnose: " + ex.getMessage());
            err.println("Run 'diagnose --help' for usage.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            if (ex instanceof DiagnosticsException || ex instanceof UsageException) {
                err.println("diagnose: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("diagnose: internal error: " + ex + (command.verbose ? "" : " (run with --verbose for details)"));
            if (command.verbose) {
                ex.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        DiagnosticsConfig cfg = config == null ? DiagnosticsConfig.DEFAULTS : new ConfigLoader().load(config);
        if (threshold != null) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new UsageException("--threshold must be within (0, 1], e.g. 0.5");
            }
            cfg = cfg.withConfidenceThreshold(threshold);
        }
        cfg = cfg.withPatternFiles(patterns);
        if (!train.isEmpty()) {
            return train();
        }
        Diagnostics.Builder builder = Diagnostics.builder().config(cfg);
        if (model != null) {
            if (!Files.isRegularFile(model)) {
                throw new UsageException("--model " + model + " is not a file");
            }
            builder.similarityModel(model);
        }
        if (noSimilarity) {
            builder.similarity(false);
        }
        try (DiagnosticEngine engine = builder.build()) {
            if (!evaluate.isEmpty()) {
                return evaluate(engine);
            }
            if (listPatterns) {
                listPatterns(engine);
                return 0;
            }
            String fmt = (format != null ? format : cfg.outputFormat()).toLowerCase(Locale.ROOT);
            if (engine.renderer(fmt).isEmpty()) {
                throw new UsageException("unknown format '" + fmt + "'; available: "
                        + engine.renderers().keySet().stream().sorted().collect(Collectors.joining(", ")));
            }
            for (Path o : outputs) {
                String ext = extension(o);
                if (engine.renderer(ext).isEmpty()) {
                    throw new UsageException("cannot tell the format of --output " + o + " from its extension '" + ext
                            + "'; use one of " + engine.renderers().values().stream().map(r -> "." + r.fileExtension())
                            .sorted().collect(Collectors.joining(", ")));
                }
            }
            DiagnosticRequest request = request();
            DiagnosticReport report = engine.analyze(request);
            boolean colour = switch (color.toLowerCase(Locale.ROOT)) {
                case "always" -> true;
                case "never" -> false;
                case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null
                        && !"dumb".equals(System.getenv("TERM")) && outputs.isEmpty();
                default -> throw new UsageException("--color must be auto, always or never");
            };
            RenderOptions options = new RenderOptions(colour, verbose, verbose ? 50 : 5);
            if (outputs.isEmpty() || format != null) {
                engine.render(report, fmt, out, options);
                out.flush();
            }
            for (Path o : outputs) {
                Path parent = o.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream file = Files.newOutputStream(o)) {
                    engine.render(report, extension(o), file, new RenderOptions(false, verbose, options.maxEvidenceItems()));
                }
                if (format == null) {
                    err.println("wrote " + o);
                }
            }
            if (config != null && !noSend) {
                send(report);
            }
            return exitCode ? ExitCodes.of(report.verdict()) : ExitCodes.NO_FAILURE;
        }
    }

    /** Sends the report to the sinks the config file names; a failed sink is reported, never fatal. */
    private void send(DiagnosticReport report) {
        SinksConfig sinks = SinksConfig.load(config, System.getenv());
        if (sinks.equals(SinksConfig.NONE)) {
            return;
        }
        try (ReportDispatcher dispatcher = ReportDispatcher.fromConfig(sinks)) {
            DispatchResult result = dispatcher.dispatch(report);
            for (SinkResult r : result.results()) {
                if (r.status() == SinkResult.Status.FAILED) {
                    err.println("diagnose: could not send to " + r.sinkId() + ": " + r.reason().orElse("unknown error")
                            + result.deadLetter().map(p -> " (report kept in " + p + ")").orElse(""));
                } else if (verbose) {
                    err.println("diagnose: " + r.sinkId() + ": " + r.status());
                }
            }
        }
    }

    DiagnosticRequest request() {
        DiagnosticRequest.Builder b = DiagnosticRequest.builder();
        if (platform != null) {
            try {
                b.platform(Platform.of(platform));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--platform: " + e.getMessage());
            }
        }
        for (String i : inputs) {
            if (i.equals("-")) {
                b.input(EvidenceInput.ofStream("<stdin>", () -> in));
            } else {
                Path p = Path.of(i);
                if (!Files.exists(p)) {
                    throw new UsageException("--input " + i + " does not exist");
                }
                if (!Files.isReadable(p)) {
                    throw new UsageException("--input " + i + " is not readable");
                }
                b.input(p);
            }
        }
        String workload = null;
        String kind = null;
        if (deployment != null) {
            workload = deployment;
            kind = "Deployment";
        } else if (statefulSet != null) {
            workload = statefulSet;
            kind = "StatefulSet";
        } else if (daemonSet != null) {
            workload = daemonSet;
            kind = "DaemonSet";
        } else if (job != null) {
            workload = job;
            kind = "Job";
        }
        b.service(firstNonNull(service, workload, function, name));
        b.attribute(DiagnosticRequest.Attributes.WORKLOAD_KIND, kind);
        b.attribute(DiagnosticRequest.Attributes.POD, pod);
        b.attribute(DiagnosticRequest.Attributes.LABEL_SELECTOR, selector);
        b.attribute(DiagnosticRequest.Attributes.KUBE_CONTEXT, kubeContext);
        b.attribute(DiagnosticRequest.Attributes.KUBECONFIG, kubeconfig == null ? null : kubeconfig.toString());
        b.attribute(DiagnosticRequest.Attributes.AZURE_SUBSCRIPTION, subscription);
        b.attribute(DiagnosticRequest.Attributes.AZURE_RESOURCE_GROUP, resourceGroup);
        b.attribute(DiagnosticRequest.Attributes.RESOURCE_NAME, name);
        b.attribute(DiagnosticRequest.Attributes.AZURE_WORKSPACE, workspaceId);
        b.namespace(namespace).cluster(cluster).region(region).project(project).deploymentId(deploymentId);
        if (since != null) {
            b.since(duration("--since", since));
        }
        if (timeout != null) {
            b.timeout(duration("--timeout", timeout));
        }
        return b.build();
    }

    private void listPatterns(DiagnosticEngine engine) throws IOException {
        List<FailurePattern> all = new ArrayList<>(engine.patterns());
        all.sort(Comparator.comparing(FailurePattern::id));
        String fmt = format == null ? "text" : format.toLowerCase(Locale.ROOT);
        if (fmt.equals("markdown") || fmt.equals("md")) {
            out.print(dev.deploydiagnostics.core.pattern.PatternCatalogDocs.markdown(all));
            return;
        }
        if (fmt.equals("json")) {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var array = mapper.createArrayNode();
            for (FailurePattern p : all) {
                var n = array.addObject();
                n.put("id", p.id());
                n.put("category", p.category().id());
                n.put("description", p.description());
                var plats = n.putArray("platforms");
                p.platforms().stream().map(Platform::id).sorted().forEach(plats::add);
                var sig = n.putArray("signals");
                p.signals().forEach(sig::add);
                n.put("remedy", p.remedyTitle());
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return;
        }
        out.println(all.size() + " patterns over "
                + all.stream().map(p -> p.category().id()).distinct().count() + " categories");
        out.println();
        for (FailurePattern p : all) {
            String plats = p.platforms().isEmpty() ? "any platform"
                    : p.platforms().stream().map(Platform::id).sorted().collect(Collectors.joining(", "));
            out.println(p.id() + "  [" + p.category().id() + "]  (" + plats + ")");
            out.println("    " + p.description());
            for (String s : p.signals()) {
                out.println("    signal: " + s);
            }
            if (!p.remedyTitle().isBlank()) {
                out.println("    remedy: " + p.remedyTitle());
            }
        }
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = ConfigLoader.parseDuration(text);
            if (d.isNegative() || d.isZero()) {
                throw new UsageException(option + " must be positive, e.g. 30m");
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException(option + " must be a duration such as 30s, 15m or 2h; found '" + text + "'");
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A mistake on the command line, reported as one line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DiagnoseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"diagnose " + (v == null ? "development build" : v)};
        }
    }

}
