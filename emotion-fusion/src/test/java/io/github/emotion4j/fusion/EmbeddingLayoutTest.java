package io.github.emotion4j.fusion;

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
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.attention.AttentionNet;
import io.github.emotion4j.fusion.model.Weights;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsNet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@code dist16+emb-v1} token layout in plain Java, and that {@code dist16-v1} networks ignore embeddings. */
class EmbeddingLayoutTest {
    private static final double[] ANGRY = {0.6, 0.1, 0.05, 0.05, 0.1, 0.05, 0.05};

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static Map<Modality, ModalityEvidence> evidence(boolean withEmbedding) {
        Map<Modality, ModalityEvidence> e = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            Optional<Embedding> emb = withEmbedding
                    ? Optional.of(new Embedding(m, random(new Random(m.ordinal()), m == Modality.TEXT ? 384 : 64),
                    Optional.empty(), "test")) : Optional.empty();
            e.put(m, new ModalityEvidence(m, new EmotionDistribution(Emotion.CANONICAL, ANGRY), 1.0, emb));
        }
        return e;
    }

    @Test
    void distributionOnlyBundledNetworksGiveTheSameOutputWithOrWithoutEmbeddings() throws Exception {
        for (NeuralFusion f : List.of(AttentionFusion.bundled(), MixtureOfExpertsFusion.bundled())) {
            TokenLayout layout = TokenLayout.of(f.model().weights());
            assertFalse(layout.usesEmbeddings());
            assertEquals(FusionInput.LAYOUT, layout.name());
            assertEquals(FusionInput.TOKEN_FEATURES, layout.width());
            assertArrayEquals(f.fuse(evidence(false)).distribution().probabilities(),
                    f.fuse(evidence(true)).distribution().probabilities(), 0);
        }
    }

    @Test
    void inputKeepsUnitLengthEmbeddingsOfPresentModalitiesOnly() {
        FusionInput in = FusionInput.of(evidence(true));
        float[] text = in.embedding(Modality.TEXT).orElseThrow();
        assertEquals(384, text.length);
        double norm = 0;
        for (float v : text) {
            norm += v * v;
        }
        assertEquals(1, norm, 1e-5);
        assertTrue(in.withTemperatures(Map.of(Modality.TEXT, 2.0)).embedding(Modality.TEXT).isPresent());
        assertTrue(in.keep(java.util.Set.of(Modality.AUDIO)).embedding(Modality.TEXT).isEmpty());
        assertTrue(in.withoutEmbeddings().embedding(Modality.AUDIO).isEmpty());
        assertArrayEquals(in.tokens(), in.withoutEmbeddings().tokens());
        Map<Modality, double[]> audio = Map.of(Modality.AUDIO, ANGRY);
        assertThrows(IllegalArgumentException.class,
                () -> FusionInput.ofCanonical(audio, Map.of(Modality.TEXT, new float[3])));
        assertThrows(IllegalArgumentException.class,
                () -> FusionInput.ofCanonical(audio, Map.of(Modality.AUDIO, new float[] {1, Float.NaN})));
    }

    /** Random weights of both networks with a text projection [5, 3] (and none for audio and vision). */
    private static Map<String, Weights.Tensor> tensors(boolean attention, Random r) {
        int w = 16 + 3;
        int width = 8;
        Map<String, Weights.Tensor> t = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, int[]> put = (name, shape) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            t.put(name, new Weights.Tensor(shape, random(r, n)));
        };
        if (attention) {
            put.accept("proj.weight", new int[] {3, w, width});
            put.accept("proj.bias", new int[] {3, width});
            put.accept("token", new int[] {width});
            for (String n : List.of("query", "key", "value", "out")) {
                put.accept(n + ".weight", new int[] {width, width});
                put.accept(n + ".bias", new int[] {width});
            }
            put.accept("hidden.weight", new int[] {width, 6});
            put.accept("hidden.bias", new int[] {6});
            put.accept("classifier.weight", new int[] {6, 7});
            put.accept("classifier.bias", new int[] {7});
        } else {
            for (String n : List.of("audio", "vision", "text", "cross")) {
                int in = n.equals("cross") ? MixtureOfExpertsNet.joint(w) : w;
                put.accept("expert." + n + ".hidden.weight", new int[] {in, 6});
                put.accept("expert." + n + ".hidden.bias", new int[] {6});
                put.accept("expert." + n + ".out.weight", new int[] {6, 7});
                put.accept("expert." + n + ".out.bias", new int[] {7});
            }
            put.accept("gate.hidden.weight", new int[] {MixtureOfExpertsNet.joint(w), 5});
            put.accept("gate.hidden.bias", new int[] {5});
            put.accept("gate.out.weight", new int[] {5, 4});
            put.accept("gate.out.bias", new int[] {4});
        }
        put.accept(TokenLayout.tensorName(Modality.TEXT), new int[] {5, 3});
        return t;
    }

    @Test
    void embeddingNetworksProjectTheEmbeddingAndZeroItWhenAbsent() {
        Map<Modality, double[]> p = Map.of(Modality.AUDIO, ANGRY, Modality.TEXT, ANGRY);
        FusionInput with = FusionInput.ofCanonical(p, Map.of(Modality.TEXT, new float[] {1, 2, 0, -1, 0.5f}));
        FusionInput without = with.withoutEmbeddings();
        FusionInput otherSize = FusionInput.ofCanonical(p, Map.of(Modality.TEXT, new float[] {1, 2, 0}));
        for (boolean attention : List.of(true, false)) {
            Weights weights = new Weights(tensors(attention, new Random(attention ? 1 : 2)));
            FusionNet net = attention ? new AttentionNet(weights, 2) : new MixtureOfExpertsNet(weights);
            TokenLayout layout = TokenLayout.of(weights);
            assertEquals(FusionInput.LAYOUT_EMBEDDINGS, layout.name());
            assertEquals(19, layout.width());
            assertEquals(5, layout.embeddingSize(Modality.TEXT));
            assertEquals(0, layout.embeddingSize(Modality.AUDIO));
            float[][] t = layout.tokens(with);
            float[] e = with.embedding(Modality.TEXT).orElseThrow();
            float[] proj = weights.get(TokenLayout.tensorName(Modality.TEXT)).values();
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int i = 0; i < 5; i++) {
                    s += e[i] * proj[i * 3 + j];
                }
                assertEquals(s, t[2][16 + j], 1e-6);
                assertEquals(0f, t[0][16 + j], "audio has no projection");
                assertEquals(0f, t[1][16 + j], "vision is absent");
                assertEquals(0f, layout.tokens(without)[2][16 + j]);
            }
            double[] a = net.forward(with).probabilities();
            double[] b = net.forward(without).probabilities();
            assertFalse(java.util.Arrays.equals(a, b), "the embedding changes the output");
            assertArrayEquals(b, net.forward(otherSize).probabilities(), 0, "another size counts as absent");
            assertEquals(1, java.util.Arrays.stream(a).sum(), 1e-9);
        }
        Map<String, Weights.Tensor> bad = tensors(false, new Random(3));
        bad.put(TokenLayout.tensorName(Modality.AUDIO), new Weights.Tensor(new int[] {4, 2}, new float[8]));
        assertThrows(IllegalArgumentException.class, () -> TokenLayout.of(new Weights(bad)));
        Map<String, Weights.Tensor> dist = tensors(false, new Random(4));
        dist.remove(TokenLayout.tensorName(Modality.TEXT));
        assertThrows(IllegalArgumentException.class, () -> new MixtureOfExpertsNet(new Weights(dist)),
                "[19]-wide experts without a projection do not fit dist16 tokens");
    }
}
