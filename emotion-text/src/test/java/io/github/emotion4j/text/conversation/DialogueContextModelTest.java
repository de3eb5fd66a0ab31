package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled dialogue context model: loading, bad input, bounds, and sense on real sentences. */
class DialogueContextModelTest {
    private static DialogueContextModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DialogueContextModel.loadDefault();
    }

    private static float[][] random(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            double norm = 0;
            for (int i = 0; i < d; i++) {
                row[i] = (float) r.nextGaussian();
                norm += row[i] * row[i];
            }
            for (int i = 0; i < d; i++) {
                row[i] /= (float) Math.sqrt(norm);
            }
        }
        return x;
    }

    @Test
    void cardDescribesTheBundledModel() {
        assertEquals(Emotion.CANONICAL.size(), model.labels().size());
        assertTrue(model.labels().containsAll(Emotion.CANONICAL));
        assertEquals(384, model.inputSize());
        assertTrue(model.window() >= 8);
        assertEquals(DialogueContextModel.DEFAULT_ID, model.info().id());
        assertEquals(64, model.info().sha256().length());
    }

    @Test
    void emptyDialogueIsATypedError() {
        assertThrows(DialogueInputException.class, () -> model.predict(new float[0][], new int[0], true));
    }

    @Test
    void wrongWidthNamesTheTurn() {
        float[][] x = random(3, model.inputSize(), 1);
        x[1] = new float[10];
        DialogueInputException e = assertThrows(DialogueInputException.class, () -> model.predict(x, new int[3], true));
        assertTrue(e.getMessage().contains("turn 1"), e.getMessage());
    }

    @Test
    void nonFiniteAndMismatchedSpeakersAreTypedErrors() {
        float[][] x = random(3, model.inputSize(), 2);
        assertThrows(DialogueInputException.class, () -> model.predict(x, new int[2], true));
        x[2][5] = Float.NaN;
        assertThrows(DialogueInputException.class, () -> model.predict(x, new int[3], true));
    }

    @Test
    void singleTurnGivesAResultWithAWarning() {
        DialogueContextModel.Result r = model.predict(random(1, model.inputSize(), 3), new int[] {0}, true);
        assertEquals(1, r.turns());
        assertFalse(r.warnings().isEmpty());
        assertEquals(1.0, sum(r.withContext()[0]), 1e-4);
        assertEquals(1.0, sum(r.withoutContext()[0]), 1e-4);
    }

    @Test
    void causalPredictionsDoNotLookAhead() {
        float[][] x = random(12, model.inputSize(), 4);
        int[] spk = {0, 1, 0, 1, 2, 0, 1, 1, 0, 2, 0, 1};
        DialogueContextModel.Result full = model.predict(x, spk, true);
        float[][] prefix = java.util.Arrays.copyOf(x, 7);
        DialogueContextModel.Result part = model.predict(prefix, java.util.Arrays.copyOf(spk, 7), true);
        for (int t = 0; t < 7; t++) {
            for (int c = 0; c < model.labels().size(); c++) {
                assertEquals(part.withContext()[t][c], full.withContext()[t][c], 1e-6);
            }
        }
        // and the context matters: a different earlier turn changes a later turn's distribution
        float[][] changed = x.clone();
        changed[0] = random(1, model.inputSize(), 99)[0];
        float[][] other = model.predict(changed, spk, true).withContext();
        double diff = 0;
        for (int c = 0; c < model.labels().size(); c++) {
            diff = Math.max(diff, Math.abs(other[6][c] - full.withContext()[6][c]));
        }
        assertTrue(diff > 1e-5, "turn 6 ignores turn 0");
    }

    @Test
    void tenThousandTurnsAreBoundedAndFinite() {
        int n = 10_000;
        float[][] x = random(n, model.inputSize(), 5);
        int[] spk = new int[n];
        for (int t = 0; t < n; t++) {
            spk[t] = t % 7 == 3 ? -1 : t % 3;
        }
        DialogueContextModel.Result r = model.predict(x, spk, true);
        assertEquals(n, r.turns());
        for (float[] row : r.withContext()) {
            assertEquals(1.0, sum(row), 1e-3);
        }
        // bidirectional: the window reaches ahead too; a shorter run keeps the test quick
        float[][] part = java.util.Arrays.copyOf(x, 2_000);
        DialogueContextModel.Result bi = model.predict(part, java.util.Arrays.copyOf(spk, 2_000), false);
        assertEquals(2_000, bi.turns());
        assertTrue(bi.warnings().isEmpty(), bi.warnings().toString());
    }

    @Test
    void resultIsImmutable() {
        DialogueContextModel.Result r = model.predict(random(2, model.inputSize(), 6), new int[] {0, 1}, true);
        r.withContext()[0][0] = 42f;
        assertTrue(r.withContext()[0][0] <= 1f);
    }

    @Test
    void damagedWeightsAreRefusedAtLoad(@TempDir Path dir) throws Exception {
        ModelBundle bundle = ModelLocator.fromClasspath(DialogueContextModel.DEFAULT_ID);
        for (String f : List.of("model.properties", "weights.bin")) {
            Files.copy(bundle.directory().resolve(f), dir.resolve(f));
        }
        Files.write(dir.resolve("weights.bin"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThrows(ModelLoadException.class, () -> DialogueContextModel.load(ModelLocator.fromDirectory(dir)));
    }

    @Test
    void readsAnObviousExchangeWithRealEmbeddings() throws Exception {
        List<String> turns = List.of("Oh my God, we won! This is the best day of my life!",
                "I am so happy for you, congratulations!",
                "Thank you! I can't stop smiling, I love you guys!");
        float[][] x;
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TransformerRunner runner = TransformerRunner.open(ModelLocator.fromClasspath("text-minilm-l6-v2-q"), runtime, 8)) {
            x = runner.run(turns).toArray(new float[0][]);
        }
        DialogueContextModel.Result r = model.predict(x, new int[] {0, 1, 0}, true);
        for (int t = 0; t < 3; t++) {
            assertEquals(Emotion.HAPPINESS, r.top(t), "turn " + t);
        }
    }

    private static double sum(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s;
    }
}
