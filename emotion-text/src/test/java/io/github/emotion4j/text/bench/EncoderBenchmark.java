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
 * {@code AllMiniLmL6V2QuantizedEmbeddingModel} on the same texts (same ONNX file), plus the whole
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
            int rounds = Integer.getInteger("bench.rounds", 3);
            double oursB1 = 0;
            double refB1 = 0;
            double oursB32 = 0;
            double refB32 = 0;
            double analyzerB32 = 0;
            // interleaved rounds, best of each: the machine is shared, the best round is the least disturbed
            for (int round = 1; round <= rounds; round++) {
                double a = rate(n1, () -> {
                    for (int i = 0; i < n1; i++) {
                        ours1.run(texts.get(i));
                    }
                });
                double b = rate(n1, () -> {
                    for (int i = 0; i < n1; i++) {
                        reference.embed(texts.get(i));
                    }
                });
                double c = rate(texts.size(), () -> {
                    for (int from = 0; from < texts.size(); from += 32) {
                        ours.run(texts.subList(from, Math.min(texts.size(), from + 32)));
                    }
                });
                double d = rate(texts.size(), () -> {
                    for (int from = 0; from < segments.size(); from += 32) {
                        reference.embedAll(segments.subList(from, Math.min(segments.size(), from + 32)));
                    }
                });
                double e = rate(texts.size(), () -> {
                    for (int from = 0; from < texts.size(); from += 32) {
                        analyzer.analyzeTexts(texts.subList(from, Math.min(texts.size(), from + 32)));
                    }
                });
                System.out.printf(Locale.ROOT, "round %d: ours b1 %.1f, langchain4j b1 %.1f, ours b32 %.1f, langchain4j b32 %.1f,"
                        + " analyser b32 %.1f sentences/s%n", round, a, b, c, d, e);
                oursB1 = Math.max(oursB1, a);
                refB1 = Math.max(refB1, b);
                oursB32 = Math.max(oursB32, c);
                refB32 = Math.max(refB32, d);
                analyzerB32 = Math.max(analyzerB32, e);
            }
            System.out.println();
            System.out.println("| encoder, best of " + rounds + " rounds (sentences/s) | batch 1 | batch 32 |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| emotion4j TransformerRunner (MiniLM int8, ORT) | %.1f | %.1f |%n", oursB1, oursB32);
            System.out.printf(Locale.ROOT, "| langchain4j AllMiniLmL6V2QuantizedEmbeddingModel | %.1f | %.1f |%n", refB1, refB32);
            System.out.printf(Locale.ROOT, "| ratio | %.2fx | %.2fx |%n", oursB1 / refB1, oursB32 / refB32);
            System.out.printf(Locale.ROOT, "%nwhole text analyser (encoder + Ekman + GoEmotions-28 heads), batch 32: %.1f sentences/s%n",
                    analyzerB32);
        }
    }

    static double rate(int count, Runnable r) {
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
