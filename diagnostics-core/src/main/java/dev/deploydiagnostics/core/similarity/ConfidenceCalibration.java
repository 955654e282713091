package dev.deploydiagnostics.core.similarity;

import dev.deploydiagnostics.api.Experimental;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A monotone map from a pattern finding's raw confidence to the probability that it names the right cause,
 * fitted by isotonic regression on labelled outcomes. Patterns add up their signals' weights; how often a sum
 * of 0.7 is right is a fact about the catalog that only measuring can tell, so it is measured and applied.
 *
 * <p>Between fitted points the map is linear, and it never reorders findings: it is non-decreasing, and a
 * finding's rank is decided before the map is applied.
 */
@Experimental
public final class ConfidenceCalibration {
    static final String FORMAT = "deploy-diagnostics-confidence-calibration";
    /** Outcomes per fitted block at least, so a handful of cases cannot bend the map. */
    static final int MIN_BLOCK = 12;

    private final double[] x;
    private final double[] y;

    ConfidenceCalibration(double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("a calibration needs matching, non-empty points");
        }
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1] || y[i] < y[i - 1]) {
                throw new IllegalArgumentException("calibration points must be non-decreasing");
            }
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    /** Where the map fitted for the built-in catalog lives on the class path. */
    public static final String BUILT_IN = "/dev/deploydiagnostics/core/similarity/calibration.tsv";
    private static volatile ConfidenceCalibration builtIn;

    /** The map fitted for the built-in catalog; the identity when the library was built without one. */
    public static ConfidenceCalibration builtIn() {
        ConfidenceCalibration c = builtIn;
        if (c == null) {
            try (InputStream in = ConfidenceCalibration.class.getResourceAsStream(BUILT_IN)) {
                c = in == null ? identity() : read(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the built-in confidence calibration cannot be read", e);
            }
            builtIn = c;
        }
        return c;
    }

    /** The identity map: confidences stay as the patterns computed them. */
    public static ConfidenceCalibration identity() {
        return new ConfidenceCalibration(new double[] {0, 1}, new double[] {0, 1});
    }

    /** The calibrated confidence. */
    public double apply(double raw) {
        if (raw <= x[0]) {
            return x[0] == 0 ? y[0] : y[0] * raw / x[0];
        }
        if (raw >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, raw);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (raw - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    /**
     * Fits the map to outcomes: each a raw confidence and whether the finding was right. Pool-adjacent-violators
     * over blocks of at least {@value #MIN_BLOCK} outcomes; each block becomes a point at its mean confidence.
     * The fitted values are kept within [0.02, 0.98]: no sample here is large enough to promise certainty.
     */
    public static ConfidenceCalibration fit(List<double[]> outcomes) {
        if (outcomes.size() < MIN_BLOCK) {
            return identity();
        }
        List<double[]> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(o -> o[0]));
        List<double[]> blocks = new ArrayList<>(); // {sumX, sumY, n}
        for (int i = 0; i < sorted.size(); i += MIN_BLOCK) {
            double sx = 0, sy = 0;
            int n = 0;
            int end = sorted.size() - i < 2 * MIN_BLOCK ? sorted.size() : i + MIN_BLOCK;
            for (int k = i; k < end; k++) {
                sx += sorted.get(k)[0];
                sy += sorted.get(k)[1];
                n++;
            }
            blocks.add(new double[] {sx, sy, n});
            if (end == sorted.size()) {
                break;
            }
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i + 1 < blocks.size(); i++) {
                double[] a = blocks.get(i), b = blocks.get(i + 1);
                if (a[1] / a[2] > b[1] / b[2]) {
                    blocks.set(i, new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                    blocks.remove(i + 1);
                    merged = true;
                    break;
                }
            }
        }
        double[] x = new double[blocks.size()];
        double[] y = new double[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            double[] b = blocks.get(i);
            x[i] = round(b[0] / b[2]);
            y[i] = round(Math.max(0.02, Math.min(0.98, b[1] / b[2])));
            if (i > 0) {
                x[i] = Math.max(x[i], x[i - 1]);
                y[i] = Math.max(y[i], y[i - 1]);
            }
        }
        return new ConfidenceCalibration(x, y);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Writes the points as text. */
    public void write(Writer out) throws IOException {
        out.write("# " + FORMAT + "\t1\n");
        out.write("# raw\tcalibrated: fitted by isotonic regression on outcomes measured before patterns were written from the cases; see docs/accuracy.md.\n");
        for (int i = 0; i < x.length; i++) {
            out.write(String.format(Locale.ROOT, "%.4f\t%.4f%n", x[i], y[i]));
        }
    }

    /** Reads points written by {@link #write}. */
    public static ConfidenceCalibration read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null || !header.startsWith("# " + FORMAT)) {
            throw new IOException("not a confidence calibration: the first line must start with '# " + FORMAT + "'");
        }
        List<double[]> points = new ArrayList<>();
        String line;
        int no = 1;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            try {
                points.add(new double[] {Double.parseDouble(cols[0]), Double.parseDouble(cols[1])});
            } catch (RuntimeException e) {
                throw new IOException("line " + no + " of the calibration is malformed: '" + line + "'", e);
            }
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        try {
            return new ConfidenceCalibration(x, y);
        } catch (IllegalArgumentException e) {
            throw new IOException("calibration points are invalid: " + e.getMessage(), e);
        }
    }
}
