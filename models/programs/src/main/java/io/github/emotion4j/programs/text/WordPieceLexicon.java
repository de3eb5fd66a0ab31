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
 * The bag-of-word-pieces inputs of the text heads' lexicon: the distinct word-piece ids of a text,
 * their remapping onto the word pieces kept for training, and the expansion of a trained compact
 * lexicon back onto the full vocabulary. Part of {@link TrainTextHeads}.
 */
final class WordPieceLexicon {
    private WordPieceLexicon() {
    }

    /** Distinct word-piece ids of each text, special tokens left out. */
    static int[][] wordPieces(TextTokenizer tok, List<String> texts, long[] special) {
        int[][] out = new int[texts.size()][];
        int step = 2048;
        for (int from = 0; from < texts.size(); from += step) {
            long[][] ids = tok.encode(texts.subList(from, Math.min(texts.size(), from + step)));
            for (int i = 0; i < ids.length; i++) {
                out[from + i] = Arrays.stream(ids[i]).filter(id -> Arrays.stream(special).noneMatch(s -> s == id))
                        .filter(id -> id >= 0 && id < TrainTextHeads.VOCAB).distinct().mapToInt(id -> (int) id).toArray();
            }
        }
        return out;
    }

    static int[][] remap(int[][] lex, int[] compact) {
        int[][] out = new int[lex.length][];
        for (int i = 0; i < lex.length; i++) {
            out[i] = Arrays.stream(lex[i]).map(id -> compact[id]).filter(c -> c >= 0).toArray();
        }
        return out;
    }

    /** The compact lexicon layer over the full vocabulary (weight 0 for word pieces it never learned). */
    static DenseHead.Layer expand(DenseHead.Layer compact, int[] keptIds) {
        float[][] w = new float[compact.out()][TrainTextHeads.VOCAB];
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < keptIds.length; j++) {
                w[c][keptIds[j]] = compact.weights()[c][j];
            }
        }
        return new DenseHead.Layer(w, compact.bias(), DenseHead.Activation.NONE);
    }
}
