package io.github.emotion4j.text;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.testing.DamagedModels;
import io.github.emotion4j.text.classify.LabelScores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged text weights with their SHA-256 updated in the card used to build, and every predict
 * then threw a raw IllegalArgumentException ("model output is not finite"); now build() refuses
 * them naming the file, and non-finite output at prediction time is an InferenceException.
 */
class DamagedModelsTest {
    @TempDir
    Path dir;

    private static void assertBuildFails(Path folder, String file) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> EmotionRecognizer.builder()
                .withDefaultModels().modalities(Modality.TEXT).model(Modality.TEXT, folder).build().close());
        assertTrue(e.getMessage().contains(file), e.getMessage());
    }

    @Test
    void headAndLexiconWithNanOrRandomWeightsFailAtBuild() throws Exception {
        ModelBundle ekman = ModelLocator.fromClasspath(MiniLmTextProvider.EKMAN_HEAD_ID);
        assertBuildFails(DamagedModels.copy(ekman, dir.resolve("nan-head"), "head.bin", DamagedModels::nans), "head.bin");
        assertBuildFails(DamagedModels.copy(ekman, dir.resolve("random-head"), "head.bin", DamagedModels::random), "head.bin");
        assertBuildFails(DamagedModels.copy(ekman, dir.resolve("nan-lexicon"), "lexicon.bin", DamagedModels::nans),
                "lexicon.bin");
    }

    @Test
    void transformerClassifierWithNanWeightsFailsAtBuild() throws Exception {
        Path good = io.github.emotion4j.text.classify.BringYourOwnModelTest.modelFolder(Files.createDirectories(dir.resolve("good")), "softmax",
                "labelSet=GOEMOTIONS_EKMAN");
        Path bad = DamagedModels.copy(ModelLocator.fromDirectory(good), dir.resolve("bad"), "model.onnx",
                DamagedModels::nanWeights);
        assertTrue(Files.exists(bad.resolve("tokenizer.json")));
        assertBuildFails(bad, "model.onnx");
    }

    @Test
    void anotherModalitysOnnxGivenAsTheTextModelIsRefusedSayingBoth() throws Exception {
        Path good = io.github.emotion4j.text.classify.BringYourOwnModelTest.modelFolder(Files.createDirectories(dir.resolve("ok")), "softmax",
                "labelSet=GOEMOTIONS_EKMAN");
        byte[] faceNet = Files.readAllBytes(ModelLocator.fromClasspath("face-expression-net").file("model.onnx"));
        Path wrong = DamagedModels.replace(ModelLocator.fromDirectory(good), dir.resolve("wrong"), "model.onnx", faceNet);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> EmotionRecognizer.builder()
                .withDefaultModels().modalities(Modality.TEXT).model(Modality.TEXT, wrong).build().close());
        assertTrue(e.getMessage().contains("input_ids") && e.getMessage().contains("model.onnx"), e.getMessage());
    }

    @Test
    void nonFiniteOutputAtPredictionIsAnInferenceException() {
        LabelScores scores = new LabelScores(LabelSet.GOEMOTIONS_EKMAN, "softmax");
        float[] nan = new float[scores.size()];
        nan[2] = Float.NaN;
        assertThrows(InferenceException.class, () -> scores.probabilities(nan));
    }
}
