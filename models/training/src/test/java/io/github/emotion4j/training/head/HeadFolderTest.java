package io.github.emotion4j.training.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.vision.expression.ExpressionHead;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder holding a lone head over the bundled FaceExpressionNet's outputs. */
class HeadFolderTest {
    private static final Path FACE = TestData.resolve("vision/astronaut-face.jpg");
    private static final int HAPPY = LabelSet.FACE_API.labels().indexOf("happy");
    private static final int SAD = LabelSet.FACE_API.labels().indexOf("sad");
    private static float[] bundled;

    @TempDir
    Path dir;

    @BeforeAll
    static void bundledProbabilities() throws Exception {
        // the network a lone head reads (not the default ensemble)
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION)
                .option("vision.expression", "face-expression-net").build()) {
            ModalityResult res = r.predict(MediaInput.ofFile(FACE)).modality(Modality.VISION).orElseThrow();
            bundled = res.embeddings().get(0).vector();
            assertEquals(Emotion.HAPPINESS, res.distribution().orElseThrow().top().label());
        }
    }

    /** Two outputs: the first reads the "sad" feature, the second the "happy" one. */
    private static DenseHead swapped() {
        float[][] w = new float[2][7];
        w[0][SAD] = 1;
        w[1][HAPPY] = 1;
        return new DenseHead(null, null, List.of(new DenseHead.Layer(w, new float[2], DenseHead.Activation.NONE)));
    }

    private static void write(Path dir, DenseHead head, String labels, String extra) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("head.bin"))) {
            head.write(out);
        }
        Files.writeString(dir.resolve("model.properties"), "id=my-vision-head\nversion=1\ntask=classification\n"
                + "modality=VISION\nfiles=head.bin\nformat.head.bin=RAW\nsha256.head.bin=" + Checksums.sha256(dir.resolve("head.bin"))
                + "\nhead.layers=" + head.layerSpec() + "\nhead.normalize=" + head.normalizes() + "\nlabels=" + labels
                + "\nactivation=softmax\nencoder=face-expression-net\n" + extra);
    }

    private static ModalityResult predict(Path folder) throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION)
                .model(Modality.VISION, folder).build()) {
            return r.predict(MediaInput.ofFile(FACE)).modality(Modality.VISION).orElseThrow();
        }
    }

    @Test
    void headMapsTheBundledNetworkToTheUsersLabels() throws Exception {
        // labels swapped on purpose: "happy" reads the sad feature, "sad" the happy one
        write(dir, swapped(), "happy,sad", "");
        ModalityResult res = predict(dir);
        // softmax over [ln p(sad), ln p(happy)] = the two probabilities renormalised
        double ps = Math.max(1e-6, bundled[SAD]);
        double ph = Math.max(1e-6, bundled[HAPPY]);
        EmotionDistribution d = res.distribution().orElseThrow();
        assertEquals(java.util.Set.of(Emotion.SADNESS, Emotion.HAPPINESS), java.util.Set.copyOf(d.labels()));
        assertEquals(Emotion.SADNESS, d.top().label(), "the head swapped the labels: " + d);
        assertEquals(ph / (ps + ph), d.probability(Emotion.SADNESS), 1e-4);
        assertEquals(ps / (ps + ph), d.probability(Emotion.HAPPINESS), 1e-4);
        List<String> ids = res.models().stream().map(ModelInfo::id).collect(Collectors.toList());
        assertTrue(ids.contains("my-vision-head"), ids.toString());
        assertEquals(2, res.embeddings().get(0).dimension());
    }

    @Test
    void featuresAreClampedLogProbabilities() {
        float[] f = ExpressionHead.features(new float[] {0.5f, 0f, 1f});
        assertArrayEquals(new float[] {(float) Math.log(0.5), (float) Math.log(1e-6), 0f}, f, 1e-6f);
    }

    @Test
    void labelMapNamesUnknownWords() throws Exception {
        // "grin" (happiness) reads the happy feature: the smiling face comes out as happiness
        write(dir, swapped(), "frown,grin", "labelMap.frown=sadness\nlabelMap.grin=happiness\n");
        EmotionDistribution d = predict(dir).distribution().orElseThrow();
        assertEquals(Emotion.HAPPINESS, d.top().label());

        Path bad = dir.resolve("bad");
        write(bad, swapped(), "frown,grin", "labelMap.frown=sadness\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> predict(bad));
        assertTrue(e.getMessage().contains("labelMap.grin"), e.getMessage());
    }

    @Test
    void otherEncoderOrWrongInputSizeIsRefused() throws Exception {
        Path other = dir.resolve("other");
        write(other, swapped(), "sad,happy", "");
        Files.writeString(other.resolve("model.properties"), Files.readString(other.resolve("model.properties"))
                .replace("encoder=face-expression-net", "encoder=minilm"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> predict(other));
        assertTrue(e.getMessage().contains("face-expression-net"), e.getMessage());

        Path wide = dir.resolve("wide");
        DenseHead five = new DenseHead(null, null, List.of(new DenseHead.Layer(new float[2][5], new float[2],
                DenseHead.Activation.NONE)));
        write(wide, five, "sad,happy", "");
        e = assertThrows(ModelLoadException.class, () -> predict(wide));
        assertTrue(e.getMessage().contains("reads 5 features"), e.getMessage());
    }

    @Test
    void headWithAHiddenLayerAndStandardisation() throws Exception {
        float[][] w1 = new float[3][7];
        w1[0][HAPPY] = 1;
        w1[1][SAD] = 1;
        w1[2][0] = 1;
        float[][] w2 = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        DenseHead h = new DenseHead(new float[7], filled(7, 1f), List.of(
                new DenseHead.Layer(w1, new float[3], DenseHead.Activation.TANH),
                new DenseHead.Layer(w2, new float[3], DenseHead.Activation.NONE)));
        write(dir, h, "joy,sadness,neutral", "");
        assertEquals(Emotion.HAPPINESS, predict(dir).distribution().orElseThrow().top().label());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
