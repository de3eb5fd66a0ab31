package io.github.emotion4j.fusion.eval;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.calibration.Calibration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Measures fusion strategies on labelled examples under every modality condition: all
 * modalities, each modality alone, and each one missing. Predictions are the most probable of
 * the evaluated classes (a fused distribution over more labels is restricted to them). Stateless.
 */
public final class FusionEvaluation {
    private FusionEvaluation() {
    }

    /** The conditions, in report order, as sets of kept modalities. */
    public static Map<String, Set<Modality>> conditions() {
        Map<String, Set<Modality>> c = new LinkedHashMap<>();
        c.put("all", EnumSet.allOf(Modality.class));
        for (Modality m : Modality.values()) {
            c.put(m.word() + " only", EnumSet.of(m));
        }
        for (Modality m : Modality.values()) {
            Set<Modality> s = EnumSet.allOf(Modality.class);
            s.remove(m);
            c.put("without " + m.word(), s);
        }
        return c;
    }

    /**
     * One measured condition.
     *
     * @param condition e.g. {@code all}, {@code audio only}, {@code without text}
     * @param report    accuracy, macro-F1 and confusion
     * @param ece       expected calibration error of the fused distribution restricted to the classes
     */
    public record Row(String condition, ClassificationReport report, double ece) {
    }

    /** A strategy under every condition. */
    public static List<Row> evaluate(FusionStrategy strategy, List<FusionExample> examples, List<Emotion> classes) {
        Objects.requireNonNull(strategy, "strategy");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Set<Modality>> c : conditions().entrySet()) {
            rows.add(evaluate(strategy, examples, classes, c.getKey(), c.getValue()));
        }
        return rows;
    }

    /** A strategy on examples reduced to some modalities (examples left with none are skipped). */
    public static Row evaluate(FusionStrategy strategy, List<FusionExample> examples, List<Emotion> classes,
                               String condition, Set<Modality> keep) {
        return predict(strategy, examples, classes, keep).row(condition, classes);
    }

    /**
     * Predictions of a strategy, kept so that several runs (cross-validation folds) can be pooled.
     *
     * @param truth         true class indices
     * @param predicted     predicted class indices
     * @param probabilities fused probabilities over the classes
     */
    public record Predictions(List<Integer> truth, List<Integer> predicted, List<double[]> probabilities) {
        /** Checks the components and copies the mutable ones. */
        public Predictions {
            truth = List.copyOf(truth);
            predicted = List.copyOf(predicted);
            probabilities = List.copyOf(probabilities);
        }

        /** No predictions. */
        public static Predictions empty() {
            return new Predictions(List.of(), List.of(), List.of());
        }

        /** These and those. */
        public Predictions plus(Predictions other) {
            List<Integer> t = new ArrayList<>(truth);
            t.addAll(other.truth);
            List<Integer> p = new ArrayList<>(predicted);
            p.addAll(other.predicted);
            List<double[]> q = new ArrayList<>(probabilities);
            q.addAll(other.probabilities);
            return new Predictions(t, p, q);
        }

        /** The report row. */
        public Row row(String condition, List<Emotion> classes) {
            return FusionEvaluation.row(condition, classes, truth, predicted, probabilities);
        }
    }

    /** Runs a strategy on examples reduced to some modalities (examples left with none are skipped). */
    public static Predictions predict(FusionStrategy strategy, List<FusionExample> examples, List<Emotion> classes,
                                      Set<Modality> keep) {
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        List<double[]> probs = new ArrayList<>();
        for (FusionExample e : examples) {
            Map<Modality, ModalityEvidence> in = evidence(e, keep);
            if (in.isEmpty()) {
                continue;
            }
            FusionResult r = strategy.fuse(in);
            double[] p = r.distribution().over(classes).probabilities();
            truth.add(classes.indexOf(e.label()));
            pred.add(argmax(p));
            probs.add(p);
        }
        return new Predictions(truth, pred, probs);
    }

    /** One modality's own classifier (its distribution's top class among the classes), without fusion. */
    public static Predictions classifier(Modality m, List<FusionExample> examples, List<Emotion> classes) {
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        List<double[]> probs = new ArrayList<>();
        for (FusionExample e : examples) {
            double[] c = e.probabilities(m);
            if (c == null) {
                continue;
            }
            double[] p = EmotionDistribution.fromScores(Emotion.CANONICAL, c).over(classes).probabilities();
            truth.add(classes.indexOf(e.label()));
            pred.add(argmax(p));
            probs.add(p);
        }
        return new Predictions(truth, pred, probs);
    }

    /** Each modality's own classifier (its distribution's top class), without fusion. */
    public static List<Row> singleModalityBaselines(List<FusionExample> examples, List<Emotion> classes) {
        List<Row> rows = new ArrayList<>();
        for (Modality m : Modality.values()) {
            Predictions p = classifier(m, examples, classes);
            if (!p.truth().isEmpty()) {
                rows.add(p.row(m.word() + " classifier", classes));
            }
        }
        return rows;
    }

    /** The example as per-modality evidence (with its embeddings), keeping only some modalities. */
    public static Map<Modality, ModalityEvidence> evidence(FusionExample e, Set<Modality> keep) {
        Map<Modality, ModalityEvidence> in = new EnumMap<>(Modality.class);
        e.canonical().forEach((m, p) -> {
            if (keep.contains(m)) {
                float[] v = e.embedding(m);
                Optional<Embedding> emb = v == null ? Optional.empty()
                        : Optional.of(new Embedding(m, v, Optional.empty(), "fusion-example"));
                in.put(m, new ModalityEvidence(m, EmotionDistribution.fromScores(Emotion.CANONICAL, p), 1.0, emb));
            }
        });
        return in;
    }

    /** A plain-text table of rows. */
    public static String table(String title, List<Row> rows) {
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, "  %-20s %6s %9s %9s %7s%n", "condition", "n", "accuracy", "macro-F1", "ECE"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-20s %6d %9.4f %9.4f %7.4f%n", r.condition(), r.report().n(),
                    r.report().accuracy(), r.report().macroF1(), r.ece()));
        }
        return b.toString();
    }

    static Row row(String condition, List<Emotion> classes, List<Integer> truth, List<Integer> pred,
                           List<double[]> probs) {
        int[] t = truth.stream().mapToInt(Integer::intValue).toArray();
        int[] p = pred.stream().mapToInt(Integer::intValue).toArray();
        ClassificationReport report = ClassificationReport.of(classes.stream().map(Emotion::word).toList(), t, p);
        return new Row(condition, report, t.length == 0 ? Double.NaN : Calibration.expectedCalibrationError(probs, t));
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
