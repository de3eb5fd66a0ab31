package io.github.emotion4j.training.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.SyntheticData;
import io.github.emotion4j.fusion.TokenLayout;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.eval.FusionEvaluation;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dist16+emb-v1} variant: trains both networks once on synthetic data whose text
 * embedding carries class information the distributions lack, and checks the plain-Java forward
 * pass against DJL's, the card round trip and how absent embeddings are handled.
 */
class EmbeddingFusionTest {
    private static final int DIM = 12;
    private static final int PROJECTION = 4;
    private static List<FusionExample> test;
    private static AttentionFusion attention;
    private static MixtureOfExpertsFusion moe;

    /** Synthetic examples whose text modality also has a noisy class code as embedding (a quarter without). */
    static List<FusionExample> withEmbeddings(List<FusionExample> examples, long seed) {
        Random r = new Random(seed);
        List<FusionExample> out = new ArrayList<>();
        for (FusionExample e : examples) {
            float[] v = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                v[i] = (float) (0.6 * r.nextGaussian());
            }
            v[Emotion.CANONICAL.indexOf(e.label())] += 1.5f;
            Map<Modality, float[]> emb = new EnumMap<>(Modality.class);
            if (r.nextDouble() >= 0.25) {
                emb.put(Modality.TEXT, v);
            }
            out.add(new FusionExample(e.canonical(), emb, e.label(), e.group()));
        }
        return out;
    }

    private static FusionTrainer trainer(FusionTrainer.Architecture a) {
        return FusionTrainer.builder(a).epochs(40).labels(Emotion.CANONICAL)
                .embeddings(Map.of(Modality.TEXT, DIM), PROJECTION).build();
    }

    @BeforeAll
    static void train() {
        List<FusionExample> train = withEmbeddings(SyntheticData.generate(1000, 1), 11);
        test = withEmbeddings(SyntheticData.generate(700, 2), 12);
        attention = new AttentionFusion(trainer(FusionTrainer.Architecture.ATTENTION).fit(train).model());
        moe = new MixtureOfExpertsFusion(trainer(FusionTrainer.Architecture.MOE).fit(train).model());
    }

    @Test
    void javaForwardEqualsDjlForwardWithAndWithoutEmbeddings() {
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
            FusionInput in = e.input().keep(keep);
            inputs.add(r.nextInt(4) == 0 ? in.withoutEmbeddings() : in);
        }
        assertTrue(inputs.stream().anyMatch(i -> i.embedding(Modality.TEXT).isPresent()));
        for (NeuralFusion f : List.of(attention, moe)) {
            assertEquals(FusionInput.LAYOUT_EMBEDDINGS, f.model().property("features").orElseThrow());
            double worst = ForwardParity.largestDifference(f, inputs);
            assertTrue(worst < 1e-4, f.name() + ": plain Java and DJL differ by " + worst);
        }
    }

    @Test
    void theEmbeddingIsUsedAndItsAbsenceIsHandled() {
        Set<Modality> all = EnumSet.allOf(Modality.class);
        List<FusionExample> embedded = test.stream().filter(e -> e.embedding(Modality.TEXT) != null).toList();
        List<FusionExample> bare = embedded.stream().map(FusionExample::withoutEmbeddings).toList();
        for (NeuralFusion f : List.of(attention, moe)) {
            double with = FusionEvaluation.evaluate(f, embedded, Emotion.CANONICAL, "all", all).report().accuracy();
            double without = FusionEvaluation.evaluate(f, bare, Emotion.CANONICAL, "all", all).report().accuracy();
            // the embedding carries the class; without it the network still fuses the distributions
            assertTrue(with > without + 0.05, f.name() + ": with embeddings " + with + ", without " + without);
            assertTrue(without > 0.5, f.name() + ": without embeddings " + without);
        }
    }

    @Test
    void anAbsentOrMisSizedEmbeddingProjectsToZeros() {
        FusionExample e = test.stream().filter(x -> x.embedding(Modality.TEXT) != null).findFirst().orElseThrow();
        FusionInput bare = e.input().withoutEmbeddings();
        Map<Modality, float[]> wrong = Map.of(Modality.TEXT, new float[DIM + 1]);
        FusionInput misSized = FusionInput.ofCanonical(e.canonical(), wrong);
        for (NeuralFusion f : List.of(attention, moe)) {
            TokenLayout layout = TokenLayout.of(f.model().weights());
            assertEquals(FusionInput.TOKEN_FEATURES + PROJECTION, layout.width());
            assertEquals(DIM, layout.embeddingSize(Modality.TEXT));
            assertEquals(0, layout.embeddingSize(Modality.VISION));
            float[][] t = layout.tokens(bare);
            float[][] withEmb = layout.tokens(e.input());
            for (int m = 0; m < 3; m++) {
                assertArrayEquals(bare.tokens()[m], java.util.Arrays.copyOf(t[m], FusionInput.TOKEN_FEATURES));
                for (int j = FusionInput.TOKEN_FEATURES; j < layout.width(); j++) {
                    assertEquals(0f, t[m][j]);
                }
            }
            assertFalse(java.util.Arrays.equals(t[2], withEmb[2]), "the text token carries the projection");
            assertArrayEquals(t, layout.tokens(misSized));
            assertArrayEquals(f.net().forward(bare).probabilities(), f.net().forward(misSized).probabilities(), 0);
            // evidence without an embedding (a timeline segment) fuses like the bare input
            Map<Modality, ModalityEvidence> evidence = new EnumMap<>(Modality.class);
            e.canonical().forEach((m, p) -> evidence.put(m, ModalityEvidence.of(m,
                    EmotionDistribution.fromScores(Emotion.CANONICAL, p))));
            assertArrayEquals(f.fuse(bare).distribution().probabilities(),
                    f.fuse(evidence).distribution().probabilities(), 0);
            // and with the embedding on the evidence it fuses like the full input
            evidence.put(Modality.TEXT, new ModalityEvidence(Modality.TEXT, evidence.get(Modality.TEXT).distribution(), 1.0,
                    Optional.of(new Embedding(Modality.TEXT, e.embedding(Modality.TEXT), Optional.empty(), "test"))));
            assertArrayEquals(f.fuse(e.input()).distribution().probabilities(),
                    f.fuse(evidence).distribution().probabilities(), 0);
        }
    }

    @Test
    void cardRoundTripsWithTheLayoutAndEmbeddingSizes(@TempDir Path dir) throws Exception {
        for (NeuralFusion f : List.of(attention, moe)) {
            Path d = dir.resolve(f.name());
            f.model().save(d);
            String card = Files.readString(d.resolve(FusionModel.CARD_FILE), StandardCharsets.UTF_8);
            assertTrue(card.contains("features=dist16+emb-v1\n"), card);
            assertTrue(card.contains("embedding.text=12\n") && card.contains("embedding.audio=0\n")
                    && card.contains("embedding.vision=0\n") && card.contains("embedding.projection=4\n"), card);
            FusionModel back = FusionModel.fromDirectory(d);
            assertEquals(f.model().weights().tensors(), back.weights().tensors());
            NeuralFusion loaded = f instanceof AttentionFusion ? new AttentionFusion(back) : new MixtureOfExpertsFusion(back);
            for (FusionExample e : test.subList(0, 20)) {
                assertArrayEquals(f.fuse(e.input()).distribution().probabilities(),
                        loaded.fuse(e.input()).distribution().probabilities(), 0);
            }
            // a card whose layout or embedding sizes disagree with its weights is refused
            Files.writeString(d.resolve(FusionModel.CARD_FILE), card.replace("features=dist16+emb-v1", "features=dist16-v1"));
            assertThrows(ModelLoadException.class, () -> FusionModel.fromDirectory(d));
            Files.writeString(d.resolve(FusionModel.CARD_FILE), card.replace("embedding.text=12", "embedding.text=384"));
            assertThrows(ModelLoadException.class, () -> FusionModel.fromDirectory(d));
            Files.writeString(d.resolve(FusionModel.CARD_FILE), card.replace("features=dist16+emb-v1", "features=dist32-v9"));
            assertThrows(ModelLoadException.class, () -> FusionModel.fromDirectory(d));
        }
    }

    @Test
    void embeddingTrainingIsDeterministicAndLeavesDistributionOnlyTrainingAlone() {
        List<FusionExample> data = withEmbeddings(SyntheticData.generate(300, 9), 3);
        for (FusionTrainer.Architecture a : FusionTrainer.Architecture.values()) {
            FusionTrainer t = FusionTrainer.builder(a).epochs(3).embeddings(Map.of(Modality.TEXT, DIM), PROJECTION).build();
            assertArrayEquals(t.fit(data).model().weights().toBytes(), t.fit(data).model().weights().toBytes());
            // distribution-only training ignores the embeddings on the examples
            FusionTrainer plain = FusionTrainer.builder(a).epochs(3).build();
            FusionModel withEmb = plain.fit(data).model();
            FusionModel bare = plain.fit(data.stream().map(FusionExample::withoutEmbeddings).toList()).model();
            assertArrayEquals(withEmb.weights().toBytes(), bare.weights().toBytes());
            assertEquals(FusionInput.LAYOUT, withEmb.property("features").orElse(FusionInput.LAYOUT));
        }
        assertThrows(IllegalArgumentException.class, () -> FusionTrainer.builder(FusionTrainer.Architecture.MOE)
                .embeddings(Map.of(), 8));
        assertThrows(IllegalArgumentException.class, () -> FusionTrainer.builder(FusionTrainer.Architecture.MOE)
                .embeddings(Map.of(Modality.TEXT, 384), 0));
    }
}
