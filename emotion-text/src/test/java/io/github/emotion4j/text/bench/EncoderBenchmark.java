package io.github.emotion4j.text.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextAnalyzer;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sentences per second of the MiniLM encoder at batch 1 and batch 32, against langchain4j's own
 * {@code AllMiniLmL6V2QuantizedEmbeddingModel} on the same texts (same ONNX file), plus two ways
 * users also call it (two threads sending one text each; all texts in one call) and the whole
 * text analyser (encoder + heads). Prints figures and ratios; asserts nothing.
 *
 * <pre>
 * ./mvnw -o -q -B -pl emotion-text test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.github.emotion4j.text.bench.EncoderBenchmark -Dexec.classpathScope=test [-Dexec.args="1024"]
 * </pre>
 * Texts: the first N comments of GoEmotions {@code ekman/dev.tsv} when {@code ../shared/data} is
 * there, else generated sentences.
 */
public final class EncoderBenchmark {
    private EncoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        List<String> texts = texts(n);
        double avgChars = texts.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf(Locale.ROOT, "%d texts, %.1f characters on average; %d CPU cores; java %s%n", texts.size(), avgChars,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TransformerRunner ours = TransformerRunner.open(ModelLocator.fromClasspath("text-minilm-l6-v2-q"), runtime, 32);
             TextAnalyzer analyzer = new MiniLmTextProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()))) {
            TransformerRunner ours1 = ours.withBatchSize(1);
            List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
            // warm up both
            for (int i = 0; i < 64; i++) {
                ours1.run(texts.get(i % texts.size()));
                reference.embed(texts.get(i % texts.size()));
            }
            ours.run(texts.subList(0, Math.min(64, texts.size())));
            reference.embedAll(segments.subList(0, Math.min(64, segments.size())));

            int n1 = Math.min(texts.size(), 512);
            int rounds = Integer.getInteger("bench.rounds", 5);
            String[] names = {"batch 1", "batch 32", "batch 1, 2 caller threads", "all texts in one call"};
            double[][] oursRates = new double[names.length][rounds];
            double[][] refRates = new double[names.length][rounds];
            double[] analyser = new double[rounds];
            // interleaved rounds: the machine is shared, so both sides see the same disturbances
            for (int round = 0; round < rounds; round++) {
                oursRates[0][round] = rate(n1, () -> texts.subList(0, n1).forEach(ours1::run));
                refRates[0][round] = rate(n1, () -> texts.subList(0, n1).forEach(reference::embed));
                oursRates[1][round] = rate(texts.size(), () -> inBatches(texts, 32, ours::run));
                refRates[1][round] = rate(texts.size(), () -> inBatches(segments, 32, reference::embedAll));
                oursRates[2][round] = rate(n1, () -> twoCallers(texts.subList(0, n1), ours1::run));
                refRates[2][round] = rate(n1, () -> twoCallers(texts.subList(0, n1), reference::embed));
                oursRates[3][round] = rate(texts.size(), () -> ours.run(texts));
                refRates[3][round] = rate(texts.size(), () -> reference.embedAll(segments));
                analyser[round] = rate(texts.size(), () -> inBatches(texts, 32, analyzer::analyzeTexts));
                System.out.printf(Locale.ROOT, "round %d: ours/langchain4j %.0f/%.0f (b1), %.0f/%.0f (b32), %.0f/%.0f (b1 x2),"
                        + " %.0f/%.0f (all); analyser b32 %.0f sentences/s%n", round + 1, oursRates[0][round], refRates[0][round],
                        oursRates[1][round], refRates[1][round], oursRates[2][round], refRates[2][round], oursRates[3][round],
                        refRates[3][round], analyser[round]);
            }
            System.out.println();
            System.out.println("| encoder, " + rounds + " interleaved rounds (sentences/s) | emotion4j best | langchain4j best"
                    + " | ratio of bests | ratio of medians |");
            System.out.println("|---|---|---|---|---|");
            for (int k = 0; k < names.length; k++) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx | %.2fx |%n", names[k], max(oursRates[k]), max(refRates[k]),
                        max(oursRates[k]) / max(refRates[k]), median(oursRates[k]) / median(refRates[k]));
            }
            System.out.printf(Locale.ROOT, "%nemotion4j: TransformerRunner, MiniLM int8 on ONNX Runtime, %d model calls side by side;"
                    + " langchain4j: AllMiniLmL6V2QuantizedEmbeddingModel (same ONNX file)%n", ours.parallelism());
            System.out.printf(Locale.ROOT, "whole text analyser (encoder + Ekman + GoEmotions-28 heads), batch 32: best %.1f sentences/s%n",
                    max(analyser));
        }
    }

    static <T> void inBatches(List<T> items, int size, java.util.function.Consumer<List<T>> call) {
        for (int from = 0; from < items.size(); from += size) {
            call.accept(items.subList(from, Math.min(items.size(), from + size)));
        }
    }

    /** The texts split between two threads that each send one text per call. */
    static void twoCallers(List<String> texts, java.util.function.Consumer<String> call) {
        Thread other = new Thread(() -> texts.subList(texts.size() / 2, texts.size()).forEach(call));
        other.start();
        texts.subList(0, texts.size() / 2).forEach(call);
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(0);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double rate(int count, Runnable r) {
        System.gc();
        long t = System.nanoTime();
        r.run();
        return count / ((System.nanoTime() - t) / 1e9);
    }

    static List<String> texts(int n) throws Exception {
        List<String> out = new ArrayList<>();
        var shared = TestData.sharedData();
        Path dev = shared.map(p -> p.resolve("text/goemotions/ekman/dev.tsv")).orElse(null);
        if (dev != null && Files.isRegularFile(dev)) {
            for (String line : Files.readAllLines(dev, StandardCharsets.UTF_8)) {
                if (out.size() >= n) {
                    break;
                }
                out.add(line.split("\t")[0]);
            }
            return out;
        }
        String[] subjects = {"The meeting", "My sister", "This movie", "The new phone", "Our team", "The weather"};
        String[] verbs = {"was absolutely wonderful", "made me so angry", "scared me a little", "is kind of boring",
                "surprised everyone", "left me feeling sad"};
        for (int i = 0; out.size() < n; i++) {
            out.add(subjects[i % subjects.length] + " " + verbs[(i / subjects.length) % verbs.length] + " today.");
        }
        return out;
    }
}
