package io.github.emotion4j.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.fusion.model.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The modality tokens a network reads, as its weights define them: the 16 distribution features of
 * {@link FusionInput} ({@code dist16-v1}) and, when the weights hold embedding projections
 * {@code embed.<modality>.weight [n_m, d]}, the projection {@code e_m E_m} of the modality's
 * L2-normalised embedding appended ({@code dist16+emb-v1}, {@code 16 + d} numbers). The projection
 * is zero when the modality is absent, has no embedding, has no projection or an embedding of
 * another size than {@code n_m}. Immutable and thread-safe.
 */
public final class TokenLayout {
    private static final List<Modality> MODALITIES = FusionInput.MODALITIES;
    private static final int F = FusionInput.TOKEN_FEATURES;

    private final int size;
    private final int[] dims;
    private final float[][] projection;

    private TokenLayout(int size, int[] dims, float[][] projection) {
        this.size = size;
        this.dims = dims;
        this.projection = projection;
    }

    /** Name of a modality's embedding projection tensor. */
    public static String tensorName(Modality m) {
        return "embed." + m.word() + ".weight";
    }

    /**
     * The layout of some weights.
     *
     * @throws IllegalArgumentException when projections are not rank 2 or disagree on {@code d}
     */
    public static TokenLayout of(Weights weights) {
        Objects.requireNonNull(weights, "weights");
        int d = 0;
        int[] dims = new int[MODALITIES.size()];
        float[][] proj = new float[MODALITIES.size()][];
        for (int m = 0; m < dims.length; m++) {
            Weights.Tensor t = weights.tensors().get(tensorName(MODALITIES.get(m)));
            if (t == null) {
                continue;
            }
            if (t.rank() != 2 || t.dim(0) < 1 || t.dim(1) < 1 || (d != 0 && t.dim(1) != d)) {
                throw new IllegalArgumentException(tensorName(MODALITIES.get(m)) + " must be [n, d] with one d for "
                        + "every modality, was " + t);
            }
            d = t.dim(1);
            dims[m] = t.dim(0);
            proj[m] = t.values();
        }
        return new TokenLayout(d, dims, proj);
    }

    /** Embedding projection size d (0: distributions only). */
    public int projectionSize() {
        return size;
    }

    /** Numbers per token, {@code 16 + d}. */
    public int width() {
        return F + size;
    }

    /** Whether the tokens carry embeddings ({@code dist16+emb-v1}). */
    public boolean usesEmbeddings() {
        return size > 0;
    }

    /** The embedding size a modality's projection takes (0 when it has none). */
    public int embeddingSize(Modality m) {
        return dims[MODALITIES.indexOf(m)];
    }

    /** The card's {@code features} value for this layout. */
    public String name() {
        return usesEmbeddings() ? FusionInput.LAYOUT_EMBEDDINGS : FusionInput.LAYOUT;
    }

    /**
     * The tokens, {@code [3][width()]}, zeros for absent modalities; with no projection, exactly
     * {@link FusionInput#tokens()}.
     */
    public float[][] tokens(FusionInput input) {
        float[][] base = input.tokens();
        if (size == 0) {
            return base;
        }
        float[][] t = new float[base.length][];
        for (int m = 0; m < base.length; m++) {
            t[m] = Arrays.copyOf(base[m], width());
            Optional<float[]> e = input.embedding(MODALITIES.get(m));
            if (projection[m] != null && e.isPresent() && e.get().length == dims[m]) {
                float[] v = e.get();
                for (int j = 0; j < size; j++) {
                    double s = 0;
                    for (int i = 0; i < v.length; i++) {
                        s += (double) v[i] * projection[m][i * size + j];
                    }
                    t[m][F + j] = (float) s;
                }
            }
        }
        return t;
    }
}
