package io.github.emotion4j.text.encoder;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.text.encoder.adapt.LowRankAdapter;
import io.github.emotion4j.text.encoder.adapt.OnnxTruncation;
import io.github.emotion4j.text.encoder.adapt.OnnxWeights;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a Hugging Face style transformer (inputs {@code input_ids}, {@code attention_mask} and
 * optionally {@code token_type_ids}) on texts and returns one vector per text: pooled hidden
 * states for an encoder, logits for a classifier.
 *
 * <p>Texts longer than the model's longest chunk ({@code tokenizer.maxLength}) are split into
 * sentences, the sentences packed into chunks of at most that many tokens (a sentence that is
 * still too long is cut into windows), and the chunk vectors averaged, weighted by their token
 * counts. All chunks of a call are sorted by length and run in padded batches of at most
 * {@code batchSize} chunks and about {@value #TOKENS_PER_CALL} padded tokens, so padding stays
 * small and activations stay in the cache. When the session runs each call on a fixed number of
 * threads (the bundled MiniLM's card sets {@code engine.intraOpThreads=1}), several batches run at
 * a time, one per core (at most {@link #MAX_PARALLELISM}), taken longest first by this thread and
 * the threads of the executor given to {@link #open(ModelBundle, EngineRuntime, int, Executor)}
 * (the recognizer's); many texts are also tokenised in slices side by side. The calling thread
 * never waits for work that has not started ({@link ClaimableTask}), so a small or busy shared
 * executor slows a call down but cannot stall it.
 *
 * <p>Card keys read (besides the standard ones): {@code tokenizer.file} (default
 * {@code tokenizer.json}), {@code tokenizer.maxLength} (default 512), {@code tokenizer.padId}
 * (default from the tokenizer), {@code output} (default the first output), {@code pooling}
 * ({@code mean}, {@code cls} or {@code none}; default {@code mean} for {@code task=embedding},
 * else {@code none}), {@code normalize} (L2, default {@code false}) and {@code tokenizer.prefix}
 * (a text put before every input and its chunks, followed by one space, such as E5's
 * {@code query:}; default none), {@value #TRUNCATE_KEY} (keep only the first N transformer layers:
 * the ONNX graph is cut in memory after layer N's output, {@link OnnxTruncation}; ONNX Runtime only;
 * default all) and {@code adapter.file} (a low-rank adapter merged into the weights, ONNX Runtime only).
 *
 * <p>{@link #open} runs the model once on a fixed text and refuses non-finite output with a
 * {@code ModelLoadException}; at prediction time it is an {@link InferenceException}.
 *
 * <p>Thread-safe. {@link #close()} releases the tokenizer; the session belongs to the runtime.
 */
public final class TransformerRunner implements AutoCloseable {
    /** Default number of chunks per model call. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Card key: keep only the first N transformer layers of the ONNX file (cut in memory, ONNX Runtime only). */
    public static final String TRUNCATE_KEY = "truncate.layers";
    /** Padded tokens per model call, about: calls are cut so that chunks x longest chunk stays near this. */
    static final int TOKENS_PER_CALL = 128;
    /** Fewer texts than this per slice are tokenised on the calling thread. */
    private static final int MIN_TEXTS_PER_TOKENIZER_SLICE = 8;
    /** Most model calls run side by side: the cores, at most 8. */
    public static final int MAX_PARALLELISM = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private final String modelId;
    private final InferenceSession session;
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final int batchSize;
    private final int parallelism;
    private final String output;
    private final Pooling pooling;
    private final boolean normalize;
    private final boolean typeIds;
    private final ModelInfo info;
    private final Executor executor;
    /** Text put before every input, with one space ({@code tokenizer.prefix}); empty for none. */
    private final String textPrefix;
    /** The word pieces of {@link #textPrefix} (no special tokens). */
    private final long[] textPrefixIds;

    TransformerRunner(String modelId, InferenceSession session, TextTokenizer tokenizer, int maxLength, int batchSize,
                      int parallelism, String output, Pooling pooling, boolean normalize, ModelInfo info,
                      Executor executor, String textPrefix) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.textPrefix = Objects.requireNonNull(textPrefix, "textPrefix");
        if (textPrefix.isEmpty()) {
            this.textPrefixIds = new long[0];
        } else {
            long[] all = tokenizer.encode(textPrefix);
            int p = tokenizer.prefix().length;
            int q = tokenizer.suffix().length;
            this.textPrefixIds = Arrays.copyOfRange(all, p, Math.max(p, all.length - q));
        }
        this.modelId = modelId;
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.batchSize = batchSize;
        this.parallelism = Math.max(1, Math.min(parallelism, MAX_PARALLELISM));
        this.output = output;
        this.pooling = pooling;
        this.normalize = normalize;
        this.typeIds = session.inputNames().contains("token_type_ids");
        this.info = info;
        if (maxLength < tokenizer.prefix().length + textPrefixIds.length + tokenizer.suffix().length + 1) {
            throw new IllegalArgumentException("tokenizer.maxLength " + maxLength + " leaves no room for text");
        }
        for (String in : session.inputNames()) {
            if (!in.equals("input_ids") && !in.equals("attention_mask") && !in.equals("token_type_ids")) {
                throw new IllegalArgumentException("model " + modelId + " takes input '" + in
                        + "'; text models must take input_ids, attention_mask and optionally token_type_ids");
            }
        }
    }

    /**
     * Opens a model whose calls all run on the calling thread; see
     * {@link #open(ModelBundle, EngineRuntime, int, Executor)}.
     *
     * @param batchSize chunks per model call, at least 1
     * @throws ModelLoadException when a file is missing or the card is inconsistent
     */
    public static TransformerRunner open(ModelBundle bundle, EngineRuntime runtime, int batchSize) throws ModelLoadException {
        return open(bundle, runtime, batchSize, AnalyzerContext.CALLING_THREAD);
    }

    /**
     * Opens a model: the session from the runtime (engine by the runtime's rules) and the
     * tokenizer named in the card.
     *
     * @param batchSize chunks per model call, at least 1
     * @param executor  runs model calls side by side with the calling thread (e.g.
     *                  {@link AnalyzerContext#executor()}); never shut down here
     * @throws ModelLoadException when a file is missing or the card is inconsistent
     */
    public static TransformerRunner open(ModelBundle bundle, EngineRuntime runtime, int batchSize, Executor executor)
            throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(runtime, "runtime");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        ModelCard card = bundle.card();
        String where = "Model '" + card.id() + "' (" + bundle.origin() + ")";
        String tokFile = card.property("tokenizer.file").orElse("tokenizer.json");
        if (!card.files().containsKey(tokFile)) {
            throw new ModelLoadException(where + ": its card must list the tokenizer file '" + tokFile
                    + "' in files (with sha256." + tokFile + "), or name another one with tokenizer.file");
        }
        int maxLength;
        OptionalLong padId;
        Pooling pooling;
        try {
            maxLength = Integer.parseInt(card.property("tokenizer.maxLength").orElse("512"));
            padId = card.property("tokenizer.padId").map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
            pooling = Pooling.parse(card.property("pooling").orElse(card.task().equals("embedding") ? "mean" : "none"));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + ": bad card value: " + e.getMessage(), bundle.directory(), e);
        }
        boolean normalize = Boolean.parseBoolean(card.property("normalize").orElse("false"));
        String textPrefix = card.property("tokenizer.prefix").orElse("");
        OptionalInt layers = truncateLayers(bundle, where);
        EngineKind engine = runtime.engineFor(bundle);
        Optional<String> adapterFile = card.property("adapter.file");
        InferenceSession session;
        if (layers.isPresent()) {
            if (engine != EngineKind.ONNX_RUNTIME) {
                throw new ModelLoadException(where + ": " + TRUNCATE_KEY + "=" + layers.getAsInt() + " cuts the graph of an ONNX"
                        + " file in memory, which only ONNX Runtime can load; " + engine.displayName() + " was chosen");
            }
            Map<String, Tensor> overrides = adapterFile.isEmpty() ? Map.of() : adapterOverrides(bundle, engine, adapterFile.get(), where);
            String key = "layers " + layers.getAsInt() + adapterFile.map(f -> " adapter " + bundle.sha256(f)).orElse("");
            session = runtime.derivedSession(bundle, engine, key, overrides, truncated(bundle, layers.getAsInt(), where));
        } else if (adapterFile.isPresent()) {
            session = runtime.session(bundle, engine, "adapter " + bundle.sha256(adapterFile.get()),
                    adapterOverrides(bundle, engine, adapterFile.get(), where));
        } else {
            session = runtime.session(bundle, engine);
        }
        String output = card.property("output").orElseGet(() -> session.outputNames().isEmpty()
                ? "output0" : session.outputNames().get(0));
        String file = card.fileOf(engine.format()).orElseThrow();
        ModelInfo info = new ModelInfo(card.id(), card.version(), bundle.sha256(file), engine.displayName(), session.device());
        TextTokenizer tok = TextTokenizer.load(bundle.file(tokFile), padId);
        TransformerRunner runner;
        try {
            runner = new TransformerRunner(card.id(), session, tok, maxLength, batchSize, defaultParallelism(session), output,
                    pooling, normalize, info, executor, textPrefix);
        } catch (IllegalArgumentException e) {
            tok.close();
            throw new ModelLoadException(where + ": " + e.getMessage(), bundle.directory(), e);
        }
        try {
            runner.run(SMOKE_TEXT);
        } catch (RuntimeException e) {
            tok.close();
            throw new ModelLoadException(where + ": " + session.describeFile()
                    + " fails the load-time check on the fixed text '" + SMOKE_TEXT + "': " + e.getMessage(),
                    session.modelFile(), e);
        }
        return runner;
    }

    /**
     * The card's {@value #TRUNCATE_KEY}: how many transformer layers of the ONNX file to keep, or
     * empty for all.
     */
    static OptionalInt truncateLayers(ModelBundle bundle, String where) throws ModelLoadException {
        Optional<String> v = bundle.card().property(TRUNCATE_KEY);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int k = Integer.parseInt(v.get().strip());
            if (k >= 1) {
                return OptionalInt.of(k);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelLoadException(where + ": " + TRUNCATE_KEY + " must be a whole number >= 1 (the transformer layers"
                + " to keep), was '" + v.get() + "'", bundle.directory());
    }

    /** The card's ONNX file cut after its first {@code layers} transformer layers ({@link OnnxTruncation}), serialised. */
    private static byte[] truncated(ModelBundle bundle, int layers, String where) throws ModelLoadException {
        Path onnx = bundle.file(ModelFormat.ONNX).orElseThrow(() -> new ModelLoadException(where + ": no ONNX file"));
        try {
            return OnnxTruncation.truncate(Files.readAllBytes(onnx), layers);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + ": " + TRUNCATE_KEY + "=" + layers + " does not fit " + onnx.getFileName()
                    + ": " + e.getMessage(), onnx, e);
        } catch (IOException e) {
            throw new ModelLoadException(where + ": " + TRUNCATE_KEY + "=" + layers + ": cannot cut " + onnx.getFileName()
                    + ": " + e.getMessage(), onnx, e);
        } catch (NoClassDefFoundError e) {
            throw new ModelLoadException(where + ": cutting the ONNX graph after " + layers + " layers (" + TRUNCATE_KEY
                    + ") needs com.google.protobuf:protobuf-java on the classpath (emotion4j-models-text-encoders brings it)",
                    onnx, e);
        }
    }

    /**
     * The weights a low-rank adapter gives a float32 ONNX transformer ({@code adapter.file}, a
     * {@link LowRankAdapter} file listed in the card): each adapted matrix of the ONNX file becomes
     * {@code W + scale * A B}, to replace the file's initializer of that name.
     */
    private static Map<String, Tensor> adapterOverrides(ModelBundle bundle, EngineKind engine, String adapterFile, String where)
            throws ModelLoadException {
        if (engine != EngineKind.ONNX_RUNTIME) {
            throw new ModelLoadException(where + ": its low-rank adapter (" + adapterFile + ") changes the weights of"
                    + " an ONNX file, which only ONNX Runtime can do; " + engine.displayName() + " was chosen");
        }
        if (!bundle.card().files().containsKey(adapterFile)) {
            throw new ModelLoadException(where + ": adapter.file '" + adapterFile + "' is not listed in files");
        }
        Path onnx = bundle.file(ModelFormat.ONNX).orElseThrow(() -> new ModelLoadException(where + ": no ONNX file"));
        Map<String, Tensor> overrides = new LinkedHashMap<>();
        try {
            LowRankAdapter adapter = LowRankAdapter.fromBytes(Files.readAllBytes(bundle.file(adapterFile)));
            java.util.Set<String> adapted = new java.util.HashSet<>();
            adapter.deltas().forEach(d -> adapted.add(d.name()));
            // only the adapted matrices are decoded from the (large) base file
            Map<String, OnnxWeights.Tensor> base = OnnxWeights.parse(Files.readAllBytes(onnx), adapted::contains).tensors();
            for (LowRankAdapter.Delta d : adapter.deltas()) {
                OnnxWeights.Tensor w = base.get(d.name());
                if (w == null) {
                    throw new ModelLoadException(where + ": the adapter changes '" + d.name() + "', which " + onnx.getFileName()
                            + " has no float32 initializer of; the adapter belongs to another base model", bundle.file(adapterFile));
                }
                long[] dims = w.dims();
                if (dims.length != 2 || dims[0] != d.in() || dims[1] != d.out()) {
                    throw new ModelLoadException(where + ": the adapter's '" + d.name() + "' is " + d.in() + " x " + d.out()
                            + " but the base weight is " + Arrays.toString(dims), bundle.file(adapterFile));
                }
                overrides.put(d.name(), Tensor.of(d.addTo(w.values()), dims));
            }
        } catch (IOException e) {
            throw new ModelLoadException(where + ": cannot read its low-rank adapter " + adapterFile + " or base model "
                    + onnx.getFileName() + ": " + e.getMessage(), bundle.file(adapterFile), e);
        } catch (NoClassDefFoundError e) {
            throw new ModelLoadException(where + ": reading the base model's weights for its low-rank adapter needs"
                    + " com.google.protobuf:protobuf-java on the classpath (emotion4j-models-text-encoders brings it)",
                    bundle.file(adapterFile), e);
        }
        return overrides;
    }

    /** The fixed input of the load-time check: the model must give finite outputs for it. */
    static final String SMOKE_TEXT = "I am glad you came.";

    /**
     * Calls run side by side by default: cores / the session's threads per call when the session
     * uses a fixed number of threads (e.g. {@code engine.intraOpThreads=1} in the card), else 1,
     * since the engine already spreads each call over all cores.
     */
    static int defaultParallelism(InferenceSession session) {
        int threads = session.intraOpThreads();
        return threads <= 0 ? 1 : Math.max(1, Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors() / threads));
    }

    /** Model calls run side by side at most (with enough free executor threads; 1 = on the calling thread only). */
    public int parallelism() {
        return parallelism;
    }

    /** Whether a card describes a model this runner can run (an ONNX or TorchScript file and a tokenizer). */
    public static boolean canRun(ModelCard card) {
        return (card.fileOf(ModelFormat.ONNX).isPresent() || card.fileOf(ModelFormat.TORCHSCRIPT).isPresent())
                && card.files().containsKey(card.property("tokenizer.file").orElse("tokenizer.json"));
    }

    /** What ran. */
    public ModelInfo modelInfo() {
        return info;
    }

    /** The text put before every input (with one space), empty for none ({@code tokenizer.prefix}). */
    public String textPrefix() {
        return textPrefix;
    }

    /** The tokenizer. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Longest chunk in tokens, special tokens included. */
    public int maxLength() {
        return maxLength;
    }

    /** Chunks per model call. */
    public int batchSize() {
        return batchSize;
    }

    /** A runner like this one with another batch size (same session and tokenizer; close only one of them). */
    public TransformerRunner withBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + size);
        }
        return new TransformerRunner(modelId, session, tokenizer, maxLength, size, parallelism, output, pooling, normalize, info,
                executor, textPrefix);
    }

    /**
     * A runner like this one that runs at most {@code n} model calls side by side (1 = one call at a
     * time; capped at {@link #MAX_PARALLELISM}). Same session and tokenizer; close only one.
     */
    public TransformerRunner withParallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + n);
        }
        return new TransformerRunner(modelId, session, tokenizer, maxLength, batchSize, n, output, pooling, normalize, info,
                executor, textPrefix);
    }

    /** One vector for one text. */
    public float[] run(String text) {
        return run(List.of(text)).get(0);
    }

    /**
     * One vector per text, in order.
     *
     * @throws InferenceException when the engine fails
     */
    public List<float[]> run(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        long[][] encoded = encode(textPrefix.isEmpty() ? texts : texts.stream().map(t -> textPrefix + " " + t).toList());
        List<Chunk> chunks = new ArrayList<>();
        for (int t = 0; t < encoded.length; t++) {
            if (encoded[t].length <= maxLength) {
                chunks.add(new Chunk(t, encoded[t]));
            } else {
                for (long[] ids : chunk(texts.get(t))) {
                    chunks.add(new Chunk(t, ids));
                }
            }
        }
        runAll(batches(chunks));
        float[][] sums = new float[texts.size()][];
        double[] weights = new double[texts.size()];
        for (Chunk c : chunks) {
            double w = c.ids.length;
            if (sums[c.text] == null) {
                sums[c.text] = new float[c.vector.length];
            }
            for (int i = 0; i < c.vector.length; i++) {
                sums[c.text][i] += (float) (w * c.vector[i]);
            }
            weights[c.text] += w;
        }
        List<float[]> result = new ArrayList<>(texts.size());
        for (int t = 0; t < sums.length; t++) {
            float[] v = sums[t];
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) weights[t];
            }
            if (normalize) {
                l2normalize(v);
            }
            result.add(v);
        }
        return result;
    }

    /** Tokenises; many texts are split into slices tokenised side by side (the tokenizer is thread-safe). */
    private long[][] encode(List<String> texts) {
        int slices = Math.min(parallelism, texts.size() / MIN_TEXTS_PER_TOKENIZER_SLICE);
        if (slices <= 1) {
            return tokenizer.encode(texts);
        }
        int per = (texts.size() + slices - 1) / slices;
        long[][] out = new long[texts.size()][];
        inParallel((texts.size() + per - 1) / per, i -> {
            int from = i * per;
            long[][] part = tokenizer.encode(texts.subList(from, Math.min(texts.size(), from + per)));
            System.arraycopy(part, 0, out, from, part.length);
        });
        return out;
    }

    /**
     * Cuts chunks into model calls: sorted by length so padding stays small, at most
     * {@code batchSize} chunks and about {@value #TOKENS_PER_CALL} padded tokens per call (larger
     * calls were slower per sentence on CPU: their activations leave the cache). Longest first.
     */
    List<List<Chunk>> batches(List<Chunk> chunks) {
        List<Chunk> order = new ArrayList<>(chunks);
        order.sort(Comparator.comparingInt((Chunk c) -> c.ids.length).reversed());
        List<List<Chunk>> batches = new ArrayList<>();
        int from = 0;
        while (from < order.size()) {
            int len = order.get(from).ids.length;
            int size = Math.max(1, Math.min(batchSize, TOKENS_PER_CALL / len));
            int to = Math.min(order.size(), from + size);
            batches.add(order.subList(from, to));
            from = to;
        }
        return batches;
    }

    /** Runs the calls, side by side when the session allows it (see {@link #inParallel}). */
    private void runAll(List<List<Chunk>> batches) {
        inParallel(batches.size(), i -> forwardInto(batches.get(i)));
    }

    /** A runner like this one whose side-by-side calls go to {@code e} (same session and tokenizer; close only one). */
    public TransformerRunner withExecutor(Executor e) {
        return new TransformerRunner(modelId, session, tokenizer, maxLength, batchSize, parallelism, output, pooling, normalize,
                info, e, textPrefix);
    }

    /**
     * Runs {@code body} for 0 .. tasks-1: on this thread alone, or on up to {@code parallelism}
     * threads (this one and the executor's) that each take the next index until none is left.
     * This thread never waits for a helper that has not started: it claims it back
     * ({@link ClaimableTask}), so a busy or single-thread executor cannot stall a call. The first
     * failure is rethrown once all started work has ended.
     */
    private void inParallel(int tasks, IntConsumer body) {
        int workers = Math.min(parallelism, tasks);
        if (workers <= 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i; (i = next.getAndIncrement()) < tasks; ) {
                body.accept(i);
            }
        };
        // a helper runs only if it is claimed before this thread takes it back; this thread takes
        // back the helpers that have not started, so it neither waits for them nor lets them start late
        List<ClaimableTask<Void>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            helpers.add(ClaimableTask.submit(executor, () -> {
                work.run();
                return null;
            }));
        }
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(tasks);
        }
        for (ClaimableTask<Void> h : helpers) {
            if (h.cancel()) {
                continue;
            }
            try {
                h.join();
            } catch (InterruptedException e) {
                next.set(tasks);
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while running model '" + modelId + "'", e);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new InferenceException("Model '" + modelId + "' failed: " + e, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The token chunks a text is cut into (each with the special tokens), for a text that may be long. */
    public List<long[]> chunk(String text) {
        long[] whole = tokenizer.encode(textPrefix.isEmpty() ? text : textPrefix + " " + text);
        if (whole.length <= maxLength) {
            return List.of(whole);
        }
        long[] special = tokenizer.prefix();
        long[] prefix = Arrays.copyOf(special, special.length + textPrefixIds.length);
        System.arraycopy(textPrefixIds, 0, prefix, special.length, textPrefixIds.length);
        long[] suffix = tokenizer.suffix();
        int room = maxLength - prefix.length - suffix.length;
        List<String> sentences = SentenceSplitter.split(text);
        long[][] enc = tokenizer.encode(sentences);
        List<long[]> out = new ArrayList<>();
        long[] cur = new long[room];
        int fill = 0;
        for (long[] sentence : enc) {
            int n = sentence.length - special.length - suffix.length;
            if (n <= 0) {
                continue;
            }
            if (fill > 0 && fill + n > room) {
                out.add(wrap(prefix, cur, fill, suffix));
                fill = 0;
            }
            for (int from = 0; from < n; from += room) {
                int len = Math.min(room, n - from);
                if (fill + len > room) {
                    out.add(wrap(prefix, cur, fill, suffix));
                    fill = 0;
                }
                System.arraycopy(sentence, special.length + from, cur, fill, len);
                fill += len;
            }
        }
        if (fill > 0 || out.isEmpty()) {
            out.add(wrap(prefix, cur, fill, suffix));
        }
        return out;
    }

    private static long[] wrap(long[] prefix, long[] body, int n, long[] suffix) {
        long[] ids = new long[prefix.length + n + suffix.length];
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        System.arraycopy(body, 0, ids, prefix.length, n);
        System.arraycopy(suffix, 0, ids, prefix.length + n, suffix.length);
        return ids;
    }

    private void forwardInto(List<Chunk> batch) {
        float[][] out = forward(batch);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).vector = out[i];
        }
    }

    private float[][] forward(List<Chunk> batch) {
        int b = batch.size();
        int len = 0;
        for (Chunk c : batch) {
            len = Math.max(len, c.ids.length);
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        Arrays.fill(ids, tokenizer.padId());
        for (int i = 0; i < b; i++) {
            long[] c = batch.get(i).ids;
            System.arraycopy(c, 0, ids, i * len, c.length);
            Arrays.fill(mask, i * len, i * len + c.length, 1L);
        }
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input_ids", Tensor.ofLongs(ids, b, len));
        in.put("attention_mask", Tensor.ofLongs(mask, b, len));
        if (typeIds) {
            in.put("token_type_ids", Tensor.ofLongs(new long[b * len], b, len));
        }
        Map<String, Tensor> out = session.run(in);
        Tensor t = out.get(output);
        if (t == null) {
            throw new InferenceException("Model '" + modelId + "' returned no output '" + output + "'; it returned "
                    + out.keySet() + " (set output= in its card)");
        }
        float[][] pooled = pool(t, mask, b, len);
        for (float[] row : pooled) {
            for (float x : row) {
                if (!Float.isFinite(x)) {
                    throw new InferenceException("Model '" + modelId + "' (" + session.modelFile().getFileName()
                            + ") gave a non-finite output '" + output + "' (damaged weights?)");
                }
            }
        }
        return pooled;
    }

    private float[][] pool(Tensor t, long[] mask, int b, int len) {
        float[] v = t.floats();
        if (t.rank() == 2 && t.dim(0) == b) {
            int d = (int) t.dim(1);
            float[][] r = new float[b][d];
            for (int i = 0; i < b; i++) {
                System.arraycopy(v, i * d, r[i], 0, d);
            }
            return r;
        }
        if (t.rank() != 3 || t.dim(0) != b || t.dim(1) != len || pooling == Pooling.NONE) {
            throw new InferenceException("Model '" + modelId + "': output '" + output + "' has shape "
                    + Arrays.toString(t.shape()) + "; expected [" + b + ", d] or, with pooling mean/cls, [" + b + ", "
                    + len + ", d]");
        }
        int d = (int) t.dim(2);
        float[][] r = new float[b][d];
        for (int i = 0; i < b; i++) {
            if (pooling == Pooling.CLS) {
                System.arraycopy(v, i * len * d, r[i], 0, d);
                continue;
            }
            int n = 0;
            for (int p = 0; p < len; p++) {
                if (mask[i * len + p] == 0) {
                    continue;
                }
                n++;
                int base = (i * len + p) * d;
                for (int k = 0; k < d; k++) {
                    r[i][k] += v[base + k];
                }
            }
            for (int k = 0; k < d; k++) {
                r[i][k] /= Math.max(1, n);
            }
        }
        return r;
    }

    /** Scales a vector to unit length in place (a zero vector stays zero). */
    public static void l2normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        if (norm > 1e-12) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }

    /** Releases the tokenizer. Idempotent. */
    @Override
    public void close() {
        tokenizer.close();
    }

    static final class Chunk {
        final int text;
        final long[] ids;
        float[] vector;

        Chunk(int text, long[] ids) {
            this.text = text;
            this.ids = ids;
        }
    }
}
