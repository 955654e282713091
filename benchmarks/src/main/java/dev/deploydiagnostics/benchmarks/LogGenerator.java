package dev.deploydiagnostics.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a deterministic, realistic container log of a requested size: JVM (Spring Boot and Logback lines,
 * stack traces), Node (pino JSON and plain), Python (logging, gunicorn, tracebacks) and Go (zap JSON, klog)
 * services interleaved, with about one line in a thousand taken from real failure shapes and a few secrets
 * that redaction must mask.
 *
 * <p>The same seed and size give the same bytes. The output is ASCII and streams through a small buffer, so
 * a gigabyte costs no more memory than a kilobyte. The last line is cut so the file has exactly the size
 * asked for.
 */
public final class LogGenerator {
    /** One failure headline per this many lines on average (0.1 %). */
    static final int FAILURE_EVERY = 1000;
    /** One secret per this many lines on average. */
    static final int SECRET_EVERY = 20_000;

    private static final Instant START = Instant.parse("2026-03-14T09:00:00Z");
    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /**
     * What one run wrote.
     *
     * @param bytes        bytes written
     * @param lines        lines written (the last, possibly cut, included)
     * @param failureLines lines that carry one of the failure shapes (one per injected failure)
     * @param secretLines  lines that carry a secret
     */
    public record Stats(long bytes, long lines, long failureLines, long secretLines) {
        /** The share of failure lines among all lines. */
        public double failureRate() {
            return lines == 0 ? 0 : (double) failureLines / lines;
        }
    }

    private final long seed;

    /** A generator for this seed. */
    public LogGenerator(long seed) {
        this.seed = seed;
    }

    /** Writes {@code size} bytes to a new or truncated file. */
    public Stats write(Path file, long size) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            return write(out, size);
        }
    }

    /** Writes exactly {@code size} bytes of log to the stream (not closed). */
    public Stats write(OutputStream target, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        Run run = new Run(seed, new BufferedOutputStream(target, 1 << 20), size);
        run.generate();
        return run.stats();
    }

    /** Parses sizes such as {@code 65536}, {@code 64k}, {@code 64m}, {@code 1g} (binary multiples). */
    public static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long factor = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 'k' -> factor = 1L << 10;
            case 'm' -> factor = 1L << 20;
            case 'g' -> factor = 1L << 30;
            default -> {
            }
        }
        if (factor > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(s.trim()), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (write e.g. 65536, 64k, 64m or 1g)", e);
        }
    }

    /**
     * {@code LogGenerator FILE SIZE [SEED]}: writes the log and prints what it wrote.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LogGenerator FILE SIZE [SEED]   (SIZE like 64m or 1g; SEED defaults to 42)");
            System.exit(64);
        }
        Path file = Path.of(args[0]);
        long size = parseSize(args[1]);
        long seed = args.length == 3 ? Long.parseLong(args[2]) : 42L;
        long started = System.nanoTime();
        Stats s = new LogGenerator(seed).write(file, size);
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(Locale.ROOT, "wrote %s: %d bytes, %d lines, %d failure lines (%.3f %%), %d secrets, in %d ms%n",
                file, s.bytes(), s.lines(), s.failureLines(), s.failureRate() * 100, s.secretLines(), ms);
    }

    /** SplitMix64: small, fast, and the same on every JVM, which {@code java.util.Random} subclasses need not be. */
    private static final class Rng {
        private long state;

        Rng(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound). */
        int nextInt(int bound) {
            return (int) ((nextLong() >>> 33) % bound);
        }

        /** Uniform in [from, to]. */
        int between(int from, int to) {
            return from + nextInt(to - from + 1);
        }

        boolean chance(int inThousand) {
            return nextInt(1000) < inThousand;
        }

        <T> T pick(T[] items) {
            return items[nextInt(items.length)];
        }
    }

    /** One generation: the random state, the clock, the output and the counts. */
    private static final class Run {
        private final Rng rng;
        private final OutputStream out;
        private final long size;
        private final byte[] lineBytes = new byte[1 << 16];
        private final List<String> record = new ArrayList<>();
        private final StringBuilder sb = new StringBuilder(512);
        private long written;
        private long lines;
        private long failures;
        private long secrets;
        private long millis = START.toEpochMilli();
        private long cachedSecond = Long.MIN_VALUE;
        private String isoSecond;
        private String spacedSecond;
        private String klogSecond;
        private String timeOfDay;
        private String clfSecond;
        private long nextFailureAt;
        private long nextSecretAt;
        private int failureHeadline = -1;
        private int secretLine = -1;
        private long requestId = 1000;

        Run(long seed, OutputStream out, long size) {
            this.rng = new Rng(seed);
            this.out = out;
            this.size = size;
            this.nextFailureAt = rng.between(FAILURE_EVERY / 2, FAILURE_EVERY * 3 / 2);
            this.nextSecretAt = rng.between(SECRET_EVERY / 4, SECRET_EVERY * 7 / 4);
        }

        Stats stats() {
            return new Stats(written, lines, failures, secrets);
        }

        void generate() throws IOException {
            while (written < size) {
                record.clear();
                failureHeadline = -1;
                secretLine = -1;
                tick();
                int service = rng.nextInt(100);
                if (lines >= nextFailureAt) {
                    failure();
                    // the gap to the next failure averages FAILURE_EVERY lines, so the rate holds whatever the record sizes
                    nextFailureAt = lines + rng.between(FAILURE_EVERY / 2, FAILURE_EVERY * 3 / 2);
                } else if (lines >= nextSecretAt) {
                    secret();
                    nextSecretAt = lines + rng.between(SECRET_EVERY / 4, SECRET_EVERY * 7 / 4);
                } else if (service < 35) {
                    jvm();
                } else if (service < 60) {
                    node();
                } else if (service < 80) {
                    python();
                } else {
                    go();
                }
                emitRecord();
            }
            out.flush();
        }

        private void emitRecord() throws IOException {
            for (int i = 0; i < record.size() && written < size; i++) {
                String line = record.get(i);
                long room = size - written;
                int len = line.length();
                boolean whole = len + 1 <= room;
                int take = whole ? len : (int) Math.max(0, room - 1);
                int n = 0;
                for (int c = 0; c < take; c++) {
                    lineBytes[n++] = (byte) line.charAt(c);
                }
                lineBytes[n++] = '\n';
                out.write(lineBytes, 0, n);
                written += n;
                lines++;
                if (whole && i == failureHeadline) {
                    failures++;
                }
                if (whole && i == secretLine) {
                    secrets++;
                }
            }
        }

        // ---- time -------------------------------------------------------------------------------------------

        private void tick() {
            millis += rng.nextInt(12);
            long second = Math.floorDiv(millis, 1000);
            if (second != cachedSecond) {
                cachedSecond = second;
                LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
                String date = String.format(Locale.ROOT, "%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
                timeOfDay = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
                isoSecond = date + "T" + timeOfDay;
                spacedSecond = date + " " + timeOfDay;
                klogSecond = String.format(Locale.ROOT, "%02d%02d ", t.getMonthValue(), t.getDayOfMonth()) + timeOfDay;
                clfSecond = String.format(Locale.ROOT, "%02d/%s/%04d:%s +0000", t.getDayOfMonth(),
                        MONTHS[t.getMonthValue() - 1], t.getYear(), timeOfDay);
            }
        }

        private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

        private int milli() {
            return (int) Math.floorMod(millis, 1000);
        }

        private StringBuilder start() {
            sb.setLength(0);
            return sb;
        }

        private StringBuilder millis3(StringBuilder b) {
            int m = milli();
            b.append((char) ('0' + m / 100)).append((char) ('0' + m / 10 % 10)).append((char) ('0' + m % 10));
            return b;
        }

        private StringBuilder micros6(StringBuilder b) {
            millis3(b);
            int u = rng.nextInt(1000);
            b.append((char) ('0' + u / 100)).append((char) ('0' + u / 10 % 10)).append((char) ('0' + u % 10));
            return b;
        }

        private void add(CharSequence line) {
            record.add(line.toString());
        }

        private void addFailure(CharSequence line) {
            failureHeadline = record.size();
            record.add(line.toString());
        }

        private void addSecret(CharSequence line) {
            secretLine = record.size();
            record.add(line.toString());
        }

        // ---- JVM ---------------------------------------------------------------------------------------------

        private static final String[] SPRING_THREADS = {"nio-8080-exec-1", "nio-8080-exec-2", "nio-8080-exec-3",
            "nio-8080-exec-7", "   scheduling-1", "ntainer#0-0-C-1", "           main", "  order-worker-3"};
        private static final String[] SPRING_LOGGERS = {
            "o.s.web.servlet.DispatcherServlet       ", "c.e.orders.web.OrderController          ",
            "c.e.orders.service.OrderService         ", "c.e.orders.client.InventoryClient       ",
            "o.a.k.c.c.internals.ConsumerCoordinator ", "com.zaxxer.hikari.pool.HikariPool       ",
            "c.e.orders.scheduling.OutboxRelay       "};

        private StringBuilder springPrefix(String level) {
            StringBuilder b = start().append(isoSecond).append('.');
            millis3(b).append("Z ").append(level.length() == 4 ? " " : "").append(level)
                    .append(" 1 --- [orders] [").append(rng.pick(SPRING_THREADS)).append("] ");
            return b;
        }

        private void jvm() {
            if (rng.chance(300)) {
                logback();
                return;
            }
            int kind = rng.nextInt(100);
            if (kind < 40) {
                long id = ++requestId;
                add(springPrefix("INFO").append(SPRING_LOGGERS[1]).append(": ")
                        .append(rng.chance(700) ? "GET" : "POST").append(" /api/orders/").append(id)
                        .append(" -> 200 in ").append(rng.between(2, 180)).append(" ms"));
            } else if (kind < 70) {
                add(springPrefix("INFO").append(SPRING_LOGGERS[2]).append(": Order ").append(requestId)
                        .append(" placed for customer c-").append(rng.between(10000, 99999)).append(" total=")
                        .append(rng.between(5, 900)).append('.').append(rng.between(10, 99)).append(" EUR, ")
                        .append(rng.between(1, 9)).append(" items"));
            } else if (kind < 80) {
                add(springPrefix("DEBUG").append(SPRING_LOGGERS[6]).append(": relayed ")
                        .append(rng.between(0, 40)).append(" outbox events to topic orders.v1 (lag ")
                        .append(rng.between(0, 300)).append(" ms)"));
            } else if (kind < 90) {
                add(springPrefix("INFO").append(SPRING_LOGGERS[4])
                        .append(": [Consumer clientId=orders-1, groupId=orders] Setting offset for partition orders-")
                        .append(rng.nextInt(12)).append(" to the committed offset FetchPosition{offset=")
                        .append(rng.between(100000, 999999)).append(", offsetEpoch=Optional[4]}"));
            } else if (kind < 97) {
                add(springPrefix("WARN").append(SPRING_LOGGERS[3]).append(": inventory lookup for sku-")
                        .append(rng.between(1000, 9999)).append(" took ").append(rng.between(800, 2500))
                        .append(" ms, above the 750 ms budget"));
            } else if (kind < 99) {
                add(springPrefix("WARN").append(SPRING_LOGGERS[5])
                        .append(": HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=")
                        .append(rng.between(31, 90)).append("s)."));
            } else {
                // a retried call: a warning with its stack trace, common noise in healthy services
                add(springPrefix("WARN").append(SPRING_LOGGERS[3]).append(": stock reservation attempt 1/3 failed, retrying in 200 ms"));
                add("java.net.SocketTimeoutException: Read timed out");
                javaFrames("java.base/java.net.SocketInputStream", "SocketInputStream.java");
            }
        }

        private void logback() {
            StringBuilder b = start().append(timeOfDay).append('.');
            millis3(b).append(" [").append(rng.chance(500) ? "main" : "pool-2-thread-" + rng.between(1, 8)).append("] ");
            if (rng.chance(900)) {
                b.append("INFO  c.e.billing.InvoiceJob - invoice batch ").append(rng.between(1, 5000))
                        .append(" rendered (").append(rng.between(1, 60)).append(" documents)");
            } else {
                b.append("DEBUG c.e.billing.pdf.Renderer - font cache warm, ").append(rng.between(10, 90)).append(" glyph sets");
            }
            add(b);
        }

        private void javaFrames(String topClass, String topFile) {
            add("\tat " + topClass + ".read(" + topFile + ":" + rng.between(100, 400) + ")");
            String[] frames = {
                "org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)",
                "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)",
                "org.springframework.web.client.RestTemplate.exchange(RestTemplate.java:801)",
                "com.example.orders.client.InventoryClient.reserve(InventoryClient.java:88)",
                "com.example.orders.service.OrderService.place(OrderService.java:142)",
                "com.example.orders.web.OrderController.create(OrderController.java:57)",
                "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
                "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"};
            int n = rng.between(3, frames.length);
            for (int i = 0; i < n; i++) {
                add("\tat " + frames[i]);
            }
            if (rng.chance(500)) {
                add("\t... " + rng.between(40, 90) + " common frames omitted");
            }
        }

        // ---- Node --------------------------------------------------------------------------------------------

        private static final String[] ROUTES = {"/api/cart", "/api/cart/items", "/api/products", "/api/session",
            "/healthz", "/api/checkout/quote"};

        private StringBuilder pino(int level) {
            return start().append("{\"level\":").append(level).append(",\"time\":").append(millis)
                    .append(",\"pid\":17,\"hostname\":\"cart-6d8f9c7b5-x2x9q\",");
        }

        private void node() {
            int kind = rng.nextInt(100);
            if (kind < 55) {
                String route = rng.pick(ROUTES);
                add(pino(30).append("\"req\":{\"id\":").append(++requestId).append(",\"method\":\"")
                        .append(rng.chance(800) ? "GET" : "POST").append("\",\"url\":\"").append(route)
                        .append("\",\"remoteAddress\":\"10.0.").append(rng.between(0, 9)).append('.')
                        .append(rng.between(2, 250)).append("\"},\"res\":{\"statusCode\":")
                        .append(rng.chance(960) ? 200 : 404).append("},\"responseTime\":").append(rng.between(1, 90))
                        .append(",\"msg\":\"request completed\"}"));
            } else if (kind < 75) {
                add(pino(20).append("\"cacheKey\":\"cart:").append(rng.between(100000, 999999))
                        .append("\",\"hit\":").append(rng.chance(800)).append(",\"msg\":\"cache lookup\"}"));
            } else if (kind < 80) {
                add(pino(40).append("\"attempt\":").append(rng.between(1, 3))
                        .append(",\"msg\":\"pricing service slow to answer, using cached prices\"}"));
            } else {
                // plain morgan-style access lines from a second Node service without structured logging
                add(start().append("::ffff:10.0.").append(rng.between(0, 9)).append('.').append(rng.between(2, 250))
                        .append(" - - [").append(clfSecond).append("] \"GET ").append(rng.pick(ROUTES))
                        .append(" HTTP/1.1\" 200 ").append(rng.between(80, 9000)).append(" \"-\" \"Mozilla/5.0\" - ")
                        .append(rng.between(1, 99)).append('.').append(rng.between(100, 999)).append(" ms"));
            }
        }

        // ---- Python ------------------------------------------------------------------------------------------

        private StringBuilder pyPrefix(String level, String logger) {
            StringBuilder b = start().append(spacedSecond).append(',');
            return millis3(b).append(' ').append(level).append(" [").append(logger).append("] ");
        }

        private void python() {
            int kind = rng.nextInt(100);
            if (kind < 40) {
                add(start().append("10.0.").append(rng.between(0, 9)).append('.').append(rng.between(2, 250))
                        .append(" - - [").append(clfSecond).append("] \"")
                        .append(rng.chance(300) ? "GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\""
                                : "POST /v1/payments HTTP/1.1\" 201 " + rng.between(90, 400) + " \"-\" \"python-requests/2.32.3\""));
            } else if (kind < 75) {
                add(pyPrefix("INFO", "payments.worker").append("processed batch ").append(rng.between(1, 9000))
                        .append(" (").append(rng.between(1, 50)).append(" items) in ").append(rng.between(20, 900)).append(" ms"));
            } else if (kind < 90) {
                add(pyPrefix("INFO", "celery.worker.strategy").append("Task payments.tasks.capture[")
                        .append(uuid()).append("] received"));
            } else if (kind < 97) {
                add(pyPrefix("DEBUG", "urllib3.connectionpool").append("https://api.stripe.example:443 \"POST /v1/charges HTTP/1.1\" 200 ")
                        .append(rng.between(300, 2000)));
            } else {
                add(pyPrefix("WARNING", "payments.fx").append("exchange rate for ").append(rng.chance(500) ? "GBP" : "CHF")
                        .append(" is ").append(rng.between(2, 30)).append(" minutes old; using it anyway"));
            }
        }

        // ---- Go ----------------------------------------------------------------------------------------------

        private StringBuilder zap(String level, String caller) {
            StringBuilder b = start().append("{\"level\":\"").append(level).append("\",\"ts\":")
                    .append(Math.floorDiv(millis, 1000)).append('.');
            millis3(b).append(rng.between(100, 999)).append(",\"caller\":\"").append(caller).append("\",");
            return b;
        }

        private StringBuilder klog(char level, String file) {
            StringBuilder b = start().append(level).append(klogSecond).append('.');
            return micros6(b).append("       1 ").append(file).append(':').append(rng.between(40, 900)).append("] ");
        }

        private void go() {
            int kind = rng.nextInt(100);
            if (kind < 50) {
                add(zap("info", "server/http.go:142").append("\"msg\":\"handled request\",\"method\":\"GET\",\"path\":\"/v1/items/")
                        .append(rng.between(1, 99999)).append("\",\"status\":200,\"latency\":0.00")
                        .append(rng.between(100, 999)).append('}'));
            } else if (kind < 65) {
                add(zap("debug", "store/cache.go:77").append("\"msg\":\"refreshed catalog snapshot\",\"items\":")
                        .append(rng.between(1000, 50000)).append('}'));
            } else if (kind < 92) {
                add(klog('I', "controller.go").append("\"Reconciled\" object=\"shop/catalog-")
                        .append(rng.between(1, 40)).append("\" duration=\"").append(rng.between(1, 90)).append('.')
                        .append(rng.nextInt(10)).append("ms\""));
            } else {
                add(klog('W', "reflector.go").append("watch of *v1.ConfigMap ended with: very short watch: ")
                        .append("pkg/mod/k8s.io/client-go/tools/cache/reflector.go:229: Unexpected watch close"));
            }
        }

        // ---- failures ----------------------------------------------------------------------------------------

        private void failure() {
            int shape = rng.nextInt(16);
            switch (shape) {
                case 0 -> {
                    add(springPrefix("ERROR").append("o.s.boot.SpringApplication              : Application run failed"));
                    addFailure("java.lang.OutOfMemoryError: Java heap space");
                    add("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)");
                    add("\tat com.example.orders.report.ExportService.export(ExportService.java:61)");
                }
                case 1 -> {
                    add(springPrefix("ERROR").append("com.zaxxer.hikari.pool.HikariPool       : HikariPool-1 - Exception during pool initialization."));
                    addFailure("org.postgresql.util.PSQLException: Connection to orders-db.shop.svc:5432 refused. "
                            + "Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.");
                    add("\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)");
                    add("Caused by: java.net.ConnectException: Connection refused");
                }
                case 2 -> addFailure(pino(50).append("\"err\":{\"type\":\"Error\",\"message\":\"connect ECONNREFUSED 10.0.3.12:6379\","
                        + "\"code\":\"ECONNREFUSED\"},\"msg\":\"connect ECONNREFUSED 10.0.3.12:6379\"}"));
                case 3 -> {
                    add("<--- Last few GCs --->");
                    add("[17:0x5b2c6f0]   " + rng.between(60000, 90000) + " ms: Mark-Compact 2042.1 (2083.6) -> 2041.7 (2084.1) MB, 1520.3 / 0.0 ms  allocation failure; scavenge might not succeed");
                    addFailure("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
                }
                case 4 -> {
                    add("node:internal/modules/cjs/loader:1228");
                    add("  throw err;");
                    addFailure("Error: Cannot find module 'express'");
                    add("Require stack:");
                    add("- /app/server.js");
                }
                case 5 -> {
                    add("Traceback (most recent call last):");
                    add("  File \"/app/payments/db.py\", line 3, in <module>");
                    add("    import psycopg2");
                    addFailure("ModuleNotFoundError: No module named 'psycopg2'");
                }
                case 6 -> {
                    add(pyPrefix("ERROR", "payments.db").append("database unavailable"));
                    addFailure("psycopg2.OperationalError: could not connect to server: Connection refused");
                    add("\tIs the server running on host \"payments-db\" (10.0.4.20) and accepting TCP/IP connections on port 5432?");
                }
                case 7 -> {
                    addFailure("panic: runtime error: invalid memory address or nil pointer dereference");
                    add("[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6a8f2b]");
                    add("");
                    add("goroutine 1 [running]:");
                    add("main.(*Server).routes(0x0)");
                    add("\t/src/cmd/catalog/main.go:88 +0x2b");
                }
                case 8 -> addFailure(zap("error", "client/upstream.go:61").append("\"msg\":\"request failed\",\"error\":"
                        + "\"Get \\\"https://pricing.internal:8443/v1/prices\\\": x509: certificate signed by unknown authority\"}"));
                case 9 -> addFailure(klog('E', "pod_workers.go").append("\"Error syncing pod, skipping\" err=\"failed to "
                        + "\\\"StartContainer\\\" for \\\"api\\\" with CrashLoopBackOff\" pod=\"shop/api-7d9f8b6c4-x2x9q\" "
                        + "msg=\"Back-off restarting failed container api in pod api-7d9f8b6c4-x2x9q_shop\""));
                case 10 -> {
                    StringBuilder b = start().append(isoSecond).append('.');
                    addFailure(millis3(b).append("Z ").append(uuid()).append(" Task timed out after ")
                            .append(rng.between(3, 30)).append('.').append(rng.between(10, 99)).append(" seconds"));
                }
                case 11 -> addFailure(zap("fatal", "cmd/catalog/main.go:51").append("\"msg\":\"cannot start\","
                        + "\"error\":\"listen tcp :8080: bind: address already in use\"}"));
                case 12 -> addFailure(zap("error", "cache/redis.go:40").append("\"msg\":\"cache unavailable\","
                        + "\"error\":\"dial tcp: lookup redis.shop.svc.cluster.local on 10.96.0.10:53: no such host\"}"));
                case 13 -> {
                    add(springPrefix("ERROR").append("o.s.boot.SpringApplication              : Application run failed"));
                    addFailure("org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource': "
                            + "Could not resolve placeholder 'DATABASE_URL' in value \"${DATABASE_URL}\"");
                }
                case 14 -> addFailure(pyPrefix("CRITICAL", "gunicorn.error").append("WORKER TIMEOUT (pid:")
                        .append(rng.between(8, 60)).append(')'));
                default -> addFailure(start().append("Essential container in task exited: OutOfMemoryError: "
                        + "Container killed due to memory usage (exit code 137)"));
            }
        }

        // ---- secrets -----------------------------------------------------------------------------------------

        private void secret() {
            int kind = rng.nextInt(4);
            switch (kind) {
                case 0 -> addSecret(springPrefix("INFO").append("c.e.orders.config.DataSourceConfig      : using database ")
                        .append("postgres://orders:").append(random(ALNUM, 14)).append("@orders-db.shop.svc:5432/orders"));
                case 1 -> addSecret(pyPrefix("DEBUG", "payments.http").append("sending headers {'Authorization': 'Bearer ")
                        .append("eyJhbGciOiJIUzI1NiJ9.").append(random(ALNUM, 24)).append('.').append(random(ALNUM, 32))
                        .append("', 'Accept': 'application/json'}"));
                case 2 -> addSecret(pino(20).append("\"aws\":{\"accessKeyId\":\"AKIA").append(random(UPPER_DIGITS, 16))
                        .append("\",\"region\":\"eu-west-1\"},\"msg\":\"loaded storage configuration\"}"));
                default -> addSecret(klog('I', "db.go").append("connecting with dsn \"host=catalog-db user=catalog password=")
                        .append(random(ALNUM, 12)).append(" dbname=catalog sslmode=require\""));
            }
        }

        private String random(String alphabet, int n) {
            char[] c = new char[n];
            for (int i = 0; i < n; i++) {
                c[i] = alphabet.charAt(rng.nextInt(alphabet.length()));
            }
            return new String(c);
        }

        private String uuid() {
            StringBuilder b = new StringBuilder(36);
            for (int i = 0; i < 32; i++) {
                if (i == 8 || i == 12 || i == 16 || i == 20) {
                    b.append('-');
                }
                b.append(HEX.charAt(rng.nextInt(16)));
            }
            return b.toString();
        }
    }
}
