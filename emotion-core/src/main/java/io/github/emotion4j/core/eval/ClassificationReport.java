package io.github.emotion4j.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of a set of
 * predictions, as text and as JSON. Every modality's evaluation entry point and the CLI's
 * {@code evaluate} print this. Multi-label predictions (several labels per example, each
 * decided by a threshold on its score) get a {@link MultiLabel} report from
 * {@link #multiLabel(List, float[][], float[][], float[])}. Immutable.
 */
public final class ClassificationReport {
    private final List<String> classes;
    private final int[][] confusion;
    private final int n;

    /**
     * @param classes   class names; row/column order of the confusion matrix
     * @param confusion {@code confusion[true][predicted]} counts (copied)
     */
    public ClassificationReport(List<String> classes, int[][] confusion) {
        this.classes = List.copyOf(classes);
        if (confusion.length != classes.size()) {
            throw new IllegalArgumentException("confusion matrix must be " + classes.size() + " square");
        }
        this.confusion = new int[confusion.length][];
        int total = 0;
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != classes.size()) {
                throw new IllegalArgumentException("confusion matrix must be " + classes.size() + " square");
            }
            this.confusion[i] = confusion[i].clone();
            for (int c : confusion[i]) {
                total += c;
            }
        }
        this.n = total;
    }

    /** Builds a report from parallel lists of true and predicted class indices. */
    public static ClassificationReport of(List<String> classes, int[] truth, int[] predicted) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        int[][] cm = new int[classes.size()][classes.size()];
        for (int i = 0; i < truth.length; i++) {
            cm[truth[i]][predicted[i]]++;
        }
        return new ClassificationReport(classes, cm);
    }

    public List<String> classes() {
        return classes;
    }

    /** Number of examples. */
    public int n() {
        return n;
    }

    /** A copy of {@code confusion[true][predicted]}. */
    public int[][] confusion() {
        int[][] c = new int[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return n == 0 ? 0 : correct / (double) n;
    }

    /** Support (number of true examples) of class {@code c}. */
    public int support(int c) {
        int s = 0;
        for (int v : confusion[c]) {
            s += v;
        }
        return s;
    }

    public double recall(int c) {
        int s = support(c);
        return s == 0 ? 0 : confusion[c][c] / (double) s;
    }

    public double precision(int c) {
        int p = 0;
        for (int[] row : confusion) {
            p += row[c];
        }
        return p == 0 ? 0 : confusion[c][c] / (double) p;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean F1 over the classes that have support. */
    public double macroF1() {
        double s = 0;
        int k = 0;
        for (int c = 0; c < classes.size(); c++) {
            if (support(c) > 0) {
                s += f1(c);
                k++;
            }
        }
        return k == 0 ? 0 : s / k;
    }

    /**
     * F1 averaged over the classes weighted by their support (the figure emotion-in-conversation
     * papers such as MELD's report as "weighted-F1").
     */
    public double weightedF1() {
        double s = 0;
        for (int c = 0; c < classes.size(); c++) {
            s += support(c) * f1(c);
        }
        return n == 0 ? 0 : s / n;
    }

    /** Mean recall over the classes that have support (unweighted accuracy). */
    public double balancedAccuracy() {
        double s = 0;
        int k = 0;
        for (int c = 0; c < classes.size(); c++) {
            if (support(c) > 0) {
                s += recall(c);
                k++;
            }
        }
        return k == 0 ? 0 : s / k;
    }

    /** A readable table. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "n=%d  accuracy=%.4f  macroF1=%.4f  weightedF1=%.4f  balancedAccuracy=%.4f%n",
                n, accuracy(), macroF1(), weightedF1(), balancedAccuracy()));
        sb.append(String.format(Locale.ROOT, "%-12s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.4f %9.4f %9.4f %8d%n", classes.get(c), precision(c), recall(c),
                    f1(c), support(c)));
        }
        sb.append("confusion (rows = true, columns = predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-12s", ""));
        for (String c : classes) {
            sb.append(String.format(Locale.ROOT, " %8.8s", c));
        }
        sb.append('\n');
        for (int r = 0; r < classes.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%-12s", classes.get(r)));
            for (int c = 0; c < classes.size(); c++) {
                sb.append(String.format(Locale.ROOT, " %8d", confusion[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * One JSON object with {@code n}, {@code accuracy}, {@code macroF1}, {@code weightedF1}, {@code balancedAccuracy},
     * {@code classes}, {@code perClass} (name to precision, recall, f1, support) and
     * {@code confusion} (rows = true class).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"n\":").append(n);
        sb.append(",\"accuracy\":").append(num(accuracy()));
        sb.append(",\"macroF1\":").append(num(macroF1()));
        sb.append(",\"weightedF1\":").append(num(weightedF1()));
        sb.append(",\"balancedAccuracy\":").append(num(balancedAccuracy()));
        List<String> quoted = new ArrayList<>();
        classes.forEach(c -> quoted.add(quote(c)));
        sb.append(",\"classes\":[").append(String.join(",", quoted)).append(']');
        sb.append(",\"perClass\":{");
        for (int c = 0; c < classes.size(); c++) {
            if (c > 0) {
                sb.append(',');
            }
            sb.append(quote(classes.get(c))).append(":{\"precision\":").append(num(precision(c)))
                    .append(",\"recall\":").append(num(recall(c))).append(",\"f1\":").append(num(f1(c)))
                    .append(",\"support\":").append(support(c)).append('}');
        }
        sb.append("},\"confusion\":[");
        for (int r = 0; r < confusion.length; r++) {
            if (r > 0) {
                sb.append(',');
            }
            sb.append('[');
            for (int c = 0; c < confusion[r].length; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(confusion[r][c]);
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    /**
     * A multi-label report: every label is a binary decision (score at or above its threshold),
     * counted against multi-hot truth.
     *
     * @param labels     label names, column order of {@code scores} and {@code truth}
     * @param scores     per example, one score per label (probabilities, e.g. after a sigmoid)
     * @param truth      per example, one value per label; above 0.5 means the label is true
     * @param thresholds per label, the score at or above which the label is predicted
     * @throws IllegalArgumentException when the shapes disagree
     */
    public static MultiLabel multiLabel(List<String> labels, float[][] scores, float[][] truth, float[] thresholds) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(thresholds, "thresholds");
        int k = labels.size();
        if (scores.length != truth.length) {
            throw new IllegalArgumentException(scores.length + " score rows but " + truth.length + " truth rows");
        }
        if (thresholds.length != k) {
            throw new IllegalArgumentException(k + " labels but " + thresholds.length + " thresholds");
        }
        int[] tp = new int[k];
        int[] fp = new int[k];
        int[] fn = new int[k];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i].length != k || truth[i].length != k) {
                throw new IllegalArgumentException("row " + i + " does not have " + k + " scores and " + k + " truth values");
            }
            for (int c = 0; c < k; c++) {
                boolean p = scores[i][c] >= thresholds[c];
                boolean t = truth[i][c] > 0.5f;
                if (p && t) {
                    tp[c]++;
                } else if (p) {
                    fp[c]++;
                } else if (t) {
                    fn[c]++;
                }
            }
        }
        return new MultiLabel(labels, scores.length, tp, fp, fn);
    }

    /** {@link #multiLabel(List, float[][], float[][], float[])} with one threshold for every label. */
    public static MultiLabel multiLabel(List<String> labels, float[][] scores, float[][] truth, float threshold) {
        float[] th = new float[labels.size()];
        java.util.Arrays.fill(th, threshold);
        return multiLabel(labels, scores, truth, th);
    }

    /**
     * Multi-label figures: per-label true positives, false positives and false negatives, per-label
     * precision/recall/F1, macro-F1 (the mean of the per-label F1 over <em>all</em> labels, as
     * scikit-learn's {@code f1_score(average="macro")}) and micro-F1 (F1 of the pooled counts).
     * A label with no true positive has F1 0. Immutable.
     *
     * @param labels label names
     * @param n      number of examples
     * @param tp     per label, predicted and true (copied)
     * @param fp     per label, predicted but not true (copied)
     * @param fn     per label, true but not predicted (copied)
     */
    public record MultiLabel(List<String> labels, int n, int[] tp, int[] fp, int[] fn) {
        public MultiLabel {
            labels = List.copyOf(labels);
            if (tp.length != labels.size() || fp.length != labels.size() || fn.length != labels.size()) {
                throw new IllegalArgumentException("need one count per label");
            }
            tp = tp.clone();
            fp = fp.clone();
            fn = fn.clone();
        }

        @Override
        public int[] tp() {
            return tp.clone();
        }

        @Override
        public int[] fp() {
            return fp.clone();
        }

        @Override
        public int[] fn() {
            return fn.clone();
        }

        /** Number of examples on which label {@code c} is true. */
        public int support(int c) {
            return tp[c] + fn[c];
        }

        public double precision(int c) {
            return tp[c] + fp[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fp[c]);
        }

        public double recall(int c) {
            return tp[c] + fn[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fn[c]);
        }

        /** Binary F1 of label {@code c}: {@code 2 tp / (2 tp + fp + fn)}, 0 without a true positive. */
        public double f1(int c) {
            return tp[c] == 0 ? 0 : 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }

        /** Mean F1 over all labels. */
        public double macroF1() {
            double s = 0;
            for (int c = 0; c < labels.size(); c++) {
                s += f1(c);
            }
            return labels.isEmpty() ? 0 : s / labels.size();
        }

        /** F1 of the counts summed over labels. */
        public double microF1() {
            long t = 0;
            long f = 0;
            for (int c = 0; c < labels.size(); c++) {
                t += tp[c];
                f += fp[c] + fn[c];
            }
            return t == 0 ? 0 : 2.0 * t / (2.0 * t + f);
        }

        /** A readable table. */
        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "n=%d  multi-label macroF1=%.4f  microF1=%.4f%n", n, macroF1(), microF1()));
            sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support"));
            for (int c = 0; c < labels.size(); c++) {
                sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %8d%n", labels.get(c), precision(c), recall(c),
                        f1(c), support(c)));
            }
            return sb.toString();
        }

        /** One JSON object with {@code n}, {@code macroF1}, {@code microF1} and {@code perLabel}. */
        public String toJson() {
            StringBuilder sb = new StringBuilder("{");
            sb.append("\"n\":").append(n);
            sb.append(",\"macroF1\":").append(num(macroF1()));
            sb.append(",\"microF1\":").append(num(microF1()));
            sb.append(",\"perLabel\":{");
            for (int c = 0; c < labels.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(quote(labels.get(c))).append(":{\"precision\":").append(num(precision(c)))
                        .append(",\"recall\":").append(num(recall(c))).append(",\"f1\":").append(num(f1(c)))
                        .append(",\"support\":").append(support(c)).append('}');
            }
            return sb.append("}}").toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiLabel m && n == m.n && labels.equals(m.labels) && java.util.Arrays.equals(tp, m.tp)
                    && java.util.Arrays.equals(fp, m.fp) && java.util.Arrays.equals(fn, m.fn);
        }

        @Override
        public int hashCode() {
            return Objects.hash(labels, n, java.util.Arrays.hashCode(tp), java.util.Arrays.hashCode(fp),
                    java.util.Arrays.hashCode(fn));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "MultiLabel[n=%d, labels=%d, macroF1=%.4f, microF1=%.4f]", n, labels.size(),
                    macroF1(), microF1());
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
