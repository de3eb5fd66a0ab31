package io.github.emotion4j.examples;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.writers.PredictionJson;
import io.github.emotion4j.writers.TimelineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Analyses a video with its subtitles (faces, voice and words), prints the fused timeline and
 * writes the JSON and the timeline chart.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.AnalyzeVideo \
 *     src-test-data/demo/demo.mp4 src-test-data/demo/demo.srt target/demo-video
 * </pre>
 */
public final class AnalyzeVideo {
    private AnalyzeVideo() {
    }

    public static void main(String[] args) throws IOException, ModelLoadException {
        Path video = Path.of(args.length > 0 ? args[0] : "src-test-data/demo/demo.mp4");
        Path subtitles = Path.of(args.length > 1 ? args[1] : "src-test-data/demo/demo.srt");
        Path outDir = Path.of(args.length > 2 ? args[2] : "target/demo-video");
        EmotionPrediction p = run(video, subtitles, outDir);
        if (p.hasEvidence()) {
            System.out.printf(Locale.ROOT, "%s: %s %.2f%n", video.getFileName(), p.top().label().word(), p.top().probability());
        } else {
            System.out.printf(Locale.ROOT, "%s: no evidence %s%n", video.getFileName(), p.warnings());
        }
        for (Segment s : p.timeline()) {
            System.out.printf(Locale.ROOT, "  %5.2f-%5.2f s  %-10s %.2f  %s%n", s.span().start(), s.span().end(),
                    s.distribution().top().label().word(), s.distribution().top().probability(), s.modalities().keySet());
        }
        System.out.println("wrote " + outDir.resolve("prediction.json") + " and " + outDir.resolve("timeline.png"));
    }

    /** Analyses the video and writes {@code prediction.json} and {@code timeline.png} into {@code outDir}. */
    public static EmotionPrediction run(Path video, Path subtitles, Path outDir) throws IOException, ModelLoadException {
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder()
                .withDefaultModels()                    // every modality module on the classpath
                .fusion(Fusions.probabilityGuided())    // confidence- and agreement-weighted
                .device(Device.auto())                  // a GPU when an engine reports one
                .option("vision.fps", "5")              // frames analysed per second
                .build()) {
            EmotionPrediction p = recognizer.predict(MediaInput.ofFile(video).withTranscript(subtitles));
            PredictionJson.write(p, video.toString(), outDir.resolve("prediction.json"));
            TimelineChart.writePng(p, "emotion4j: " + video.getFileName(), outDir.resolve("timeline.png"));
            return p;
        }
    }
}
