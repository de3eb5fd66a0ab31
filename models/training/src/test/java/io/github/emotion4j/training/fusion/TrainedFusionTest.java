package io.github.emotion4j.training.fusion;

import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.SyntheticData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.internal.TimelineFusion;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.eval.FusionEvaluation;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import io.github.emotion4j.training.fusion.FusionTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains both networks once on synthetic data and checks what they learnt and how they behave. */
class TrainedFusionTest {
    private static List<FusionExample> test;
    private static AttentionFusion attention;
    private static MixtureOfExpertsFusion moe;

    @BeforeAll
    static void train() {
        List<FusionExample> train = SyntheticData.generate(1000, 1);
        test = SyntheticData.generate(700, 2);
        attention = new AttentionFusion(FusionTrainer.builder(FusionTrainer.Architecture.ATTENTION)
                .epochs(40).labels(Emotion.CANONICAL).build().fit(train).model());
        moe = new MixtureOfExpertsFusion(FusionTrainer.builder(FusionTrainer.Architecture.MOE)
                .epochs(40).labels(Emotion.CANONICAL).build().fit(train).model());
    }

    private static double accuracy(List<FusionEvaluation.Row> rows, String condition) {
        return rows.stream().filter(r -> r.condition().equals(condition)).findFirst().orElseThrow().report().accuracy();
    }

    @Test
    void fusionBeatsEverySingleModalityByAClearMargin() {
        double bestSingle = FusionEvaluation.singleModalityBaselines(test, Emotion.CANONICAL).stream()
                .mapToDouble(r -> r.report().accuracy()).max().orElseThrow();
        assertTrue(bestSingle < 0.6, "each modality alone is weak: " + bestSingle);
        for (NeuralFusion f : List.of(attention, moe)) {
            List<FusionEvaluation.Row> rows = FusionEvaluation.evaluate(f, test, Emotion.CANONICAL);
            String table = FusionEvaluation.table(f.name(), rows);
            double all = accuracy(rows, "all");
            assertTrue(all > bestSingle + 0.2, table + " best single classifier " + bestSingle);
            for (Modality m : Modality.values()) {
                assertTrue(all > accuracy(rows, m.word() + " only") + 0.2, table);
                // one modality missing: still better than any one alone, worse than all three
                double without = accuracy(rows, "without " + m.word());
                assertTrue(without > bestSingle + 0.08 && without < all, table);
            }
            assertTrue(rows.get(0).report().macroF1() > 0.7, table);
        }
    }

    @Test
    void javaForwardEqualsDjlForwardOnTheSameWeights() {
        Random r = new Random(5);
        List<FusionInput> inputs = new ArrayList<>();
        for (FusionExample e : test.subList(0, 210)) {
            Set<Modality> keep = EnumSet.noneOf(Modality.class);
            while (keep.isEmpty()) {
                for (Modality m : Modality.values()) {
                    if (r.nextBoolean()) {
                        keep.add(m);
                    }
                }
            }
            inputs.add(e.input().keep(keep));
        }
        for (NeuralFusion f : List.of(attention, moe)) {
            double worst = ForwardParity.largestDifference(f, inputs);
            assertTrue(worst < 1e-4, f.name() + ": largest difference " + worst);
        }
    }

    @Test
    void anySubsetOfModalitiesFusesAndContributionsAreReported() {
        FusionExample e = test.get(0);
        for (Set<Modality> keep : FusionEvaluation.conditions().values()) {
            for (NeuralFusion f : List.of(attention, moe)) {
                FusionResult r = f.fuse(FusionEvaluation.evidence(e, keep));
                assertEquals(keep, r.weights().keySet(), f.name());
                assertEquals(1, r.weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
                assertEquals(Emotion.CANONICAL, r.distribution().labels());
                assertFalse(r.abstained());
                for (Modality m : keep) {
                    assertTrue(r.details().containsKey("temperature." + m.word()), r.details().toString());
                }
            }
        }
        FusionResult m = moe.fuse(FusionEvaluation.evidence(e, EnumSet.allOf(Modality.class)));
        double gates = 0;
        for (String expert : List.of("audio", "vision", "text", "cross-modal")) {
            gates += m.details().get("gate." + expert);
        }
        assertEquals(1, gates, 1e-9);
        FusionResult single = moe.fuse(FusionEvaluation.evidence(e, EnumSet.of(Modality.TEXT)));
        assertEquals(1, single.details().get("gate.text"), 1e-12);
        assertEquals(0, single.details().get("gate.cross-modal"), 1e-12);
        FusionResult a = attention.fuse(FusionEvaluation.evidence(e, EnumSet.allOf(Modality.class)));
        assertTrue(a.details().containsKey("attention.token") && a.details().containsKey("attention.vision"));
    }

    @Test
    void missingEvidenceIsIgnoredAndNothingAtAllIsRejected() {
        FusionExample e = test.get(1);
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        results.put(Modality.AUDIO, ModalityResult.builder(Modality.AUDIO)
                .distribution(FusionEvaluation.evidence(e, EnumSet.of(Modality.AUDIO)).get(Modality.AUDIO).distribution())
                .build());
        results.put(Modality.VISION, ModalityResult.builder(Modality.VISION).warning("no face found").build());
        FusionResult r = attention.fuse(ModalityEvidence.of(results));
        assertEquals(Set.of(Modality.AUDIO), r.weights().keySet());
        assertThrows(IllegalArgumentException.class, () -> moe.fuse(ModalityEvidence.of(Map.of(Modality.VISION,
                ModalityResult.builder(Modality.VISION).warning("no face found").build()))));
    }

    @Test
    void inconsistencyNamesTheDisagreeingPair() {
        double[] calmVoice = {0.02, 0.02, 0.02, 0.04, 0.05, 0.02, 0.83};
        double[] negativeWords = {0.75, 0.1, 0.05, 0.02, 0.05, 0.02, 0.01};
        Map<Modality, double[]> c = Map.of(Modality.AUDIO, calmVoice, Modality.TEXT, negativeWords,
                Modality.VISION, calmVoice);
        FusionResult r = moe.fuse(FusionInput.ofCanonical(c));
        assertTrue(r.inconsistency() > 0.3 && r.inconsistency() <= 1, r.toString());
        var pair = r.mostDisagreeing().orElseThrow();
        assertTrue(pair.first() == Modality.TEXT || pair.second() == Modality.TEXT, pair.toString());
        FusionResult agree = moe.fuse(FusionInput.ofCanonical(Map.of(Modality.AUDIO, calmVoice, Modality.TEXT, calmVoice)));
        assertEquals(0, agree.inconsistency(), 1e-12);
        assertTrue(agree.mostDisagreeing().isPresent());
    }

    @Test
    void abstainsWhenUnsure() {
        double[] unsure = {0.16, 0.14, 0.14, 0.14, 0.14, 0.14, 0.14};
        Map<Modality, ModalityEvidence> in = FusionEvaluation.evidence(new FusionExample(
                Map.of(Modality.AUDIO, unsure, Modality.TEXT, unsure), Emotion.ANGER, "x"), EnumSet.allOf(Modality.class));
        FusionResult r = Fusions.abstaining(attention, 0.9).fuse(in);
        assertTrue(r.abstained() && r.decision().isEmpty());
        assertEquals(attention.fuse(in).distribution(), r.distribution());
        assertFalse(Fusions.abstaining(attention, 0).fuse(in).abstained());
    }

    @Test
    void timelineFusionWorksWithDistributionOnlySegments() {
        List<Emotion> l = Emotion.CANONICAL;
        EmotionDistribution angry = new EmotionDistribution(l, new double[] {0.7, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05});
        EmotionDistribution happy = new EmotionDistribution(l, new double[] {0.05, 0.05, 0.05, 0.7, 0.05, 0.05, 0.05});
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        results.put(Modality.AUDIO, ModalityResult.builder(Modality.AUDIO).distribution(angry)
                .segment(Segment.of(Modality.AUDIO, new TimeSpan(0, 2), angry, "speech")).build());
        results.put(Modality.VISION, ModalityResult.builder(Modality.VISION).distribution(happy)
                .segment(Segment.of(Modality.VISION, new TimeSpan(1, 3), happy, "face#1")).build());
        for (NeuralFusion f : List.of(attention, moe)) {
            List<Segment> timeline = TimelineFusion.fuse(results, f);
            assertEquals(3, timeline.size(), timeline.toString());
            assertEquals(Set.of(Modality.AUDIO), timeline.get(0).modalities().keySet());
            assertEquals(Set.of(Modality.AUDIO, Modality.VISION), timeline.get(1).modalities().keySet());
            assertEquals(Set.of(Modality.VISION), timeline.get(2).modalities().keySet());
        }
    }

    @Test
    void saveAndLoadGiveTheSameModel(@TempDir Path dir) throws Exception {
        for (NeuralFusion f : List.of(attention, moe)) {
            Path folder = dir.resolve(f.name());
            f.model().save(folder);
            NeuralFusion back = f instanceof AttentionFusion ? AttentionFusion.load(folder) : MixtureOfExpertsFusion.load(folder);
            assertEquals(f.model().temperatures(), back.model().temperatures());
            assertEquals(f.model().labels(), back.model().labels());
            assertEquals(64, back.model().sha256().length());
            for (FusionExample e : test.subList(0, 20)) {
                assertArrayEquals(f.fuse(e.input()).distribution().probabilities(),
                        back.fuse(e.input()).distribution().probabilities(), 0.0);
            }
            // the card is also a valid core model card (what the CLI's model listing reads)
            var card = ModelLocator.fromDirectory(folder).card();
            assertEquals("fusion", card.task());
            assertEquals(List.of(Modality.AUDIO, Modality.VISION, Modality.TEXT), card.modalities());
            byte[] w = Files.readAllBytes(folder.resolve(FusionModel.WEIGHTS_FILE));
            w[w.length - 1] ^= 1;
            Files.write(folder.resolve(FusionModel.WEIGHTS_FILE), w);
            ModelLoadException ex = assertThrows(ModelLoadException.class, () -> FusionModel.fromDirectory(folder));
            assertTrue(ex.getMessage().contains("checksum"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MixtureOfExpertsFusion(attention.model()));
    }

    @Test
    void missingModelFolderIsAnActionableError(@TempDir Path dir) throws IOException {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> AttentionFusion.load(dir));
        assertTrue(e.getMessage().contains("model.properties"), e.getMessage());
    }
}
