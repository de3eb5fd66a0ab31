package io.github.emotion4j.text;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.WeightedMean;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.spi.CloseGuard;
import io.github.emotion4j.text.classify.EmbeddingHead;
import io.github.emotion4j.text.classify.LabelScores;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.lang.EnglishHeuristic;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import io.github.emotion4j.text.transcript.Transcript;
import io.github.emotion4j.text.transcript.TranscriptCue;
import io.github.emotion4j.text.transcript.TranscriptParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads emotion in text: a plain string, a transcript string, or a transcript file
 * ({@code .srt}, {@code .vtt}, {@code .txt}).
 *
 * <p>Two set-ups: a sentence <em>encoder</em> with an emotion head over its embeddings (the
 * default: MiniLM + the GoEmotions Ekman head, plus the 28-label GoEmotions head whose scores
 * become {@code goemotions.<label>} details, and the best of them cues such as "reads as
 * gratitude (0.83), a kind of happiness"), or a transformer <em>classifier</em> whose logits
 * are turned into emotions as its card says (bring your own model).
 *
 * <p>Each subtitle cue becomes a {@link Segment} with its time span and an {@link Embedding};
 * the whole-input distribution is the mean of the cue distributions weighted by text length.
 * Blank text gives a result without distribution and a warning; text longer than
 * {@link TextOptions#maxChars()} is cut with a warning, and so is a transcript of more than
 * {@link TextOptions#maxCues()} cues (the work per input grows linearly with both); text that looks non-English gets a
 * warning when the models are English-only ({@code language=en} in their cards).
 *
 * <p>Thread-safe. {@link #close()} refuses new calls, waits for the calls in flight, then releases
 * the tokenizers; it is idempotent.
 */
public final class TextAnalyzer implements io.github.emotion4j.core.spi.ModalityAnalyzer {
    /** Fine-grained labels at or above this score become cues. */
    public static final double CUE_MIN_SCORE = 0.3;

    private final TransformerRunner encoder;
    private final EmbeddingHead emotionHead;
    private final EmbeddingHead fineHead;
    private final TransformerRunner classifier;
    private final LabelScores classifierScores;
    private final TextOptions options;
    private final boolean englishOnly;
    private final List<ModelInfo> models;
    private final CloseGuard guard = new CloseGuard("text analyser");

    private TextAnalyzer(TransformerRunner encoder, EmbeddingHead emotionHead, EmbeddingHead fineHead,
                         TransformerRunner classifier, LabelScores classifierScores, TextOptions options,
                         boolean englishOnly) {
        this.encoder = encoder;
        this.emotionHead = emotionHead;
        this.fineHead = fineHead;
        this.classifier = classifier;
        this.classifierScores = classifierScores;
        this.options = Objects.requireNonNull(options, "options");
        this.englishOnly = englishOnly;
        List<ModelInfo> m = new ArrayList<>();
        if (encoder != null) {
            m.add(encoder.modelInfo());
        }
        if (emotionHead != null) {
            m.add(emotionHead.info());
        }
        if (fineHead != null) {
            m.add(fineHead.info());
        }
        if (classifier != null) {
            m.add(classifier.modelInfo());
        }
        this.models = List.copyOf(m);
    }

    /**
     * An analyser over sentence embeddings.
     *
     * @param encoder     the sentence encoder (owned by the analyser from now on)
     * @param emotionHead head giving the distribution, or null for embeddings only
     * @param fineHead    head giving fine-grained details (e.g. GoEmotions 28), or null
     * @param englishOnly whether to warn on text that looks non-English
     */
    public static TextAnalyzer withEncoder(TransformerRunner encoder, EmbeddingHead emotionHead, EmbeddingHead fineHead,
                                           TextOptions options, boolean englishOnly) {
        Objects.requireNonNull(encoder, "encoder");
        return new TextAnalyzer(encoder, emotionHead, fineHead, null, null, options, englishOnly);
    }

    /**
     * An analyser running a transformer classifier.
     *
     * @param classifier the classifier (owned by the analyser from now on); its outputs are logits
     * @param scores     its labels and activation
     */
    public static TextAnalyzer withClassifier(TransformerRunner classifier, LabelScores scores, TextOptions options,
                                              boolean englishOnly) {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(scores, "scores");
        return new TextAnalyzer(null, null, null, classifier, scores, options, englishOnly);
    }

    @Override
    public Modality modality() {
        return Modality.TEXT;
    }

    @Override
    public boolean accepts(MediaInput input) {
        return input != null && input.hasText();
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    /** Per-text scores: distribution, fine-grained label probabilities and embedding, each optional. */
    record Scored(EmotionDistribution distribution, double[] fine, float[] embedding) {
    }

    @Override
    public ModalityResult analyze(MediaInput input) throws MediaDecodeException {
        Objects.requireNonNull(input, "input");
        return guard.call(() -> analyzeOpen(input));
    }

    private ModalityResult analyzeOpen(MediaInput input) throws MediaDecodeException {
        Transcript transcript = transcript(input);
        ModalityResult.Builder b = ModalityResult.builder(Modality.TEXT);
        models.forEach(b::model);
        transcript.warnings().forEach(b::warning);
        List<TranscriptCue> cues = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int budget = options.maxChars();
        boolean cut = false;
        int withText = 0;
        for (TranscriptCue c : transcript.cues()) {
            if (cues.size() >= options.maxCues()) {
                // past the cue limit: only count what is left, for the warning
                if (!c.text().isBlank()) {
                    withText++;
                }
                continue;
            }
            String t = TextTokenizer.sanitize(c.text()).strip();
            if (t.isEmpty()) {
                continue;
            }
            withText++;
            if (budget <= 0) {
                cut = true;
                break;
            }
            if (t.length() > budget) {
                t = cutAtSpace(t, budget);
                cut = true;
            }
            budget -= t.length();
            cues.add(c);
            texts.add(t);
        }
        if (withText > cues.size() && !cut) {
            b.warning("transcript has " + withText + " cues; only the first " + cues.size() + " were analysed (option "
                    + TextOptions.MAX_CUES + ")");
        }
        if (cut) {
            b.warning("text longer than " + options.maxChars() + " characters; only the first " + options.maxChars()
                    + " were analysed (option " + TextOptions.MAX_CHARS + ")");
        }
        if (texts.isEmpty()) {
            return b.warning("empty text: nothing to judge").build();
        }
        if (englishOnly) {
            EnglishHeuristic.notEnglishReason(String.join(" ", texts)).ifPresent(reason -> b.warning(
                    "the text does not look English (" + reason + "); the models were trained on English text only,"
                            + " so the result is unreliable"));
        }
        List<Scored> scored = score(texts);
        double[] weights = new double[texts.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.max(1, texts.get(i).length());
        }
        for (int i = 0; i < cues.size(); i++) {
            TranscriptCue c = cues.get(i);
            Scored s = scored.get(i);
            Optional<TimeSpan> span = c.span();
            if (span.isPresent() && s.distribution() != null) {
                b.segment(Segment.of(Modality.TEXT, span.get(), s.distribution(), "subtitle " + c.index()));
            }
            if (s.embedding() != null) {
                b.embedding(new Embedding(Modality.TEXT, s.embedding(), span, encoder.modelInfo().id()));
            }
        }
        EmotionDistribution whole = mean(scored, weights);
        if (whole != null) {
            b.distribution(whole);
        } else {
            b.warning("no emotion head configured: embeddings only");
        }
        double[] fine = meanFine(scored, weights);
        if (fine != null) {
            LabelScores fl = fineLabels();
            String prefix = fl.labels().name().equals(LabelSet.GOEMOTIONS_28.name()) ? "goemotions." : "label.";
            List<String> words = fl.words();
            for (int k = 0; k < fine.length; k++) {
                b.detail(prefix + words.get(k), fine[k]);
            }
            fineCues(fl, prefix, fine).forEach(b::cue);
        }
        return b.build();
    }

    /**
     * Analyses many plain texts in batched model calls: one result per text, in order (each with
     * distribution, embedding and details as {@link #analyze(MediaInput)} gives for a plain text).
     * Blank texts give results without distribution.
     */
    public List<ModalityResult> analyzeTexts(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        return guard.call(() -> analyzeTextsOpen(texts));
    }

    private List<ModalityResult> analyzeTextsOpen(List<String> texts) {
        List<String> clean = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = TextTokenizer.sanitize(Objects.requireNonNull(texts.get(i), "text")).strip();
            if (!t.isEmpty()) {
                clean.add(t.length() > options.maxChars() ? cutAtSpace(t, options.maxChars()) : t);
                where.add(i);
            }
        }
        List<Scored> scored = score(clean);
        List<ModalityResult> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < texts.size(); i++) {
            ModalityResult.Builder b = ModalityResult.builder(Modality.TEXT);
            models.forEach(b::model);
            if (next < where.size() && where.get(next) == i) {
                Scored s = scored.get(next);
                if (s.distribution() != null) {
                    b.distribution(s.distribution());
                }
                if (s.embedding() != null) {
                    b.embedding(new Embedding(Modality.TEXT, s.embedding(), Optional.empty(), encoder.modelInfo().id()));
                }
                if (s.fine() != null) {
                    LabelScores fl = fineLabels();
                    String prefix = fl.labels().name().equals(LabelSet.GOEMOTIONS_28.name()) ? "goemotions." : "label.";
                    for (int k = 0; k < s.fine().length; k++) {
                        b.detail(prefix + fl.words().get(k), s.fine()[k]);
                    }
                }
                next++;
            } else {
                b.warning("empty text: nothing to judge");
            }
            out.add(b.build());
        }
        return out;
    }

    /** The fine-grained labels scoring at least {@link #CUE_MIN_SCORE}, best first (at most 3), with their canonical emotion. */
    static List<io.github.emotion4j.core.Cue> fineCues(LabelScores labels, String prefix, double[] scores) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] >= CUE_MIN_SCORE) {
                order.add(k);
            }
        }
        order.sort((a, c) -> Double.compare(scores[c], scores[a]));
        List<io.github.emotion4j.core.Cue> cues = new ArrayList<>();
        for (int k : order.subList(0, Math.min(3, order.size()))) {
            String word = labels.words().get(k);
            cues.add(new io.github.emotion4j.core.Cue(Modality.TEXT, prefix + word, scores[k], String.format(java.util.Locale.ROOT,
                    "reads as %s (%.2f), a kind of %s", word, scores[k], labels.labels().emotionAt(k).word())));
        }
        return cues;
    }

    private LabelScores fineLabels() {
        return classifier != null ? classifierScores : fineHead.scores();
    }

    /** Scores texts in one batched pass. */
    List<Scored> score(List<String> texts) {
        List<Scored> out = new ArrayList<>(texts.size());
        if (classifier != null) {
            for (float[] logits : classifier.run(texts)) {
                double[] p;
                try {
                    p = classifierScores.probabilities(logits);
                } catch (IllegalArgumentException | io.github.emotion4j.core.InferenceException e) {
                    throw new io.github.emotion4j.core.InferenceException("Model '" + classifier.modelInfo().id()
                            + "' gave unusable outputs: " + e.getMessage(), e);
                }
                out.add(new Scored(classifierScores.distribution(p), p, null));
            }
            return out;
        }
        List<float[]> embeddings = encoder.run(texts);
        boolean lexicon = emotionHead != null && emotionHead.usesLexicon() || fineHead != null && fineHead.usesLexicon();
        long[][] ids = lexicon ? encoder.tokenizer().encode(texts) : new long[texts.size()][];
        long[] ignore = lexicon ? specialIds() : new long[0];
        for (int i = 0; i < embeddings.size(); i++) {
            float[] e = embeddings.get(i);
            EmotionDistribution d = null;
            if (emotionHead != null) {
                d = emotionHead.scores().distribution(emotionHead.probabilities(e, ids[i], ignore));
            }
            double[] fine = fineHead != null ? fineHead.probabilities(e, ids[i], ignore) : null;
            out.add(new Scored(d, fine, e));
        }
        return out;
    }

    private long[] specialIds() {
        long[] p = encoder.tokenizer().prefix();
        long[] q = encoder.tokenizer().suffix();
        long[] all = java.util.Arrays.copyOf(p, p.length + q.length + 1);
        System.arraycopy(q, 0, all, p.length, q.length);
        all[all.length - 1] = encoder.tokenizer().padId();
        return all;
    }

    private static EmotionDistribution mean(List<Scored> scored, double[] w) {
        if (scored.get(0).distribution() == null) {
            return null;
        }
        return WeightedMean.distributions(scored.stream().map(Scored::distribution).toList(), w);
    }

    private static double[] meanFine(List<Scored> scored, double[] w) {
        if (scored.get(0).fine() == null) {
            return null;
        }
        return WeightedMean.of(scored.stream().map(Scored::fine).toList(), w);
    }

    /** The transcript an input carries: a conversation (one cue per utterance), a transcript file, a text file, or the text itself. */
    static Transcript transcript(MediaInput input) throws MediaDecodeException {
        if (input.conversation().isPresent()) {
            return conversationTranscript(input.conversation().get());
        }
        if (input.transcriptFile().isPresent()) {
            return TranscriptParser.read(input.transcriptFile().get());
        }
        if (input.kind() == MediaKind.TEXT && input.file().isPresent()) {
            return TranscriptParser.read(input.file().get());
        }
        if (input.text().isPresent()) {
            return TranscriptParser.parse(input.text().get(), "text");
        }
        throw new MediaDecodeException(input.describe(), "the input carries no text");
    }

    /** A conversation as a transcript: one cue per utterance, with its span when it has one. */
    private static Transcript conversationTranscript(io.github.emotion4j.core.conversation.Conversation c) {
        List<TranscriptCue> cues = new ArrayList<>();
        for (io.github.emotion4j.core.conversation.Utterance u : c.utterances()) {
            cues.add(new TranscriptCue(cues.size() + 1, u.span(), u.text(), u.line()));
        }
        return new Transcript(c.id(), "conversation", cues, c.warnings());
    }

    private static String cutAtSpace(String t, int max) {
        int end = max;
        if (Character.isHighSurrogate(t.charAt(end - 1))) {
            end--;
        }
        int space = t.lastIndexOf(' ', end);
        if (space > max / 2) {
            end = space;
        }
        return t.substring(0, end);
    }

    /** The encoder, if this analyser embeds text. */
    public Optional<TransformerRunner> encoder() {
        return Optional.ofNullable(encoder);
    }

    /** Refuses new calls, waits for the calls in flight, then releases the tokenizers. Idempotent. */
    @Override
    public void close() {
        if (!guard.closeAndAwait()) {
            return;
        }
        if (encoder != null) {
            encoder.close();
        }
        if (classifier != null) {
            classifier.close();
        }
    }
}
