package io.github.emotion4j.cli;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emotion4j evaluate}: runs one modality of the recognizer (bundled or {@code --model}
 * models) over labelled data and prints accuracy, macro-F1, per-class recall and the confusion
 * matrix.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures one modality on labelled data: a folder with one sub-folder per label (dataset words "
                + "such as angry, happy, sad are accepted) or a GoEmotions-style TSV (text, label ids, id) with labels.txt.",
                "Predictions are restricted to the dataset's classes (a 7-class model on a 4-class set picks among those 4) "
                        + "unless --all-labels; inputs without evidence (no face, silence) count as '(none)'."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--modality", required = true, paramLabel = "audio|vision|text|conversation",
            description = "The modality to measure; conversation: a dialogue file (TSV with dialogue, turn, speaker, label, "
                    + "text), text without and with dialogue context side by side.")
    String modality;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.tsv", description = "Labelled data.")
    Path data;

    @Option(names = "--labels", paramLabel = "labels.txt",
            description = "Label words in id order for a TSV (default: labels.txt beside the TSV or in its parent folder).")
    Path labels;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N examples per class (0 = all).")
    int limit;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel predictions (default: the number of CPU cores).")
    Integer threads;

    @Option(names = "--all-labels", description = "Do not restrict predictions to the dataset's classes.")
    boolean allLabels;

    @Option(names = "--face-crops", description = "Every image is a face crop: skip face detection (vision.detect=never). "
            + "Without it, small images (at most 160 px a side, like CK+ and FER2013) in which no face is found are "
            + "used as faces directly (vision.detect=auto).")
    boolean faceCrops;

    @Option(names = "--json", description = "Print one JSON object (n, accuracy, macroF1, balancedAccuracy, classes, perClass, confusion).")
    boolean json;

    @Option(names = "--context", paramLabel = "auto|none", defaultValue = "auto",
            description = "conversation: the dialogue context model (auto = the one on the classpath, if any).")
    String context;

    @Option(names = "--label-set", paramLabel = "NAME",
            description = "conversation: accept only this label set's words (e.g. MELD_7, EMORYNLP_7; default: any known word).")
    String labelSet;

    @Option(names = "--max-turns", paramLabel = "N", description = "conversation: the most turns one dialogue may have (default 10000).")
    Integer maxTurns;

    @Mixin
    RecognizerOptions recognizer;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (modality.strip().equalsIgnoreCase("conversation")) {
            if (faceCrops || limit != 0 || labels != null) {
                throw new IllegalArgumentException("--face-crops, --limit and --labels do not apply to --modality conversation"
                        + " (use --label-set NAME)");
            }
            return new ConversationEvaluation(this).run(out, err);
        }
        if (labelSet != null || maxTurns != null) {
            throw new IllegalArgumentException("--label-set and --max-turns apply to --modality conversation only");
        }
        Modality m = Modality.parse(modality);
        if (faceCrops) {
            if (m != Modality.VISION) {
                throw new IllegalArgumentException("--face-crops applies to --modality vision only");
            }
            recognizer.options.put("vision.detect", "never");
        }
        LabelledData d = LabelledData.read(data, m, Optional.ofNullable(labels), limit);
        List<String> classes = new ArrayList<>();
        d.classes().forEach(e -> classes.add(e.word()));
        final int other = -2;
        final int none = -1;
        int[] truth = new int[d.examples().size()];
        int[] predicted = new int[truth.length];
        long start = System.nanoTime();
        int nThreads = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().modalities(m);
        recognizer.apply(b);
        try (EmotionRecognizer r = b.build()) {
            ExecutorService pool = Executors.newFixedThreadPool(nThreads);
            try {
                List<Future<Optional<EmotionDistribution>>> futures = new ArrayList<>();
                for (LabelledData.Example ex : d.examples()) {
                    futures.add(pool.submit(() -> r.predict(ex.input()).modality(m).flatMap(ModalityResult::distribution)));
                }
                for (int i = 0; i < truth.length; i++) {
                    LabelledData.Example ex = d.examples().get(i);
                    truth[i] = d.classes().indexOf(ex.truth());
                    Optional<EmotionDistribution> dist;
                    try {
                        dist = futures.get(i).get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(ex.name() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    if (dist.isEmpty()) {
                        predicted[i] = none;
                    } else if (allLabels) {
                        int k = d.classes().indexOf(dist.get().top().label());
                        predicted[i] = k >= 0 ? k : other;
                    } else {
                        Emotion top = dist.get().over(d.classes()).top().label();
                        predicted[i] = d.classes().indexOf(top);
                    }
                    if (!json && truth.length >= 200 && (i + 1) % 200 == 0) {
                        err.printf(Locale.ROOT, "\r%d/%d", i + 1, truth.length);
                        err.flush();
                    }
                }
                if (!json && truth.length >= 200) {
                    err.print("\r" + " ".repeat(20) + "\r");
                    err.flush();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean anyOther = false;
        boolean anyNone = false;
        for (int p : predicted) {
            anyOther |= p == other;
            anyNone |= p == none;
        }
        int otherIndex = classes.size();
        if (anyOther) {
            classes.add("(other)");
        }
        int noneIndex = classes.size();
        if (anyNone) {
            classes.add("(none)");
        }
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predicted[i] == other ? otherIndex : predicted[i] == none ? noneIndex : predicted[i];
        }
        ClassificationReport report = ClassificationReport.of(classes, truth, predicted);
        if (json) {
            out.println(report.toJson());
        } else {
            out.printf(Locale.ROOT, "%s on %s%n", m.word(), d.description());
            if (d.skipped() > 0) {
                out.printf(Locale.ROOT, "skipped %d: %s%n", d.skipped(), d.skippedReason());
            }
            out.print(report.toText());
            out.printf(Locale.ROOT, "%d examples in %.1f s (%.1f ms each, %d threads)%n", truth.length, seconds,
                    1000 * seconds / truth.length, nThreads);
        }
        return 0;
    }
}
