package dev.deploydiagnostics.core.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.core.eval.Evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains a {@link SimilarityModel} from labelled texts: regularised multinomial logistic regression fitted by
 * AdaGrad in a fixed order, so the same examples always give the same model, then a temperature chosen by
 * five-fold cross-validation so that the probabilities it reports match how often it is right on texts it
 * was not trained on.
 */
@Experimental
public final class SimilarityTrainer {
    /**
     * One labelled text: a category id or {@value SimilarityModel#NO_FAILURE}.
     *
     * @param reference true for reference lines (a vocabulary's messages) rather than real incidents: they always
     *                  train, and the temperature is fitted on real incidents only, since a platform's own message
     *                  alone is far easier to recognise than what people paste
     */
    public record Example(String text, String label, boolean reference) {
        /** A real incident. */
        public Example(String text, String label) {
            this(text, label, false);
        }

        /** Checks the label. */
        public Example {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(label, "label");
            if (!label.equals(SimilarityModel.NO_FAILURE) && Category.fromId(label).isEmpty()) {
                throw new IllegalArgumentException("unknown label '" + label + "': use a category id or "
                        + SimilarityModel.NO_FAILURE);
            }
        }
    }

    private int epochs = 30;
    private double learningRate = 0.5;
    private double l2 = 1e-4;
    private int minDocumentFrequency = 2;
    private double minWeight = 0.005;
    private long seed = 20261207L;

    /** Passes over the examples. */
    public SimilarityTrainer epochs(int value) {
        if (value < 1) throw new IllegalArgumentException("epochs must be at least 1");
        this.epochs = value;
        return this;
    }

    /** L2 penalty per update. */
    public SimilarityTrainer l2(double value) {
        if (value < 0) throw new IllegalArgumentException("l2 must not be negative");
        this.l2 = value;
        return this;
    }

    /** Features seen in fewer examples are left out. */
    public SimilarityTrainer minDocumentFrequency(int value) {
        if (value < 1) throw new IllegalArgumentException("minDocumentFrequency must be at least 1");
        this.minDocumentFrequency = value;
        return this;
    }

    /** Trains on the examples and calibrates the temperature by cross-validation. */
    public SimilarityModel train(List<Example> examples) {
        if (examples.size() < 2) {
            throw new IllegalArgumentException("need at least two labelled examples, got " + examples.size());
        }
        long incidents = examples.stream().filter(e -> !e.reference()).count();
        double temperature = incidents >= 50 ? crossValidatedTemperature(examples) : 1.0;
        return fit(examples).withTemperature(temperature);
    }

    /** Fits without calibrating (temperature 1). */
    SimilarityModel fit(List<Example> examples) {
        List<String> classes = new ArrayList<>(new TreeSet<>(examples.stream().map(Example::label).toList()));
        Map<String, Integer> classIndex = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            classIndex.put(classes.get(c), c);
        }
        List<Set<String>> docs = examples.stream().map(e -> TextFeatures.of(e.text())).toList();
        Map<String, Integer> df = new HashMap<>();
        for (Set<String> d : docs) {
            for (String f : d) {
                df.merge(f, 1, Integer::sum);
            }
        }
        Map<String, Integer> featureIndex = new LinkedHashMap<>();
        for (String f : new TreeSet<>(df.keySet())) {
            if (df.get(f) >= minDocumentFrequency) {
                featureIndex.put(f, featureIndex.size());
            }
        }
        int k = classes.size();
        int[][] x = new int[docs.size()][];
        int[] y = new int[docs.size()];
        int[] perClass = new int[k];
        for (int i = 0; i < docs.size(); i++) {
            x[i] = docs.get(i).stream().map(featureIndex::get).filter(Objects::nonNull).mapToInt(Integer::intValue).sorted().toArray();
            y[i] = classIndex.get(examples.get(i).label());
            perClass[y[i]]++;
        }
        // Rare categories weigh more, so that the common ones do not absorb every unsure text.
        double[] classWeight = new double[k];
        for (int c = 0; c < k; c++) {
            classWeight[c] = Math.sqrt(docs.size() / (double) (k * Math.max(1, perClass[c])));
        }
        double[][] w = new double[featureIndex.size()][k];
        double[][] g2 = new double[featureIndex.size()][k];
        double[] b = new double[k];
        double[] gb2 = new double[k];
        Random random = new Random(seed);
        int[] order = new int[docs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
            for (int i : order) {
                int[] fi = x[i];
                double norm = fi.length == 0 ? 0 : 1 / Math.sqrt(fi.length);
                double[] z = b.clone();
                for (int f : fi) {
                    for (int c = 0; c < k; c++) z[c] += w[f][c] * norm;
                }
                double[] p = SimilarityModel.softmax(z, 1);
                double sw = classWeight[y[i]];
                for (int c = 0; c < k; c++) {
                    double g = sw * (p[c] - (c == y[i] ? 1 : 0));
                    gb2[c] += g * g;
                    b[c] -= learningRate * g / (Math.sqrt(gb2[c]) + 1e-8);
                    for (int f : fi) {
                        double gf = g * norm + l2 * w[f][c];
                        g2[f][c] += gf * gf;
                        w[f][c] -= learningRate * gf / (Math.sqrt(g2[f][c]) + 1e-8);
                    }
                }
            }
        }
        Map<String, float[]> weights = new HashMap<>();
        for (Map.Entry<String, Integer> e : featureIndex.entrySet()) {
            float[] row = new float[k];
            boolean any = false;
            for (int c = 0; c < k; c++) {
                double v = w[e.getValue()][c];
                if (Math.abs(v) >= minWeight) {
                    // rounded as the file stores it, so a model read back scores exactly as the one trained
                    row[c] = Float.parseFloat(SimilarityModel.format(v));
                    any |= row[c] != 0;
                }
            }
            if (any) {
                weights.put(e.getKey(), row);
            }
        }
        double[] bias = new double[k];
        for (int c = 0; c < k; c++) bias[c] = Double.parseDouble(SimilarityModel.format(b[c]));
        return new SimilarityModel(classes, bias, weights, 1.0);
    }

    private double crossValidatedTemperature(List<Example> examples) {
        int folds = 5;
        List<double[]> scores = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<String> allClasses = new ArrayList<>(new TreeSet<>(examples.stream().map(Example::label).toList()));
        for (int fold = 0; fold < folds; fold++) {
            List<Example> train = new ArrayList<>();
            List<Example> held = new ArrayList<>();
            int incident = 0;
            for (Example e : examples) {
                if (e.reference()) {
                    train.add(e);
                } else {
                    (incident++ % folds == fold ? held : train).add(e);
                }
            }
            SimilarityModel m = fit(train);
            for (Example e : held) {
                int c = m.classes().indexOf(e.label());
                if (c < 0) {
                    continue; // a class only this fold has: nothing to calibrate against
                }
                scores.add(m.scores(TextFeatures.of(e.text())));
                truth.add(c);
            }
        }
        double best = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double t = 0.25; t <= 6.0001; t += 0.05) {
            double loss = 0;
            for (int i = 0; i < scores.size(); i++) {
                loss -= Math.log(Math.max(1e-12, SimilarityModel.softmax(scores.get(i), t)[truth.get(i)]));
            }
            if (loss < bestLoss - 1e-9) {
                bestLoss = loss;
                best = t;
            }
        }
        return Double.parseDouble(SimilarityModel.format(best));
    }

    /**
     * Reads labelled cases from JSON Lines with at least {@code text} and {@code label} (the corpus format of
     * {@code corpus/README.md}).
     */
    public static List<Example> readJsonLines(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        for (Evaluation.LabelledCase c : Evaluation.read(file)) {
            out.add(new Example(c.text(), c.label()));
        }
        return out;
    }

    /** Reads the lines of a vocabulary file ({@code platform} and {@code entries} with {@code text} and {@code category}). */
    public static List<Example> readVocabulary(InputStream yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        List<Example> out = new ArrayList<>();
        for (JsonNode n : root.path("entries")) {
            if (n.hasNonNull("text") && n.hasNonNull("category")) {
                out.add(new Example(n.get("text").asText(), n.get("category").asText(), true));
            }
        }
        return out;
    }
}
