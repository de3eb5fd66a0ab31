package io.github.emotion4j.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of a set of
 * predictions, as text and as JSON. Every modality's evaluation entry point and the CLI's
 * {@code evaluate} print this. Immutable.
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
        sb.append(String.format(Locale.ROOT, "n=%d  accuracy=%.4f  macroF1=%.4f  balancedAccuracy=%.4f%n", n, accuracy(),
                macroF1(), balancedAccuracy()));
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
     * One JSON object with {@code n}, {@code accuracy}, {@code macroF1}, {@code balancedAccuracy},
     * {@code classes}, {@code perClass} (name to precision, recall, f1, support) and
     * {@code confusion} (rows = true class).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"n\":").append(n);
        sb.append(",\"accuracy\":").append(num(accuracy()));
        sb.append(",\"macroF1\":").append(num(macroF1()));
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
