package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.testing.DamagedModels;
import io.github.emotion4j.vision.expression.ExpressionModel;
import io.github.emotion4j.vision.expression.ExpressionNet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vision.expression} picks the bundled expression model; damaged mini-Xception files are refused at build. */
class ExpressionOptionTest {
    private static EngineRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static List<String> models(Map<String, String> options) throws Exception {
        try (VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(),
                options))) {
            return a.net().models().stream().map(ModelInfo::id).toList();
        }
    }

    @Test
    void eachValueLoadsItsModel() throws Exception {
        assertEquals(List.of("face-expression-net"), models(Map.of("vision.expression", "face-expression-net")));
        assertEquals(List.of("mini-xception"), models(Map.of("vision.expression", "mini-xception")));
        assertEquals(List.of("face-expression-net-fer"), models(Map.of("vision.expression", "face-expression-net-fer")));
        assertEquals(List.of("face-expression-net"), models(Map.of("vision.expression", "face-expression-net-mirror")));
        assertEquals(List.of("mini-xception-fer"), models(Map.of("vision.expression", "MINI_XCEPTION_FER")));
        assertEquals(List.of("face-expression-net", "mini-xception-fer", "expression-ensemble"),
                models(Map.of("vision.expression", "ensemble")));
        // the default: face-expression-net (the ensemble loses 19.5 points on CK+48)
        assertEquals(List.of("face-expression-net"), models(Map.of()));
        assertEquals(models(Map.of("vision.expression", ExpressionModel.OPTION.defaultValue().optionValue())), models(Map.of()));
        assertTrue(VisionOptions.SPECS.contains(ExpressionModel.OPTION));
        for (ExpressionModel m : ExpressionModel.values()) {
            assertEquals(m, ExpressionModel.OPTION.parse(m.optionValue()));
        }
    }

    @Test
    void anUnknownValueIsRefusedAtBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.expression", "xception").build());
        assertTrue(e.getMessage().contains("vision.expression"), e.getMessage());
    }

    @Test
    void theEnsembleCardNamesItsMembers() throws Exception {
        ExpressionNet e = ExpressionModel.ENSEMBLE.load(runtime, java.util.Optional.of(EngineKind.ONNX_RUNTIME));
        assertEquals(List.of(ExpressionNet.MODEL_ID, ExpressionNet.MINI_XCEPTION_FER_ID),
                e.members().stream().map(m -> m.info().id()).toList());
        assertEquals(7, e.labels().size());
    }

    private static EmotionRecognizer.Builder vision(Path folder) {
        return EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION).model(Modality.VISION, folder);
    }

    @Test
    void damagedMiniXceptionWeightsAreATypedErrorNamingTheFile() throws Exception {
        var bundle = ModelLocator.fromClasspath(ExpressionNet.MINI_XCEPTION_ID);
        Path nan = DamagedModels.copy(bundle, dir.resolve("nan"), "model.onnx", b -> DamagedModels.nanMiddle(b, 64 * 1024));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> vision(nan).build().close());
        assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("mini-xception"), e.getMessage());
        Path cut = DamagedModels.copy(bundle, dir.resolve("cut"), "model.pt", b -> Arrays.copyOf(b, b.length / 3));
        ModelLoadException t = assertThrows(ModelLoadException.class,
                () -> vision(cut).engine(EngineKind.PYTORCH).build().close());
        assertTrue(t.getMessage().contains("model.pt") && t.getMessage().contains("PyTorch"), t.getMessage());
    }
}
