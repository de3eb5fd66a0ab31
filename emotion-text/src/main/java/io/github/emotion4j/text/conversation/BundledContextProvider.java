package io.github.emotion4j.text.conversation;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationContextProvider;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.List;
import java.util.Optional;

/**
 * Registers the bundled {@link DialogueContextModel} ({@value DialogueContextModel#DEFAULT_ID}) as
 * the classpath's conversation context model, causal (each turn read in the light of the earlier
 * ones only, so it works live too). Rank {@value #RANK}: a provider of the application's own with a
 * higher rank wins.
 */
public final class BundledContextProvider implements ConversationContextProvider {
    /** The rank of the bundled model. */
    public static final int RANK = 3;

    /** For {@link java.util.ServiceLoader}. */
    public BundledContextProvider() {
    }

    @Override
    public String name() {
        return DialogueContextModel.DEFAULT_ID;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Optional<String> encoderId() {
        return Optional.of(io.github.emotion4j.text.MiniLmTextProvider.ENCODER_ID);
    }

    @Override
    public ConversationContext create() throws ModelLoadException {
        return of(DialogueContextModel.loadDefault(), true);
    }

    /**
     * A context model over one of the MELD-adapted encoders, in
     * {@value io.github.emotion4j.text.TextEncoder#MODELS_ARTIFACT}. Rank 2: below the default one, so it
     * is only chosen for a recognizer that uses its encoder
     * ({@link ConversationAnalyzer#classpathContext(io.github.emotion4j.core.EmotionRecognizer)}).
     */
    public abstract static sealed class Adapted implements ConversationContextProvider permits MeldAdapted, E5MeldAdapted {
        private final String id;
        private final io.github.emotion4j.text.TextEncoder encoder;

        Adapted(String id, io.github.emotion4j.text.TextEncoder encoder) {
            this.id = id;
            this.encoder = encoder;
        }

        @Override
        public String name() {
            return id;
        }

        @Override
        public int rank() {
            return RANK - 1;
        }

        @Override
        public Optional<String> encoderId() {
            return Optional.of(encoder.encoderId());
        }

        @Override
        public ConversationContext create() throws ModelLoadException {
            // a missing artifact is a ModelLoadException naming it (ModelLocator knows where the model lives)
            return of(DialogueContextModel.load(io.github.emotion4j.core.model.ModelLocator.fromClasspath(id)), true);
        }
    }

    /** {@value DialogueContextModel#MELD_ADAPTED_ID}, over {@code text.encoder=minilm-meld}. */
    public static final class MeldAdapted extends Adapted {
        /** For {@link java.util.ServiceLoader}. */
        public MeldAdapted() {
            super(DialogueContextModel.MELD_ADAPTED_ID, io.github.emotion4j.text.TextEncoder.MINILM_MELD);
        }
    }

    /** {@value DialogueContextModel#E5_MELD_ADAPTED_ID}, over {@code text.encoder=e5-meld}. */
    public static final class E5MeldAdapted extends Adapted {
        /** For {@link java.util.ServiceLoader}. */
        public E5MeldAdapted() {
            super(DialogueContextModel.E5_MELD_ADAPTED_ID, io.github.emotion4j.text.TextEncoder.E5_MELD);
        }
    }

    /**
     * A dialogue context model as a {@link ConversationContext}.
     *
     * @param model  the model
     * @param causal true: only earlier turns; false: the whole dialogue (offline transcripts)
     */
    public static ConversationContext of(DialogueContextModel model, boolean causal) {
        List<Emotion> labels = model.labels();
        int[] column = new int[Emotion.CANONICAL.size()];
        for (int k = 0; k < column.length; k++) {
            column[k] = labels.indexOf(Emotion.CANONICAL.get(k));
        }
        return new ConversationContext() {
            @Override
            public String name() {
                return model.info().id() + (causal ? "" : " (bidirectional)");
            }

            @Override
            public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                float[][] p = model.predict(embeddings, speakerIds, causal).withContext();
                float[][] out = new float[p.length][column.length];
                for (int t = 0; t < p.length; t++) {
                    for (int k = 0; k < column.length; k++) {
                        out[t][k] = column[k] < 0 ? 0f : p[t][column[k]];
                    }
                }
                return out;
            }

            @Override
            public Optional<String> encoderId() {
                return model.encoderId();
            }

            @Override
            public List<ModelInfo> models() {
                return List.of(model.info());
            }
        };
    }
}
