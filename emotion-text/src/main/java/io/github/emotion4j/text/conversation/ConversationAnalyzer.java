package io.github.emotion4j.text.conversation;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationContextProvider;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.conversation.Utterance;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.text.TextAnalyzer;
import io.github.emotion4j.text.lang.EnglishHeuristic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Analyses conversations with an {@link EmotionRecognizer}: each utterance's text through the
 * recognizer's text analyser (batched), the audio and face segments of the conversation's media
 * that overlap an utterance's span joined to it (weighted by overlap, fused with the recognizer's
 * fusion), then, when a {@link ConversationContext} is given, each turn reread in context; and the
 * inertia and contagion figures of the result.
 *
 * <pre>{@code
 * ConversationAnalyzer analyzer = ConversationAnalyzer.builder(recognizer).context(myContextModel).build();
 * ConversationResult r = analyzer.analyze(MediaInput.ofConversation(conversation).withMedia(Path.of("call.mp4")));
 * r.utterances().get(3).withContext();   // the fourth turn, read in context
 * }</pre>
 *
 * <p>Without a context model the with-context distributions equal the no-context ones and the
 * result says so in a warning. An empty conversation gives a result without utterances and a
 * warning. Work is linear in the turns; a conversation holds at most
 * {@link Conversation#MAX_TURNS} unless built with a higher limit.
 *
 * <p>Thread-safe when the recognizer and context model are (the bundled ones are). The analyser
 * does not own the recognizer: close that yourself.
 */
public final class ConversationAnalyzer {
    /** Warning of a result computed without a context model. */
    public static final String NO_CONTEXT = "no context model: the with-context distributions equal the no-context ones";
    /** Turns with fewer letters are not judged for their language (too short to tell). */
    static final int MIN_LETTERS_PER_TURN = 20;

    private final EmotionRecognizer recognizer;
    private final ConversationContext context;

    private ConversationAnalyzer(EmotionRecognizer recognizer, ConversationContext context) {
        this.recognizer = recognizer;
        this.context = context;
    }

    /** A builder over a recognizer (used, not owned). */
    public static Builder builder(EmotionRecognizer recognizer) {
        return new Builder(recognizer);
    }

    /**
     * The context model registered on the classpath ({@link ConversationContextProvider} through
     * {@link java.util.ServiceLoader}, highest rank first), loaded; empty when none is registered.
     *
     * @throws ModelLoadException when the registered model cannot be loaded
     */
    public static Optional<ConversationContext> classpathContext() throws ModelLoadException {
        List<ConversationContextProvider> found = new ArrayList<>();
        java.util.ServiceLoader.load(ConversationContextProvider.class).forEach(found::add);
        found.sort(java.util.Comparator.comparingInt(ConversationContextProvider::rank).reversed());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).create());
    }

    /**
     * The classpath's context model for the sentence encoder a recognizer's text analyser uses: the
     * highest-ranked provider that reads that encoder's embeddings (or says nothing about its
     * encoder), loaded; empty when none fits, or when the recognizer has no text model.
     *
     * @throws ModelLoadException when the chosen model cannot be loaded (e.g. its artifact is missing)
     */
    public static Optional<ConversationContext> classpathContext(EmotionRecognizer recognizer) throws ModelLoadException {
        Objects.requireNonNull(recognizer, "recognizer");
        java.util.Set<String> encoders = new java.util.HashSet<>();
        for (io.github.emotion4j.core.ModelInfo m : recognizer.models()) {
            encoders.add(m.id());
        }
        List<ConversationContextProvider> found = new ArrayList<>();
        java.util.ServiceLoader.load(ConversationContextProvider.class).forEach(p -> {
            if (p.encoderId().isEmpty() || encoders.contains(p.encoderId().get())) {
                found.add(p);
            }
        });
        found.sort(java.util.Comparator.comparingInt(ConversationContextProvider::rank).reversed());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).create());
    }

    /** The context model, if any. */
    public Optional<ConversationContext> context() {
        return Optional.ofNullable(context);
    }

    /** Analyses a conversation without media. */
    public ConversationResult analyze(Conversation conversation) throws IOException {
        return analyze(MediaInput.ofConversation(conversation));
    }

    /**
     * Analyses a conversation input ({@link MediaInput#ofConversation}, optionally
     * {@link MediaInput#withMedia}).
     *
     * @throws IllegalArgumentException when the input is not a conversation
     * @throws IOException              when the media cannot be read (see {@link EmotionRecognizer#predict})
     * @throws InferenceException       when the context model returns unusable probabilities
     */
    public ConversationResult analyze(MediaInput input) throws IOException {
        Objects.requireNonNull(input, "input");
        Conversation c = input.conversation().orElseThrow(() -> new IllegalArgumentException(
                "not a conversation input: " + input.describe() + "; use MediaInput.ofConversation"));
        List<String> warnings = new ArrayList<>(c.warnings());
        List<ModelInfo> models = new ArrayList<>();
        Optional<String> ctxName = Optional.ofNullable(context).map(ConversationContext::name);
        if (c.isEmpty()) {
            warnings.add("empty conversation: nothing to judge");
            ConversationStats none = ConversationStats.of(List.of(), List.of());
            return new ConversationResult(c.id(), List.of(), ctxName, none, Optional.empty(), warnings, models);
        }
        List<Utterance> us = c.utterances();
        int n = us.size();
        List<ModalityResult> text = text(us, warnings);
        recognizer.analyzer(Modality.TEXT).ifPresent(a -> models.addAll(a.models()));
        List<Map<Modality, EmotionDistribution>> media = media(input, c, warnings, models);
        List<Map<Modality, EmotionDistribution>> perTurn = new ArrayList<>();
        List<Optional<EmotionDistribution>> alone = new ArrayList<>();
        List<List<String>> turnWarnings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Modality, EmotionDistribution> m = new EnumMap<>(Modality.class);
            List<String> w = new ArrayList<>();
            if (text != null) {
                text.get(i).distribution().ifPresent(d -> m.put(Modality.TEXT, d));
                w.addAll(text.get(i).warnings());
            }
            m.putAll(media.get(i));
            perTurn.add(m);
            alone.add(fuse(m));
            if (m.isEmpty() && w.isEmpty()) {
                w.add("nothing to judge in this turn");
            }
            turnWarnings.add(w);
        }
        List<Optional<EmotionDistribution>> inContext = alone;
        if (context == null) {
            warnings.add(NO_CONTEXT);
        } else {
            inContext = withContext(us, text, alone, warnings);
            models.addAll(context.models());
        }
        List<UtteranceResult> results = new ArrayList<>();
        List<String> speakers = new ArrayList<>();
        List<Emotion> predicted = new ArrayList<>();
        List<Emotion> gold = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UtteranceResult r = new UtteranceResult(us.get(i), perTurn.get(i), alone.get(i), inContext.get(i),
                    turnWarnings.get(i));
            results.add(r);
            speakers.add(r.speaker());
            predicted.add(r.predicted().orElse(null));
            gold.add(us.get(i).label().orElse(null));
        }
        Optional<ConversationStats> goldStats = c.labelled() ? Optional.of(ConversationStats.of(speakers, gold))
                : Optional.empty();
        return new ConversationResult(c.id(), results, ctxName, ConversationStats.of(speakers, predicted), goldStats,
                warnings, dedupe(models));
    }

    /** One text result per utterance, or null when the recognizer reads no text. */
    private List<ModalityResult> text(List<Utterance> us, List<String> warnings) throws IOException {
        Optional<ModalityAnalyzer> a = recognizer.analyzer(Modality.TEXT);
        if (a.isEmpty()) {
            warnings.add("the recognizer reads no text (add emotion-text): utterances are judged from the media only");
            return null;
        }
        List<String> texts = us.stream().map(Utterance::text).toList();
        List<ModalityResult> out;
        if (a.get() instanceof TextAnalyzer t) {
            out = new ArrayList<>(t.analyzeTexts(texts));
        } else {
            out = new ArrayList<>();
            for (String s : texts) {
                out.add(s.isBlank() ? ModalityResult.builder(Modality.TEXT).warning("empty text: nothing to judge").build()
                        : a.get().analyze(MediaInput.ofText(s)));
            }
        }
        String all = String.join(" ", texts);
        Optional<String> whole = EnglishHeuristic.notEnglishReason(all);
        whole.ifPresent(reason -> warnings.add("the text does not look English ("
                + reason + "); the models were trained on English text only, so the result is unreliable"));
        // mixed languages: each turn long enough to judge gets its own warning
        int flagged = 0;
        int first = -1;
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t.codePoints().filter(Character::isLetter).count() < MIN_LETTERS_PER_TURN) {
                continue;
            }
            Optional<String> reason = EnglishHeuristic.notEnglishReason(t);
            if (reason.isPresent()) {
                out.set(i, withWarning(out.get(i), "this turn does not look English (" + reason.get()
                        + "); the models were trained on English text only"));
                flagged++;
                first = first < 0 ? us.get(i).turn() : first;
            }
        }
        if (flagged > 0 && whole.isEmpty()) {
            warnings.add(flagged + " of " + texts.size() + " turns do not look English (the first: turn " + first
                    + "); their results are unreliable");
        }
        return out;
    }

    private static ModalityResult withWarning(ModalityResult r, String warning) {
        List<String> w = new ArrayList<>(r.warnings());
        w.add(warning);
        return new ModalityResult(r.modality(), r.distribution(), r.dimensions(), r.segments(), r.embeddings(), r.cues(),
                w, r.details(), r.models(), r.faces());
    }

    /** Per turn, the media modalities' distributions over its span (empty maps when there is no media). */
    private List<Map<Modality, EmotionDistribution>> media(MediaInput input, Conversation c, List<String> warnings,
                                                          List<ModelInfo> models) throws IOException {
        List<Map<Modality, EmotionDistribution>> out = new ArrayList<>();
        c.utterances().forEach(u -> out.add(Map.of()));
        if (input.file().isEmpty()) {
            return out;
        }
        if (!c.timed()) {
            warnings.add("no utterance has a time span: the media " + input.file().get() + " joins no utterance");
            return out;
        }
        if (!recognizer.modalities().contains(Modality.AUDIO) && !recognizer.modalities().contains(Modality.VISION)) {
            warnings.add("the recognizer reads neither audio nor faces (add emotion-audio or emotion-vision): the media "
                    + input.file().get() + " joins no utterance");
            return out;
        }
        EmotionPrediction p = recognizer.predict(MediaInput.ofFile(input.file().get()));
        p.warnings().forEach(w -> warnings.add(input.file().get().getFileName() + ": " + w));
        models.addAll(p.provenance().models());
        for (int i = 0; i < out.size(); i++) {
            Optional<TimeSpan> span = c.utterances().get(i).span();
            if (span.isEmpty()) {
                continue;
            }
            Map<Modality, EmotionDistribution> m = new EnumMap<>(Modality.class);
            for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
                if (e.getKey() == Modality.TEXT) {
                    continue;
                }
                overlapMean(e.getValue().segments(), span.get()).ifPresent(d -> m.put(e.getKey(), d));
            }
            out.set(i, m);
        }
        return out;
    }

    /** The mean of the segments overlapping a span, each weighted by its overlap; empty when none overlaps. */
    static Optional<EmotionDistribution> overlapMean(List<Segment> segments, TimeSpan span) {
        List<EmotionDistribution> ds = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (Segment s : segments) {
            double o = s.span().overlap(span);
            if (o <= 0 && span.duration() == 0 && s.span().start() <= span.start() && span.start() <= s.span().end()) {
                o = 1e-9;
            }
            if (o > 0) {
                ds.add(s.distribution());
                ws.add(o);
            }
        }
        if (ds.isEmpty()) {
            return Optional.empty();
        }
        double[] w = new double[ws.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = ws.get(i);
        }
        return Optional.of(io.github.emotion4j.core.fusion.WeightedMean.distributions(ds, w));
    }

    private Optional<EmotionDistribution> fuse(Map<Modality, EmotionDistribution> m) {
        if (m.isEmpty()) {
            return Optional.empty();
        }
        if (m.size() == 1) {
            return Optional.of(m.values().iterator().next());
        }
        Map<Modality, ModalityEvidence> ev = ModalityEvidence.ofDistributions(m);
        return Optional.of(recognizer.fusion().fuse(ev).distribution());
    }

    private List<Optional<EmotionDistribution>> withContext(List<Utterance> us, List<ModalityResult> text,
                                                          List<Optional<EmotionDistribution>> alone, List<String> warnings) {
        int n = us.size();
        int dim = 0;
        float[][] emb = new float[n][];
        java.util.Set<String> encoders = new java.util.TreeSet<>();
        if (text != null) {
            for (int i = 0; i < n; i++) {
                List<Embedding> e = text.get(i).embeddings();
                if (!e.isEmpty()) {
                    emb[i] = e.get(0).vector();
                    dim = emb[i].length;
                    encoders.add(e.get(0).modelId());
                }
            }
        }
        Optional<String> wanted = context.encoderId();
        if (dim > 0 && wanted.isPresent() && !encoders.equals(java.util.Set.of(wanted.get()))) {
            warnings.add("context model " + context.name() + " not run: it reads " + wanted.get()
                    + " embeddings, the text analyser gives " + encoders
                    + "; the with-context distributions equal the no-context ones");
            return alone;
        }
        if (dim == 0) {
            warnings.add("context model " + context.name() + " not run: the text analyser gives no utterance embeddings;"
                    + " the with-context distributions equal the no-context ones");
            return alone;
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] speakers = new int[n];
        float[][] p = new float[n][];
        for (int i = 0; i < n; i++) {
            if (emb[i] == null) {
                emb[i] = new float[dim];
            }
            speakers[i] = ids.computeIfAbsent(us.get(i).speaker(), k -> ids.size());
            p[i] = new float[Emotion.CANONICAL.size()];
            EmotionDistribution d = alone.get(i).map(x -> x.over(Emotion.CANONICAL)).orElse(null);
            for (int k = 0; k < p[i].length; k++) {
                p[i][k] = d == null ? 1f / p[i].length : (float) d.probabilityAt(k);
            }
        }
        float[][] out = context.withContext(emb, speakers, p);
        if (out == null || out.length != n) {
            throw new InferenceException("context model " + context.name() + " returned " + (out == null ? "null" : out.length
                    + " rows") + " for " + n + " turns");
        }
        List<Optional<EmotionDistribution>> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (alone.get(i).isEmpty()) {
                r.add(Optional.empty());
                continue;
            }
            r.add(Optional.of(row(out[i], i)));
        }
        return r;
    }

    private EmotionDistribution row(float[] row, int turn) {
        if (row == null || row.length != Emotion.CANONICAL.size()) {
            throw new InferenceException("context model " + context.name() + " returned " + (row == null ? "no row"
                    : row.length + " values") + " for turn " + turn + ", expected " + Emotion.CANONICAL.size());
        }
        double[] d = new double[row.length];
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            if (!Float.isFinite(row[k]) || row[k] < 0) {
                throw new InferenceException("context model " + context.name() + " returned " + row[k] + " for turn "
                        + turn + " (probabilities must be finite and >= 0)");
            }
            d[k] = row[k];
            sum += d[k];
        }
        if (Math.abs(sum - 1) > 1e-3) {
            throw new InferenceException("context model " + context.name() + " returned probabilities summing to " + sum
                    + " for turn " + turn);
        }
        return EmotionDistribution.fromScores(Emotion.CANONICAL, d);
    }

    private static List<ModelInfo> dedupe(List<ModelInfo> models) {
        Map<String, ModelInfo> m = new LinkedHashMap<>();
        models.forEach(x -> m.putIfAbsent(x.id() + "@" + x.sha256(), x));
        return List.copyOf(m.values());
    }

    /** Configures an analyser. Not thread-safe. */
    public static final class Builder {
        private final EmotionRecognizer recognizer;
        private ConversationContext context;

        private Builder(EmotionRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        }

        /** The context model (default none: with-context equals without). Set once. */
        public Builder context(ConversationContext c) {
            if (context != null) {
                throw new IllegalStateException("context already set to " + context.name());
            }
            context = Objects.requireNonNull(c, "context");
            return this;
        }

        /** Builds the analyser. */
        public ConversationAnalyzer build() {
            return new ConversationAnalyzer(recognizer, context);
        }
    }
}
