package io.github.emotion4j.programs.conversation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.text.conversation.DialogueContextModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Time per utterance of the bundled context model's plain-Java forward pass
 * ({@code DialogueContextModel.predict}: context net + no-context head) on a 50-turn dialogue, side
 * by side with the same context net run by the DJL training graph on libtorch (one thread, batch of
 * one dialogue, no autograd), alternating A/B in rounds; prints medians. Asserts nothing.
 *
 * <pre>
 * nice -n 10 java -cp ... io.github.emotion4j.programs.conversation.DialogueContextBenchmark [turns] [rounds]
 * </pre>
 */
public final class DialogueContextBenchmark {
    private DialogueContextBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        ModelBundle bundle = ModelLocator.fromClasspath(DialogueContextModel.DEFAULT_ID);
        DialogueContextModel model = DialogueContextModel.load(bundle);
        ModelCard card = bundle.card();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> all = WeightsFile.read(bundle.file("weights.bin"), shapes);
        String p = "net.ctx.";
        NetSpec spec = new NetSpec("ctx", "context", Integer.parseInt(card.property(p + "hidden").orElseThrow()),
                Integer.parseInt(card.property(p + "sameHeads").orElseThrow()), Integer.parseInt(card.property(p + "otherHeads").orElseThrow()),
                Boolean.parseBoolean(card.property(p + "identityMasking").orElseThrow()), Boolean.parseBoolean(card.property(p + "gru").orElseThrow()),
                false, Boolean.parseBoolean(card.property(p + "labelTransition").orElseThrow()));
        int window = model.window();
        int k = model.labels().size();
        Map<String, int[]> netShapes = spec.shapes(model.inputSize(), k);
        Map<String, float[]> params = new LinkedHashMap<>();
        netShapes.keySet().forEach(n -> params.put(n, all.get(n)));
        float[] mean = all.get("norm.mean");
        float[] std = all.get("norm.std");

        Random rnd = new Random(7);
        float[][] x = new float[turns][model.inputSize()];
        int[] spk = new int[turns];
        for (int t = 0; t < turns; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] = (float) rnd.nextGaussian() * 0.05f;
            }
            spk[t] = rnd.nextInt(3);
        }
        List<DialogueBatch.Item> one = List.of(new DialogueBatch.Item(x, spk, null));
        DialogueBatch batch = new DialogueBatch(one);
        int reps = 20;
        List<Double> java = new ArrayList<>();
        List<Double> javaBi = new ArrayList<>();
        List<Double> djl = new ArrayList<>();
        PyTorchEngine.engine();
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray meanNd = root.create(mean);
            NDArray stdNd = root.create(std);
            for (int r = -3; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    model.predict(x, spk, true);
                }
                double a = (System.nanoTime() - t0) / 1e6 / reps / turns;
                t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    model.predict(x, spk, false);
                }
                double c = (System.nanoTime() - t0) / 1e6 / reps / turns;
                t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    try (NDManager mgr = root.newSubManager()) {
                        ContextGraph.forward(mgr, spec, ContextTrainer.arrays(mgr, params, netShapes, false), params, meanNd, stdNd,
                                batch, k, window, true, 0, 0, 0, null).logits().toFloatArray();
                    }
                }
                double b = (System.nanoTime() - t0) / 1e6 / reps / turns;
                if (r >= 0) {
                    java.add(a);
                    javaBi.add(c);
                    djl.add(b);
                }
            }
        }
        double mj = median(java);
        double mb = median(javaBi);
        double md = median(djl);
        System.out.printf(Locale.ROOT, "%d-turn dialogue, %d rounds x %d calls, %d cores; median ms per utterance:%n", turns, rounds,
                reps, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  emotion4j Java, causal (context net + no-context head)   %.4f%n", mj);
        System.out.printf(Locale.ROOT, "  emotion4j Java, causal=false (%s)   %.4f%n",
                model.hasBidirectionalNet() ? "bidirectional net + head" : "causal net both ways + head", mb);
        System.out.printf(Locale.ROOT, "  DJL 0.36 / libtorch 2.7.1 graph, context net only, 1 thread  %.4f%n", md);
        System.out.printf(Locale.ROOT, "  ratio DJL / Java causal: %.2fx%n", md / mj);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
