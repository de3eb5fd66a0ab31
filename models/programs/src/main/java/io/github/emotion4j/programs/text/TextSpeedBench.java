package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.BatchItem;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * emotion4j's side of the text speed comparison with {@code ../shared/peers/Lc4jTextBench.java}
 * (langchain4j's {@code embed()} one sentence at a time and {@code embedAll()}), in the same
 * shape: the same sentence file, 50 warm-up calls, then rounds of {@code predict(text)} one at
 * a time and {@code predictAll} over the whole file (text only: the encoder, the Ekman and
 * 28-label heads, the distribution and the prediction record), then the batched text path
 * ({@code TextAnalyzer.analyzeTexts} over the whole file). Run it alternately with the peer
 * (see {@code models/tools/text-speed/run.sh}).
 *
 * <pre>
 * java -cp ... io.github.emotion4j.programs.text.TextSpeedBench sentences.txt [rounds, default 3] [text.encoder, default minilm]
 * </pre>
 */
public final class TextSpeedBench {
    private TextSpeedBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TextSpeedBench <sentences file, one a line> [rounds] [text.encoder]");
            System.exit(2);
        }
        List<String> s = Files.readAllLines(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String encoder = args.length > 2 ? args[2] : "minilm";
        List<MediaInput> inputs = new ArrayList<>();
        for (String x : s) {
            inputs.add(MediaInput.ofText(x));
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT)
                .option("text.encoder", encoder).build()) {
            for (int i = 0; i < 50; i++) {
                r.predict(inputs.get(i));
            }
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                for (MediaInput in : inputs) {
                    r.predict(in);
                }
                double one = (System.nanoTime() - t0) / 1e6 / s.size();
                t0 = System.nanoTime();
                List<BatchItem> all = r.predictAll(inputs);
                double batch = (System.nanoTime() - t0) / 1e6 / s.size();
                if (all.size() != s.size() || all.stream().anyMatch(b -> b.prediction().isEmpty())) {
                    throw new IllegalStateException("a prediction failed");
                }
                System.out.printf(Locale.ROOT, "emotion4j %s round %d: predict() %.3f ms/sentence; predictAll(%d) %.3f ms/sentence%n",
                        encoder, round, one, s.size(), batch);
            }
        }
        // the batched text path: one TextAnalyzer call over all sentences (padded, length-sorted encoder batches)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        try (io.github.emotion4j.core.engine.EngineRuntime runtime = io.github.emotion4j.core.engine.EngineRuntime.cpu();
             io.github.emotion4j.text.TextAnalyzer a = new io.github.emotion4j.text.MiniLmTextProvider().create(
                     new io.github.emotion4j.core.spi.AnalyzerContext(runtime, java.util.Map.of(),
                             java.util.Map.of(io.github.emotion4j.text.TextOptions.ENCODER, encoder), pool))) {
            a.analyzeTexts(s.subList(0, 50));
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                int n = a.analyzeTexts(s).size();
                double ms = (System.nanoTime() - t0) / 1e6 / s.size();
                if (n != s.size()) {
                    throw new IllegalStateException("analyzeTexts returned " + n + " results");
                }
                System.out.printf(Locale.ROOT, "emotion4j %s round %d: analyzeTexts(%d) %.3f ms/sentence%n", encoder, round, n, ms);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
