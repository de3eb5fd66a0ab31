package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a text analyser on a labelled TSV:
 * <ul>
 *   <li>GoEmotions layout: {@code text<TAB>label ids<TAB>id} with the label names in a
 *       {@code labels.txt} (given, or beside the TSV); rows with several labels are skipped
 *       (single-label evaluation, counted in {@link Result#skipped()});</li>
 *   <li>or {@code text<TAB>label name} (any word {@code EmotionLabels} parses).</li>
 * </ul>
 * Label words are mapped to canonical emotions (GoEmotions' own sets by their published
 * mapping); the prediction is the top emotion of the analyser's distribution.
 *
 * <pre>
 * ./mvnw -o -q -B -pl models/programs exec:java -Dexec.mainClass=io.github.emotion4j.programs.text.TextEvaluation \
 *     -Dexec.args="../shared/data/text/goemotions/ekman/dev.tsv [--labels labels.txt] [--model folder] [--json out.json]"
 * </pre>
 * Stateless; thread-safe when the analyser is.
 */
public final class TextEvaluation {
    private TextEvaluation() {
    }

    /**
     * What an evaluation found.
     *
     * @param report  the figures
     * @param skipped rows left out (several labels, unknown label words)
     */
    public record Result(ClassificationReport report, int skipped) {
    }

    /** A labelled example. */
    record Example(String text, Emotion truth) {
    }

    /**
     * Evaluates an analyser on a TSV.
     *
     * @param labelsTxt label names for GoEmotions layout; empty to look for {@code labels.txt} beside the TSV
     * @throws IOException when the files cannot be read or a row is malformed
     */
    public static Result evaluate(TextAnalyzer analyzer, Path tsv, Optional<Path> labelsTxt) throws IOException {
        Objects.requireNonNull(analyzer, "analyzer");
        Objects.requireNonNull(tsv, "tsv");
        Objects.requireNonNull(labelsTxt, "labelsTxt");
        List<Example> examples = new ArrayList<>();
        int skipped = read(tsv, labelsTxt, examples);
        List<Emotion> truth = new ArrayList<>();
        List<Emotion> pred = new ArrayList<>();
        int batch = 256;
        for (int from = 0; from < examples.size(); from += batch) {
            List<Example> part = examples.subList(from, Math.min(examples.size(), from + batch));
            List<ModalityResult> results = analyzer.analyzeTexts(part.stream().map(Example::text).toList());
            for (int i = 0; i < part.size(); i++) {
                Optional<EmotionDistribution> d = results.get(i).distribution();
                truth.add(part.get(i).truth());
                pred.add(d.map(x -> x.top().label()).orElse(Emotion.NEUTRAL));
            }
        }
        Set<Emotion> all = EnumSet.copyOf(Emotion.CANONICAL);
        all.addAll(truth);
        all.addAll(pred);
        List<Emotion> classes = new ArrayList<>(all);
        int[] t = truth.stream().mapToInt(classes::indexOf).toArray();
        int[] p = pred.stream().mapToInt(classes::indexOf).toArray();
        return new Result(ClassificationReport.of(classes.stream().map(Emotion::word).toList(), t, p), skipped);
    }

    static int read(Path tsv, Optional<Path> labelsTxt, List<Example> out) throws IOException {
        Path labelsFile = labelsTxt.orElseGet(() -> tsv.toAbsolutePath().getParent().resolve("labels.txt"));
        LabelSet names = null;
        if (Files.isRegularFile(labelsFile)) {
            List<String> words = Files.readAllLines(labelsFile, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            names = LabelSet.named().stream().filter(s -> s.labels().equals(words)).findFirst()
                    .orElseGet(() -> LabelSet.custom(labelsFile.toString(), words, Map.of()));
        } else if (labelsTxt.isPresent()) {
            throw new IOException(labelsFile + " does not exist");
        }
        int skipped = 0;
        int line = 0;
        for (String row : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.split("\t");
            if (f.length < 2) {
                throw new IOException(tsv + ":" + line + ": expected text<TAB>label, found no tab");
            }
            String label = f[1].strip();
            Emotion truth;
            if (label.matches("\\d+(,\\d+)*")) {
                if (names == null) {
                    throw new IOException(tsv + ":" + line + ": numeric labels need a labels.txt (none at " + labelsFile + ")");
                }
                String[] ids = label.split(",");
                if (ids.length != 1) {
                    skipped++;
                    continue;
                }
                int id = Integer.parseInt(ids[0]);
                if (id >= names.size()) {
                    throw new IOException(tsv + ":" + line + ": label id " + id + " but " + labelsFile + " has "
                            + names.size() + " labels");
                }
                truth = names.emotionAt(id);
            } else {
                Optional<Emotion> e = EmotionLabels.find(label);
                if (e.isEmpty()) {
                    int g = LabelSet.GOEMOTIONS_28.indexOf(label.toLowerCase(java.util.Locale.ROOT));
                    if (g < 0) {
                        skipped++;
                        continue;
                    }
                    e = Optional.of(LabelSet.GOEMOTIONS_28.emotionAt(g));
                }
                truth = e.get();
            }
            out.add(new Example(f[0], truth));
        }
        return skipped;
    }

    /** Command line: {@code <tsv> [--labels file] [--model folder] [--encoder minilm|bge-small|e5-small] [--json out.json]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TextEvaluation <tsv> [--labels labels.txt] [--model folder] [--encoder minilm|bge-small|e5-small]"
                    + " [--json out.json]");
            System.exit(2);
        }
        Path tsv = Path.of(args[0]);
        Optional<Path> labels = Optional.empty();
        Optional<Path> model = Optional.empty();
        Optional<Path> json = Optional.empty();
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--labels" -> labels = Optional.of(Path.of(args[i + 1]));
                case "--model" -> model = Optional.of(Path.of(args[i + 1]));
                case "--json" -> json = Optional.of(Path.of(args[i + 1]));
                case "--encoder" -> options.put(io.github.emotion4j.text.TextOptions.ENCODER, args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors());
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            AnalyzerContext ctx = new AnalyzerContext(runtime,
                    model.map(m -> Map.of(Modality.TEXT, m)).orElse(Map.of()), options, pool);
            try (TextAnalyzer analyzer = new MiniLmTextProvider().create(ctx)) {
                long t0 = System.nanoTime();
                Result r = evaluate(analyzer, tsv, labels);
                System.out.println(tsv + " (" + analyzer.models().get(0).id() + ", " + r.skipped() + " rows skipped)");
                System.out.print(r.report().toText());
                System.out.printf(java.util.Locale.ROOT, "%.1f s%n", (System.nanoTime() - t0) / 1e9);
                String j = r.report().toJson();
                if (json.isPresent()) {
                    Files.writeString(json.get(), j, StandardCharsets.UTF_8);
                } else {
                    System.out.println(j);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
