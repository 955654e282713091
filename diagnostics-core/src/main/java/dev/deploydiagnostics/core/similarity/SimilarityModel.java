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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A linear text classifier over {@link TextFeatures}: one weight per feature and class, a bias per class and a
 * temperature that calibrates its probabilities. Plain data (a tab-separated text file) that
 * {@link SimilarityTrainer} writes and anyone can retrain from their own labelled incidents.
 *
 * <p>The class {@value #NO_FAILURE} stands for healthy text; every other class is a category id.
 */
@Experimental
public final class SimilarityModel {
    /** The class of texts that show no failure. */
    public static final String NO_FAILURE = "no-failure";
    static final String FORMAT = "deploy-diagnostics-similarity-model";
    static final int VERSION = 1;

    private final List<String> classes;
    private final double[] bias;
    private final Map<String, float[]> weights;
    private final double temperature;

    SimilarityModel(List<String> classes, double[] bias, Map<String, float[]> weights, double temperature) {
        this.classes = List.copyOf(classes);
        this.bias = bias.clone();
        this.weights = weights;
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive: " + temperature);
        }
        this.temperature = temperature;
    }

    /** The classes, in the order of {@link #probabilities}. */
    public List<String> classes() {
        return classes;
    }

    /** How many features carry a weight. */
    public int featureCount() {
        return weights.size();
    }

    /** The temperature that divides the scores before the softmax. */
    public double temperature() {
        return temperature;
    }

    SimilarityModel withTemperature(double value) {
        return new SimilarityModel(classes, bias, weights, value);
    }

    /** Raw class scores (before temperature and softmax) of a set of features. */
    double[] scores(Collection<String> features) {
        double[] z = bias.clone();
        List<float[]> known = new ArrayList<>();
        for (String f : features) {
            float[] w = weights.get(f);
            if (w != null) {
                known.add(w);
            }
        }
        // Scaled by the number of known features, as in training, so a long log does not outvote a short paste.
        double norm = known.isEmpty() ? 0 : 1 / Math.sqrt(known.size());
        for (float[] w : known) {
            for (int c = 0; c < z.length; c++) {
                z[c] += w[c] * norm;
            }
        }
        return z;
    }

    /** Calibrated class probabilities of a text's features. */
    public double[] probabilities(Collection<String> features) {
        return softmax(scores(features), temperature);
    }

    /**
     * How much one line's features push towards a class rather than the others (its weight for the class less
     * its mean weight over all classes), unscaled; for choosing the lines to quote.
     */
    public double lineWeight(Collection<String> lineFeatures, int classIndex) {
        double sum = 0;
        for (String f : lineFeatures) {
            float[] w = weights.get(f);
            if (w != null) {
                double mean = 0;
                for (float v : w) {
                    mean += v;
                }
                sum += w[classIndex] - mean / w.length;
            }
        }
        return sum;
    }

    static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] / temperature - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** Writes the model as text, features sorted, weights rounded, so that the same data gives the same bytes. */
    public void write(Writer out) throws IOException {
        out.write("# " + FORMAT + "\t" + VERSION + "\n");
        out.write("# A linear classifier over words and word pairs of failure text; see docs/accuracy.md.\n");
        out.write("classes\t" + String.join("\t", classes) + "\n");
        out.write("temperature\t" + format(temperature) + "\n");
        StringBuilder b = new StringBuilder("bias");
        for (double v : bias) {
            b.append('\t').append(format(v));
        }
        out.write(b.append('\n').toString());
        for (Map.Entry<String, float[]> e : new TreeMap<>(weights).entrySet()) {
            StringBuilder line = new StringBuilder("f\t").append(e.getKey());
            float[] w = e.getValue();
            for (int c = 0; c < w.length; c++) {
                if (w[c] != 0) {
                    line.append('\t').append(c).append(':').append(format(w[c]));
                }
            }
            out.write(line.append('\n').toString());
        }
    }

    static String format(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.equals("-0.0000") ? "0.0000" : s;
    }

    /**
     * Reads a model written by {@link #write}.
     *
     * @throws IOException when the text is not such a model; the message says which line is wrong
     */
    public static SimilarityModel read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null || !header.startsWith("# " + FORMAT + "\t")) {
            throw new IOException("not a similarity model: the first line must be '# " + FORMAT + "\t" + VERSION + "'");
        }
        List<String> classes = null;
        double temperature = 1;
        double[] bias = null;
        Map<String, float[]> weights = new HashMap<>();
        String line;
        int no = 1;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            try {
                switch (cols[0]) {
                    case "classes" -> classes = List.of(Arrays.copyOfRange(cols, 1, cols.length));
                    case "temperature" -> temperature = Double.parseDouble(cols[1]);
                    case "bias" -> {
                        bias = new double[cols.length - 1];
                        for (int c = 1; c < cols.length; c++) {
                            bias[c - 1] = Double.parseDouble(cols[c]);
                        }
                    }
                    case "f" -> {
                        if (classes == null) {
                            throw new IOException("line " + no + ": a feature before the 'classes' line");
                        }
                        float[] w = new float[classes.size()];
                        for (int k = 2; k < cols.length; k++) {
                            int colon = cols[k].indexOf(':');
                            w[Integer.parseInt(cols[k].substring(0, colon))] = Float.parseFloat(cols[k].substring(colon + 1));
                        }
                        weights.put(cols[1], w);
                    }
                    default -> throw new IOException("line " + no + ": unknown entry '" + cols[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IOException("line " + no + " of the similarity model is malformed: " + e.getMessage(), e);
            }
        }
        if (classes == null || bias == null || bias.length != classes.size()) {
            throw new IOException("similarity model without matching 'classes' and 'bias' lines");
        }
        return new SimilarityModel(classes, bias, weights, temperature);
    }
}
