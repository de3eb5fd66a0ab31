package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fills the embedding cache of {@link TrainTextHeads} for some encoders, without training:
 * {@code EmbedGoEmotions <goemotions folder> <cache folder> <encoder id>...} embeds
 * {@code ekman/train.tsv} and {@code ekman/dev.tsv} with each encoder card on the classpath
 * (e.g. {@code text-bge-small-en-v15-q}). Also prints the texts per second of each.
 */
public final class EmbedGoEmotions {
    private EmbedGoEmotions() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EmbedGoEmotions <goemotions folder> <cache folder> <encoder id>...");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache);
        GoEmotions train = GoEmotions.read(data.resolve("ekman/train.tsv"), data.resolve("ekman/labels.txt"));
        GoEmotions dev = GoEmotions.read(data.resolve("ekman/dev.tsv"), data.resolve("ekman/labels.txt"));
        ExecutorService pool = Executors.newFixedThreadPool(TransformerRunner.MAX_PARALLELISM);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            for (int i = 2; i < args.length; i++) {
                EmbeddingCache.embed(args[i], "dev", data.resolve("ekman/dev.tsv"), dev.texts(), cache, pool, runtime);
                EmbeddingCache.embed(args[i], "train", data.resolve("ekman/train.tsv"), train.texts(), cache, pool, runtime);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
