package io.github.emotion4j.text;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.text.classify.EmbeddingHead;
import io.github.emotion4j.text.classify.LabelScores;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code text-minilm} provider: MiniLM-L6 sentence embeddings (ONNX Runtime) with the
 * GoEmotions heads trained by emotion4j, all from the {@code emotion4j-models} jar; or, with the
 * option {@code text.encoder}, another encoder with its heads ({@link TextEncoder}).
 *
 * <p>A user model folder for {@link Modality#TEXT} ({@code EmotionRecognizer.Builder#model})
 * replaces them, according to its card:
 * <ul>
 *   <li>{@code task=classification} with an ONNX or TorchScript file and a tokenizer: a
 *       transformer classifier (e.g. a Hugging Face emotion model exported to ONNX); its
 *       {@code labels}/{@code labelSet} and {@code activation} turn logits into emotions;</li>
 *   <li>{@code task=embedding} with a model file and a tokenizer: another sentence encoder,
 *       with a head in the same folder when the card has {@code head.layers};</li>
 *   <li>a card with only {@code head.layers} (a head retrained on MiniLM embeddings): the
 *       bundled encoder with that head.</li>
 * </ul>
 * Options: see {@link TextOptions}. Model calls run side by side on the recognizer's executor
 * ({@link AnalyzerContext#executor()}). Stateless and thread-safe.
 */
public final class MiniLmTextProvider implements ModalityAnalyzerProvider {
    /** Bundled encoder id. */
    public static final String ENCODER_ID = "text-minilm-l6-v2-q";
    /** Bundled Ekman head id. */
    public static final String EKMAN_HEAD_ID = "text-goemotions-ekman";
    /** Bundled GoEmotions-28 head id. */
    public static final String FINE_HEAD_ID = "text-goemotions-28";

    @Override
    public String name() {
        return "text-minilm";
    }

    @Override
    public Modality modality() {
        return Modality.TEXT;
    }

    @Override
    public List<OptionSpec<?>> options() {
        return TextOptions.SPECS;
    }

    @Override
    public TextAnalyzer create(AnalyzerContext context) throws ModelLoadException {
        TextOptions options = TextOptions.of(context);
        Optional<Path> folder = context.modelFolder(Modality.TEXT);
        if (folder.isPresent()) {
            return fromFolder(ModelLocator.fromDirectory(folder.get()), context, options);
        }
        TextEncoder choice = options.encoder();
        requireCards(choice);
        ModelBundle enc = ModelLocator.fromClasspath(choice.encoderId());
        EmbeddingHead ekman = EmbeddingHead.load(ModelLocator.fromClasspath(choice.ekmanHeadId()));
        EmbeddingHead fine = EmbeddingHead.load(ModelLocator.fromClasspath(choice.fineHeadId()));
        TransformerRunner runner = TransformerRunner.open(enc, context.runtime(), options.batchSize(), context.executor());
        return encoderAnalyzer(runner, ekman, fine, options, english(enc.card()), enc);
    }

    /** The optional encoders' cards and heads live in their own artifact: say so when it is missing. */
    private static void requireCards(TextEncoder choice) throws ModelLoadException {
        if (choice == TextEncoder.MINILM) {
            return;
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = MiniLmTextProvider.class.getClassLoader();
        }
        for (String id : List.of(choice.encoderId(), choice.ekmanHeadId(), choice.fineHeadId())) {
            if (cl.getResource(ModelLocator.CLASSPATH_ROOT + id + "/" + ModelCard.FILE_NAME) == null) {
                throw new ModelLoadException("text.encoder=" + choice.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + " needs the model '" + id + "', which is not on the classpath: add the Maven dependency "
                        + TextEncoder.MODELS_ARTIFACT + " (its cards and heads) and " + choice.artifact() + " (the encoder's files)");
            }
        }
    }

    private static TextAnalyzer fromFolder(ModelBundle bundle, AnalyzerContext context, TextOptions options)
            throws ModelLoadException {
        ModelCard card = bundle.card();
        boolean runnable = TransformerRunner.canRun(card);
        if (runnable && card.task().equals("classification")) {
            LabelScores scores = LabelScores.of(card);
            TransformerRunner runner = TransformerRunner.open(bundle, context.runtime(), options.batchSize(), context.executor());
            return TextAnalyzer.withClassifier(runner, scores, options, english(card));
        }
        if (runnable && card.task().equals("embedding")) {
            EmbeddingHead head = card.property("head.layers").isPresent() ? EmbeddingHead.load(bundle) : null;
            TransformerRunner runner = TransformerRunner.open(bundle, context.runtime(), options.batchSize(), context.executor());
            return encoderAnalyzer(runner, head, null, options, english(card), bundle);
        }
        if (card.property("head.layers").isPresent()) {
            EmbeddingHead head = EmbeddingHead.load(bundle);
            // the encoder the head names when it is a bundled one, else the one text.encoder chose
            String encoderId = head.encoder().isEmpty() ? options.encoder().encoderId() : head.encoder();
            ModelBundle enc = ModelLocator.fromClasspath(encoderId);
            TransformerRunner runner = TransformerRunner.open(enc, context.runtime(), options.batchSize(), context.executor());
            return encoderAnalyzer(runner, head, null, options, english(enc.card()), bundle);
        }
        throw new ModelLoadException("Model '" + card.id() + "' (" + bundle.origin() + ") is no text model emotion-text"
                + " can run: give task=classification or task=embedding with an ONNX or TORCHSCRIPT file and a"
                + " tokenizer.json (tokenizer.file), or a head (head.layers) over MiniLM embeddings", bundle.directory());
    }

    private static TextAnalyzer encoderAnalyzer(TransformerRunner runner, EmbeddingHead head, EmbeddingHead fine,
                                                    TextOptions options, boolean english, ModelBundle origin)
            throws ModelLoadException {
        try {
            int dim = runner.run("ok").length;
            for (EmbeddingHead h : new EmbeddingHead[] {head, fine}) {
                if (h != null && h.inputSize() != dim) {
                    throw new ModelLoadException("Model '" + h.info().id() + "' takes " + h.inputSize()
                            + " inputs but encoder '" + runner.modelInfo().id() + "' gives " + dim
                            + "-dimensional embeddings (the head was trained on '" + h.encoder() + "')", origin.directory());
                }
            }
            return TextAnalyzer.withEncoder(runner, head, fine, options, english);
        } catch (ModelLoadException | RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    private static boolean english(ModelCard card) {
        return card.property("language").map(s -> s.strip().equalsIgnoreCase("en")).orElse(false);
    }
}
