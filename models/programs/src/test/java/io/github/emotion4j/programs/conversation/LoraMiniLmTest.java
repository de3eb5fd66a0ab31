package io.github.emotion4j.programs.conversation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.encoder.adapt.LowRankAdapter;
import io.github.emotion4j.text.encoder.adapt.OnnxWeights;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL MiniLM that {@link FineTuneMiniLm} trains equals ONNX Runtime on langchain4j's float32
 * file, without adapter and with the shipped {@code text-minilm-meld-lora} adapter (which the library
 * merges into the file's weights): so the shipped encoder computes what was trained.
 */
class LoraMiniLmTest {
    static final List<String> TEXTS = List.of("Oh my God, he's lost it. He's totally lost it.", "What?", "I'm so sorry.",
            "That's the funniest thing I've ever heard!", "Ugh, that's disgusting.", "Okay.");
    @TempDir
    static Path cache;
    static ModelBundle fp32;
    static OnnxWeights weights;
    static EngineRuntime runtime;

    @BeforeAll
    static void open() throws Exception {
        fp32 = UtteranceFeatures.jarEncoder(cache, "all-minilm-l6-v2", "mean");
        weights = OnnxWeights.parse(Files.readAllBytes(fp32.file("model.onnx")));
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    static double maxDiff(float[][] a, List<float[]> b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                m = Math.max(m, Math.abs(a[i][k] - b.get(i)[k]));
            }
        }
        return m;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(FineTuneMiniLm.Base.class)
    void djlEqualsOnnxRuntimeWithAndWithoutTheShippedAdapter(FineTuneMiniLm.Base b) throws Exception {
        PyTorchEngine.engine();
        ModelBundle plainFile = b == FineTuneMiniLm.Base.MINILM ? fp32 : UtteranceFeatures.jarEncoder(cache, b.jarName, "mean");
        OnnxWeights w = b == FineTuneMiniLm.Base.MINILM ? weights : OnnxWeights.parse(Files.readAllBytes(plainFile.file("model.onnx")));
        ModelBundle adapted = ModelLocator.fromClasspath(b == FineTuneMiniLm.Base.MINILM ? "text-minilm-meld-lora" : "text-e5-meld-lora");
        LowRankAdapter stored = LowRankAdapter.fromBytes(Files.readAllBytes(adapted.file("adapter.bin")));
        try (TextTokenizer tok = TextTokenizer.load(plainFile.file("tokenizer.json"), OptionalLong.empty());
             NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             LoraMiniLm net = new LoraMiniLm(root, w, FineTuneMiniLm.RANK, FineTuneMiniLm.ALPHA, 1);
             TransformerRunner plain = TransformerRunner.open(plainFile, runtime, 8);
             TransformerRunner ours = TransformerRunner.open(adapted, runtime, 8)) {
            // the training program puts the prefix in front of the text; the shipped card says tokenizer.prefix
            List<long[]> ids = new ArrayList<>(List.of(tok.encode(b.prefixed(TEXTS))));
            float[][] base = FineTuneMiniLm.embed(net, root, null, ids);
            float[][] tuned = FineTuneMiniLm.embed(net, root, net.params(root, stored), ids);
            List<float[]> ortBase = plain.run(b.prefixed(TEXTS));
            List<float[]> ortTuned = ours.run(TEXTS);
            assertTrue(maxDiff(base, ortBase) < 1e-4, "no adapter: " + maxDiff(base, ortBase));
            assertTrue(maxDiff(tuned, ortTuned) < 1e-4, "shipped adapter: " + maxDiff(tuned, ortTuned));
            // the adapter matters: the fine-tuned vectors are not the base ones
            assertTrue(maxDiff(tuned, ortBase) > 1e-2, "adapter changes the vectors: " + maxDiff(tuned, ortBase));
        }
    }

    @Test
    void theHeadFileRoundTripsAndGivesTheSameLogits() throws Exception {
        java.util.Random rnd = new java.util.Random(5);
        float[] w = new float[LoraMiniLm.HIDDEN * 7];
        float[] b = new float[7];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        Path f = cache.resolve(FineTuneMiniLm.HEAD_FILE);
        UtteranceFeatures.write(f, FineTuneMiniLm.headRows(w, b));
        float[][] back = FineTuneMiniLm.fromHeadRows(UtteranceFeatures.read(f, LoraMiniLm.HIDDEN + 1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(w, back[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(b, back[1]);
        // a ragged matrix is refused rather than padded with stale bytes
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UtteranceFeatures.write(cache.resolve("ragged.f32"), new float[][] {w, b}));
    }

    @Test
    void aTrainingStepMovesOnlyTheAdapterAndLowersTheLoss() throws Exception {
        Engine engine = PyTorchEngine.engine();
        try (TextTokenizer tok = TextTokenizer.load(fp32.file("tokenizer.json"), OptionalLong.empty());
             NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             LoraMiniLm net = new LoraMiniLm(root, weights, 4, 8f, 3)) {
            List<long[]> ids = new ArrayList<>(List.of(tok.encode(TEXTS)));
            float[][] before = FineTuneMiniLm.embed(net, root, net.adapter, ids);
            double first = 0;
            double last = 0;
            // pull every sentence vector towards the first coordinate axis: a loss the adapter alone can lower
            for (int step = 0; step < 8; step++) {
                try (NDManager mgr = root.newSubManager()) {
                    Map<String, NDArray> p = new java.util.LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> e : net.adapter.entrySet()) {
                        NDArray c = e.getValue().duplicate();
                        c.attach(mgr);
                        c.setRequiresGradient(true);
                        p.put(e.getKey(), c);
                    }
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray e = FineTuneMiniLm.normalise(net.forward(mgr, LoraMiniLm.Batch.of(ids, 64), p, 0f, true));
                        NDArray loss = e.get(":, 0").neg().mean();
                        gc.backward(loss);
                        if (step == 0) {
                            first = loss.getFloat();
                        }
                        last = loss.getFloat();
                    }
                    for (Map.Entry<String, NDArray> e : net.adapter.entrySet()) {
                        NDArray g = p.get(e.getKey()).getGradient();
                        e.getValue().subi(g.mul(0.05f));
                    }
                }
            }
            assertTrue(last < first - 1e-3, "loss " + first + " -> " + last);
            float[][] after = FineTuneMiniLm.embed(net, root, net.adapter, ids);
            double moved = 0;
            for (int i = 0; i < before.length; i++) {
                for (int k = 0; k < before[i].length; k++) {
                    moved = Math.max(moved, Math.abs(before[i][k] - after[i][k]));
                }
            }
            assertTrue(moved > 1e-3, "the adapter's training moved the vectors: " + moved);
        }
    }

    /*
     * The library's in-memory cut of an ONNX encoder (truncate.layers=k, ONNX Runtime) gives the hidden
     * states after layer k: pooled, they equal those of this DJL MiniLM run for k layers only, an
     * implementation of BERT written from the layer equations that shares no code with the cut. Layer 6
     * checks the reference itself against the uncut file.
     */
    /** The float32 encoder's folder with {@code truncate.layers=k} added to its card. */
    static ModelBundle cut(int k) throws Exception {
        Path d = cache.resolve("cut" + k);
        Files.createDirectories(d);
        for (String f : List.of("model.onnx", "tokenizer.json")) {
            Files.copy(fp32.file(f), d.resolve(f));
        }
        Files.writeString(d.resolve("model.properties"), Files.readString(fp32.directory().resolve("model.properties"))
                .replace("id=all-minilm-l6-v2", "id=all-minilm-l6-v2-first" + k) + "truncate.layers=" + k + "\n");
        return ModelLocator.fromDirectory(d);
    }

    @Test
    void theCutEncoderEqualsDjlRunForTheSameLayers() throws Exception {
        PyTorchEngine.engine();
        try (TextTokenizer tok = TextTokenizer.load(fp32.file("tokenizer.json"), OptionalLong.empty());
             NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            List<long[]> ids = new ArrayList<>(List.of(tok.encode(TEXTS)));
            float[][] six = null;
            for (int k : new int[] {2, 3, 6}) {
                float[][] ref;
                try (LoraMiniLm net = new LoraMiniLm(root, weights, FineTuneMiniLm.RANK, FineTuneMiniLm.ALPHA, 1, k)) {
                    ref = FineTuneMiniLm.embed(net, root, null, ids);
                }
                try (TransformerRunner r = TransformerRunner.open(cut(k), runtime, 8)) {
                    double d = maxDiff(ref, r.run(TEXTS));
                    assertTrue(d < 1e-4, "layers " + k + ": DJL vs the cut ONNX model differ by " + d);
                }
                if (k == 6) {
                    six = ref;
                } else {
                    try (TransformerRunner full = TransformerRunner.open(fp32, runtime, 8)) {
                        double d = maxDiff(ref, full.run(TEXTS));
                        assertTrue(d > 1e-2, "layer " + k + " states must differ from layer 6's: " + d);
                    }
                }
            }
            try (TransformerRunner full = TransformerRunner.open(fp32, runtime, 8)) {
                assertTrue(maxDiff(six, full.run(TEXTS)) < 1e-4, "the reference equals the uncut file");
            }
        }
    }

    @Test
    void poolingTheFirstSegmentKeepsSingleUtterancesAndLeavesOutTheEarlierTurns() throws Exception {
        PyTorchEngine.engine();
        try (TextTokenizer tok = TextTokenizer.load(fp32.file("tokenizer.json"), OptionalLong.empty());
             NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             LoraMiniLm all = new LoraMiniLm(root, weights, FineTuneMiniLm.RANK, FineTuneMiniLm.ALPHA, 1);
             LoraMiniLm first = new LoraMiniLm(root, weights, FineTuneMiniLm.RANK, FineTuneMiniLm.ALPHA, 1)) {
            first.poolFirstSegment(tok.suffix()[0]);
            long[] a = tok.encode("I'm so sorry.");
            long[] b = tok.encode("You lost my book?");
            long[] pair = java.util.Arrays.copyOf(a, a.length + b.length - 1);
            System.arraycopy(b, 1, pair, a.length, b.length - 1);    // [CLS] a [SEP] b [SEP]
            List<long[]> ids = List.of(a, pair);
            float[][] pooledAll = FineTuneMiniLm.embed(all, root, null, ids);
            float[][] pooledFirst = FineTuneMiniLm.embed(first, root, null, ids);
            // one utterance: the same vector either way
            assertTrue(maxDiff(new float[][] {pooledAll[0]}, List.of(pooledFirst[0])) < 1e-6);
            // with an earlier turn after it: not the mean over all tokens, and not the utterance alone (attention reads b)
            assertTrue(maxDiff(new float[][] {pooledAll[1]}, List.of(pooledFirst[1])) > 1e-3);
            assertTrue(maxDiff(new float[][] {pooledFirst[0]}, List.of(pooledFirst[1])) > 1e-3);
        }
    }
}
