package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.testing.DamagedModels;
import io.github.emotion4j.vision.expression.ExpressionNet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged or wrong model files with a matching SHA-256 in the card used to build and then fail at
 * every prediction (an IllegalArgumentException, or "Unknown input name"); now {@code build()}
 * refuses them with a {@link ModelLoadException} naming the file.
 */
class DamagedModelsTest {
    @TempDir
    Path dir;

    private static EmotionRecognizer.Builder vision(Path folder) {
        return EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION).model(Modality.VISION, folder);
    }

    private static ModelBundle faceNet() throws ModelLoadException {
        return ModelLocator.fromClasspath(ExpressionNet.MODEL_ID);
    }

    @Test
    void faceNetworkWithNanWeightsFailsAtBuildNamingTheFile() throws Exception {
        Path folder = DamagedModels.copy(faceNet(), dir.resolve("nan"), "model.onnx", b -> DamagedModels.nanMiddle(b, 64 * 1024));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> vision(folder).build().close());
        assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("face-expression-net"), e.getMessage());
        assertTrue(e.getMessage().contains("not finite") || e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void corruptTorchScriptNamesTheFileAndThePyTorchEngine() throws Exception {
        Path folder = DamagedModels.copy(faceNet(), dir.resolve("pt"), "model.pt", b -> DamagedModels.nanMiddle(b, 64 * 1024));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> vision(folder).engine(EngineKind.PYTORCH).build().close());
        assertTrue(e.getMessage().contains("model.pt") && e.getMessage().contains("PyTorch"), e.getMessage());
        assertTrue(e.getMessage().contains("TorchScript"), e.getMessage());
        Path truncated = DamagedModels.copy(faceNet(), dir.resolve("short"), "model.pt",
                b -> java.util.Arrays.copyOf(b, b.length / 3));
        ModelLoadException t = assertThrows(ModelLoadException.class,
                () -> vision(truncated).engine(EngineKind.PYTORCH).build().close());
        assertTrue(t.getMessage().contains("model.pt") && t.getMessage().contains("PyTorch")
                && t.getMessage().contains("TorchScript"), t.getMessage());
    }

    @Test
    void aTextModelGivenAsTheFaceModelIsRefusedAtBuild() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("text-as-face"));
        Files.copy(TestData.resolve("models/tiny-text-classifier/model.onnx"), folder.resolve("model.onnx"));
        String card = Files.readString(faceNet().directory().resolve("model.properties"))
                .replace("files=model.onnx,model.pt", "files=model.onnx")
                .replaceAll("(?m)^sha256\\.model\\.pt=.*$", "").replaceAll("(?m)^format\\.model\\.pt=.*$", "")
                .replaceAll("(?m)^sha256\\.model\\.onnx=.*$", "sha256.model.onnx=" + Checksums.sha256(folder.resolve("model.onnx")));
        Files.writeString(folder.resolve("model.properties"), card);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> vision(folder).build().close());
        String m = e.getMessage();
        assertTrue(m.contains("declares inputs [input]") && m.contains("input_ids") && m.contains("model.onnx"), m);
        assertTrue(m.contains("another modality") && m.contains("text model"), m);
    }

    @Test
    void visionHeadWithNanWeightsFailsAtBuildNamingTheFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("head"));
        Files.write(folder.resolve("head.bin"), DamagedModels.nans(new byte[(7 * 4 + 4) * 4]));
        Files.writeString(folder.resolve("model.properties"), "id=nan-head\nversion=1\nmodality=VISION\n"
                + "files=head.bin\nsha256.head.bin=" + Checksums.sha256(folder.resolve("head.bin")) + "\n"
                + "head.layers=7x4:none\nlabels=anger,happiness,sadness,neutral\nactivation=softmax\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> vision(folder).build().close());
        assertTrue(e.getMessage().contains("head.bin") && e.getMessage().contains("nan-head"), e.getMessage());
    }
}
