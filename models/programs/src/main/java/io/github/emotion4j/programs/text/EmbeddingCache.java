package io.github.emotion4j.programs.text;

import io.github.emotion4j.text.encoder.TransformerRunner;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Embeds texts with the MiniLM encoder in batches of 1024 and caches the vectors in a little-endian
 * float file ({@code int n, int d, n*d floats}) so that a second training run reads them back.
 * Part of {@link TrainTextHeads}.
 */
final class EmbeddingCache {
    private EmbeddingCache() {
    }

    /**
     * Embeds {@code texts} (read from {@code source}) with the encoder {@code encoderId} from the
     * classpath, cached in {@code cache} under a name made of the split, the encoder's and the
     * source file's SHA-256 prefixes (and {@code -L<k>} for an encoder cut after k layers).
     */
    static float[][] embed(String encoderId, String split, Path source, List<String> texts, Path cache,
                           java.util.concurrent.Executor pool, io.github.emotion4j.core.engine.EngineRuntime runtime)
            throws IOException, io.github.emotion4j.core.model.ModelLoadException {
        io.github.emotion4j.core.model.ModelBundle enc = io.github.emotion4j.core.model.ModelLocator.fromClasspath(encoderId);
        String sha = enc.sha256("model.onnx");
        // an encoder cut after k layers reads the same file as the whole one: its vectors are others
        String cut = enc.card().property(TransformerRunner.TRUNCATE_KEY).map(k -> "-L" + k.strip()).orElse("");
        Path file = cache.resolve(split + "-" + sha.substring(0, 12) + cut + "-"
                + io.github.emotion4j.core.model.Checksums.sha256(source).substring(0, 12) + ".f32");
        if (Files.isRegularFile(file)) {
            return embed(null, texts, file);
        }
        try (TransformerRunner runner = TransformerRunner.open(enc, runtime, 64, pool)) {
            return embed(runner, texts, file);
        }
    }

    static float[][] embed(TransformerRunner runner, List<String> texts, Path cacheFile) throws IOException {
        if (Files.isRegularFile(cacheFile)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cacheFile)))) {
                int n = in.readInt();
                int d = in.readInt();
                if (n == texts.size()) {
                    float[][] x = new float[n][d];
                    byte[] buf = new byte[d * 4];
                    for (int i = 0; i < n; i++) {
                        in.readFully(buf);
                        ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x[i]);
                    }
                    System.out.println("embeddings from cache " + cacheFile);
                    return x;
                }
            }
        }
        float[][] x = new float[texts.size()][];
        long t = System.nanoTime();
        int step = 1024;
        for (int from = 0; from < texts.size(); from += step) {
            List<float[]> v = runner.run(texts.subList(from, Math.min(texts.size(), from + step)));
            for (int i = 0; i < v.size(); i++) {
                x[from + i] = v.get(i);
            }
            System.out.printf(Locale.ROOT, "embedded %d/%d (%.0f texts/s)%n", Math.min(texts.size(), from + step), texts.size(),
                    Math.min(texts.size(), from + step) / ((System.nanoTime() - t) / 1e9));
        }
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cacheFile)))) {
            o.writeInt(x.length);
            o.writeInt(x[0].length);
            ByteBuffer b = ByteBuffer.allocate(x[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : x) {
                b.clear();
                b.asFloatBuffer().put(row);
                o.write(b.array());
            }
        }
        return x;
    }
}
