package io.github.emotion4j.text.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextAnalyzer;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hugging Face style classifier brought by the user: src-test-data's tiny-text-classifier
 * (ONNX and TorchScript, logits in GOEMOTIONS_EKMAN order) with the MiniLM tokenizer.json
 * (same BERT WordPiece vocabulary) and a card written here.
 */
public class BringYourOwnModelTest {
    /** golden.txt: logits for [CLS] hello world [SEP]. */
    static final float[] GOLDEN = {0.358481824f, 0.227584183f, -0.323159397f, -0.652161658f, 0.0428043306f,
            0.43910867f, 0.877304137f};

    public static Path modelFolder(Path dir, String activation, String labelsLine) throws Exception {
        Path tiny = TestData.resolve("models/tiny-text-classifier");
        Files.copy(tiny.resolve("model.onnx"), dir.resolve("model.onnx"));
        Files.copy(tiny.resolve("model.pt"), dir.resolve("model.pt"));
        Files.copy(ModelLocator.fromClasspath("text-minilm-l6-v2-q").file("tokenizer.json"), dir.resolve("tokenizer.json"));
        String card = "id=my-text-classifier\nversion=1\ntask=classification\nmodality=TEXT\n"
                + "files=model.onnx,model.pt,tokenizer.json\nformat.model.onnx=ONNX\nformat.model.pt=TORCHSCRIPT\n"
                + "sha256.model.onnx=" + Checksums.sha256(dir.resolve("model.onnx")) + "\n"
                + "sha256.model.pt=" + Checksums.sha256(dir.resolve("model.pt")) + "\n"
                + "sha256.tokenizer.json=" + Checksums.sha256(dir.resolve("tokenizer.json")) + "\n"
                + "inputs=input_ids:int64:[-1,-1],attention_mask:int64:[-1,-1]\noutputs=logits:float32:[-1,7]\n"
                + labelsLine + "\nactivation=" + activation + "\ntokenizer.maxLength=16\nlanguage=en\n";
        Files.writeString(dir.resolve("model.properties"), card);
        return dir;
    }

    static ModalityAnalyzer analyzer(Path folder, EngineRuntime runtime) throws ModelLoadException {
        return new MiniLmTextProvider().create(new AnalyzerContext(runtime, Map.of(Modality.TEXT, folder), Map.of()));
    }

    static double[] softmax(float[] l) {
        return io.github.emotion4j.core.head.DenseHead.softmax(l);
    }

    @Test
    void callsRunOneAtATimeUnlessTheEngineUsesAFixedNumberOfThreadsPerCall(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labelSet=GOEMOTIONS_EKMAN");
        int cores = Math.min(8, Runtime.getRuntime().availableProcessors());
        // ONNX Runtime's default spreads each call over all cores: one call at a time
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromDirectory(folder), runtime, 8)) {
            assertEquals(1, runner.parallelism());
        }
        // libtorch runs each call on one thread here: one call per core
        try (EngineRuntime runtime = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.PYTORCH));
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromDirectory(folder), runtime, 8)) {
            assertEquals(cores, runner.parallelism());
        }
        // a card asking ONNX Runtime for one thread per call: one call per core
        Files.writeString(folder.resolve("model.properties"), Files.readString(folder.resolve("model.properties"))
                + "engine.intraOpThreads=1\n");
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromDirectory(folder), runtime, 8)) {
            assertEquals(cores, runner.parallelism());
            assertEquals(7, runner.run(java.util.List.of("hello world", "good", "this is fine")).get(2).length);
        }
    }

    @Test
    void onnxClassifierGivesGoldenLogitsAsCanonicalEmotions(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labels=anger,disgust,fear,joy,neutral,sadness,surprise");
        try (EngineRuntime runtime = EngineRuntime.cpu(); ModalityAnalyzer a = analyzer(folder, runtime)) {
            ModalityResult r = a.analyze(MediaInput.ofText("Hello world"));
            double[] p = softmax(GOLDEN);
            EmotionDistribution d = r.distribution().orElseThrow();
            String[] words = {"anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"};
            Emotion[] emotions = {Emotion.ANGER, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPINESS, Emotion.NEUTRAL,
                    Emotion.SADNESS, Emotion.SURPRISE};
            for (int i = 0; i < 7; i++) {
                assertEquals(p[i], d.probability(emotions[i]), 1e-5, words[i]);
                assertEquals(p[i], r.details().get("label." + words[i]), 1e-5, words[i]);
            }
            assertEquals(Emotion.SURPRISE, d.top().label());
            assertEquals("my-text-classifier", r.models().get(0).id());
            assertEquals("OnnxRuntime", r.models().get(0).engine());
            assertTrue(r.embeddings().isEmpty());
        }
    }

    @Test
    void torchScriptOnDjlGivesTheSameLogits(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labelSet=GOEMOTIONS_EKMAN");
        try (EngineRuntime runtime = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.PYTORCH));
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromDirectory(folder), runtime, 4)) {
            assertEquals("PyTorch", runner.modelInfo().engine());
            float[] logits = runner.run("hello world");
            for (int i = 0; i < 7; i++) {
                assertEquals(GOLDEN[i], logits[i], 1e-4);
            }
        }
    }

    @Test
    void sigmoidCardsGiveIndependentScores(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "sigmoid", "labels=angry,disgusted,scared,happy,calm,sad,amazed");
        try (EngineRuntime runtime = EngineRuntime.cpu(); ModalityAnalyzer a = analyzer(folder, runtime)) {
            ModalityResult r = a.analyze(MediaInput.ofText("hello world"));
            assertEquals(1 / (1 + Math.exp(-GOLDEN[6])), r.details().get("label.amazed"), 1e-5);
            double[] s = new double[7];
            double sum = 0;
            for (int i = 0; i < 7; i++) {
                s[i] = 1 / (1 + Math.exp(-GOLDEN[i]));
                sum += s[i];
            }
            assertEquals(s[0] / sum, r.distribution().orElseThrow().probability(Emotion.ANGER), 1e-5);
        }
    }

    @Test
    void longTextIsChunkedAndBatchesStayConsistent(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labelSet=GOEMOTIONS_EKMAN");
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromDirectory(folder), runtime, 3)) {
            String text = "Hello world. ".repeat(20);
            assertTrue(runner.chunk(text).size() > 1);
            float[] one = runner.run(text);
            float[] again = runner.run(java.util.List.of("x", text, "y", "z")).get(1);
            assertArrayEquals(one, again, 1e-5f);
            assertTrue(Arrays.stream(new double[] {one[0]}).allMatch(Double::isFinite));
        }
    }

    @Test
    void unknownLabelWordsNeedALabelMap(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labels=LABEL_0,LABEL_1,LABEL_2,LABEL_3,LABEL_4,LABEL_5,LABEL_6");
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> analyzer(folder, runtime));
            assertTrue(e.getMessage().contains("labelMap.LABEL_0"), e.getMessage());
        }
        Path mapped = dir.resolve("mapped");
        Files.createDirectories(mapped);
        modelFolder(mapped, "softmax", "labels=LABEL_0,LABEL_1,LABEL_2,LABEL_3,LABEL_4,LABEL_5,LABEL_6\n"
                + "labelMap.LABEL_0=anger\nlabelMap.LABEL_1=disgust\nlabelMap.LABEL_2=fear\nlabelMap.LABEL_3=joy\n"
                + "labelMap.LABEL_4=neutral\nlabelMap.LABEL_5=sadness\nlabelMap.LABEL_6=surprise");
        try (EngineRuntime runtime = EngineRuntime.cpu(); ModalityAnalyzer a = analyzer(mapped, runtime)) {
            assertEquals(Emotion.SURPRISE, a.analyze(MediaInput.ofText("hello world")).distribution().orElseThrow().top().label());
        }
    }

    @Test
    void cardWithoutTokenizerIsRejected(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labelSet=GOEMOTIONS_EKMAN");
        String card = Files.readString(folder.resolve("model.properties")).replace("tokenizer.maxLength=16", "tokenizer.file=vocab.json");
        Files.writeString(folder.resolve("model.properties"), card);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> analyzer(folder, runtime));
            assertTrue(e.getMessage().contains("my-text-classifier"), e.getMessage());
        }
        assertTrue(TextAnalyzer.class.getSimpleName().length() > 0);
    }

    static void writeIdentityHead(Path dir, int n) throws Exception {
        float[][] w = new float[7][n];
        for (int i = 0; i < 7; i++) {
            w[i][i % n] = 1f;
        }
        io.github.emotion4j.core.head.DenseHead head = new io.github.emotion4j.core.head.DenseHead(null, null,
                java.util.List.of(new io.github.emotion4j.core.head.DenseHead.Layer(w, new float[7],
                        io.github.emotion4j.core.head.DenseHead.Activation.NONE)));
        try (var out = Files.newOutputStream(dir.resolve("head.bin"))) {
            head.write(out);
        }
    }

    @Test
    void ownEncoderWithAHeadInItsFolder(@TempDir Path dir) throws Exception {
        Path folder = modelFolder(dir, "softmax", "labelSet=GOEMOTIONS_EKMAN");
        writeIdentityHead(folder, 7);
        String card = Files.readString(folder.resolve("model.properties"))
                .replace("task=classification", "task=embedding")
                .replace("files=model.onnx,model.pt,tokenizer.json", "files=model.onnx,model.pt,tokenizer.json,head.bin")
                + "sha256.head.bin=" + Checksums.sha256(folder.resolve("head.bin")) + "\nhead.layers=7x7:none\n";
        Files.writeString(folder.resolve("model.properties"), card);
        try (EngineRuntime runtime = EngineRuntime.cpu(); ModalityAnalyzer a = analyzer(folder, runtime)) {
            ModalityResult r = a.analyze(MediaInput.ofText("Hello world"));
            double[] p = softmax(GOLDEN);
            assertEquals(p[6], r.distribution().orElseThrow().probability(Emotion.SURPRISE), 1e-5);
            assertEquals(7, r.embeddings().get(0).dimension());
            assertEquals("my-text-classifier", r.embeddings().get(0).modelId());
        }
    }

    @Test
    void aHeadAloneRunsOnTheBundledEncoder(@TempDir Path dir) throws Exception {
        writeIdentityHead(dir, 384);
        Files.writeString(dir.resolve("model.properties"), "id=my-head\nversion=1\ntask=classification\nmodality=TEXT\n"
                + "files=head.bin\nsha256.head.bin=" + Checksums.sha256(dir.resolve("head.bin")) + "\n"
                + "head.layers=384x7:none\nlabelSet=GOEMOTIONS_EKMAN\nactivation=softmax\n");
        try (EngineRuntime runtime = EngineRuntime.cpu(); ModalityAnalyzer a = analyzer(dir, runtime)) {
            ModalityResult r = a.analyze(MediaInput.ofText("What a day"));
            assertTrue(r.hasEvidence());
            assertEquals(java.util.List.of("text-minilm-l6-v2-q", "my-head"), r.models().stream().map(m -> m.id()).toList());
            assertEquals(384, r.embeddings().get(0).dimension());
        }
        Path wrong = dir.resolve("wrong");
        Files.createDirectories(wrong);
        writeIdentityHead(wrong, 100);
        Files.writeString(wrong.resolve("model.properties"), "id=bad-head\nversion=1\nmodality=TEXT\nfiles=head.bin\n"
                + "sha256.head.bin=" + Checksums.sha256(wrong.resolve("head.bin")) + "\nhead.layers=100x7:none\n"
                + "labelSet=GOEMOTIONS_EKMAN\nactivation=softmax\n");
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> analyzer(wrong, runtime));
            assertTrue(e.getMessage().contains("384"), e.getMessage());
        }
    }
}
