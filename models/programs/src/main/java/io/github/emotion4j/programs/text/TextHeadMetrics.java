package io.github.emotion4j.programs.text;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.engine.Engine;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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
        int classes = truth[0].length;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += binaryF1(prob, truth, c, thresholds == null ? 0.5f : thresholds[c]);
        }
        return sum / classes;
    }

    static double binaryF1(float[][] prob, float[][] truth, int c, float threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < prob.length; i++) {
            boolean p = prob[i][c] >= threshold;
            boolean t = truth[i][c] > 0.5f;
            if (p && t) {
                tp++;
            } else if (p) {
                fp++;
            } else if (t) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    static float[] tuneThresholds(float[][] prob, float[][] truth) {
        int classes = truth[0].length;
        float[] th = new float[classes];
        for (int c = 0; c < classes; c++) {
            double best = -1;
            for (float t = 0.05f; t <= 0.951f; t += 0.025f) {
                double f = binaryF1(prob, truth, c, t);
                if (f > best) {
                    best = f;
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
