package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Targets, class weights, decision tuning (logit offsets, per-label thresholds) and the reports
 * of the text heads; the multi-label figures come from {@link ClassificationReport#multiLabel}.
 * Part of {@link TrainTextHeads}.
 */
final class TextHeadMetrics {
    private TextHeadMetrics() {
    }

    static float[][] softTargets(List<int[]> labels, int classes) {
        float[][] y = new float[labels.size()][classes];
        for (int i = 0; i < y.length; i++) {
            int[] l = labels.get(i);
            for (int c : l) {
                y[i][c] += 1f / l.length;
            }
        }
        return y;
    }

    static float[][] multiHot(List<int[]> labels, int classes) {
        float[][] y = new float[labels.size()][classes];
        for (int i = 0; i < y.length; i++) {
            for (int c : labels.get(i)) {
                y[i][c] = 1f;
            }
        }
        return y;
    }

    static double[] classWeights(float[][] y, int[] idx, int classes) {
        double[] n = new double[classes];
        for (int i : idx) {
            for (int c = 0; c < classes; c++) {
                n[c] += y[i][c];
            }
        }
        double[] w = new double[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = Math.pow(idx.length / (classes * Math.max(1, n[c])), TrainTextHeads.CLASS_WEIGHT_POWER);
        }
        return w;
    }

    /** Label of single-label rows, -1 for multi-label rows. */
    static int[] singleLabelTruth(List<int[]> labels, int[] idx) {
        int[] t = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            int[] l = labels.get(idx[j]);
            t[j] = l.length == 1 ? l[0] : -1;
        }
        return t;
    }

    static double macroF1Top(float[][] logits, int[] truth, int classes) {
        return macroF1Top(logits, truth, classes, new float[classes]);
    }

    static double macroF1Top(float[][] logits, int[] truth, int classes, float[] offsets) {
        int[][] cm = new int[classes][classes];
        for (int i = 0; i < logits.length; i++) {
            if (truth[i] < 0) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i][c] + offsets[c] > logits[i][best] + offsets[best]) {
                    best = c;
                }
            }
            cm[truth[i]][best]++;
        }
        return new ClassificationReport(LabelSet.GOEMOTIONS_EKMAN.labels().subList(0, classes).size() == classes
                ? LabelSet.GOEMOTIONS_EKMAN.labels().subList(0, classes) : names(classes), cm).macroF1();
    }

    private static List<String> names(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add("c" + i);
        }
        return s;
    }

    static float[] tuneOffsets(float[][] logits, int[] truth, int classes) {
        float[] off = new float[classes];
        double best = macroF1Top(logits, truth, classes, off);
        for (int pass = 0; pass < 3; pass++) {
            for (int c = 0; c < classes; c++) {
                float keep = off[c];
                float bestV = keep;
                for (float v = -2f; v <= 2.001f; v += 0.1f) {
                    off[c] = v;
                    double s = macroF1Top(logits, truth, classes, off);
                    if (s > best + 1e-9) {
                        best = s;
                        bestV = v;
                    }
                }
                off[c] = bestV;
            }
        }
        return off;
    }

    static float[][] sigmoid(float[][] logits) {
        float[][] p = new float[logits.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = sigmoid(logits[i]);
        }
        return p;
    }

    static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) (1 / (1 + Math.exp(-logits[c])));
        }
        return p;
    }

    /** Mean over labels of the binary F1 at the given thresholds (0.5 when null). */
    static double multiLabelMacroF1(float[][] prob, float[][] truth, float[] thresholds) {
        List<String> labels = names(truth[0].length);
        return (thresholds == null ? ClassificationReport.multiLabel(labels, prob, truth, 0.5f)
                : ClassificationReport.multiLabel(labels, prob, truth, thresholds)).macroF1();
    }

    /** Per label, the threshold in 0.05, 0.075, ..., 0.95 with the best held-out F1 (the lowest of ties). */
    static float[] tuneThresholds(float[][] prob, float[][] truth) {
        int classes = truth[0].length;
        List<String> labels = names(classes);
        float[] th = new float[classes];
        double[] best = new double[classes];
        java.util.Arrays.fill(best, -1);
        for (float t = 0.05f; t <= 0.951f; t += 0.025f) {
            ClassificationReport.MultiLabel r = ClassificationReport.multiLabel(labels, prob, truth, t);
            for (int c = 0; c < classes; c++) {
                double f = r.f1(c);
                if (f > best[c]) {
                    best[c] = f;
                    th[c] = t;
                }
            }
        }
        return th;
    }

    static ClassificationReport evaluateEkman(DenseHead head, DenseHead lexicon, float[][] x, int[][] lex, List<int[]> labels) {
        List<String> classes = Emotion.CANONICAL.stream().map(Emotion::word).toList();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        LabelSet set = LabelSet.GOEMOTIONS_EKMAN;
        for (int i = 0; i < x.length; i++) {
            if (labels.get(i).length != 1) {
                continue;
            }
            float[] l = TextHeadTrainer.logits(head, lexicon, x[i], lex[i]);
            truth.add(Emotion.CANONICAL.indexOf(set.emotionAt(labels.get(i)[0])));
            pred.add(Emotion.CANONICAL.indexOf(set.emotionAt(argmax(l))));
        }
        return ClassificationReport.of(classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray());
    }

    static ClassificationReport evaluateFolded(float[][] prob28, List<int[]> ekLabels) {
        List<String> classes = Emotion.CANONICAL.stream().map(Emotion::word).toList();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        for (int i = 0; i < prob28.length; i++) {
            if (ekLabels.get(i).length != 1) {
                continue;
            }
            double[] d = new double[prob28[i].length];
            for (int c = 0; c < d.length; c++) {
                d[c] = prob28[i][c];
            }
            Emotion top = LabelSet.GOEMOTIONS_28.toDistribution(d).top().label();
            truth.add(Emotion.CANONICAL.indexOf(LabelSet.GOEMOTIONS_EKMAN.emotionAt(ekLabels.get(i)[0])));
            pred.add(Emotion.CANONICAL.indexOf(top));
        }
        return ClassificationReport.of(classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray());
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
