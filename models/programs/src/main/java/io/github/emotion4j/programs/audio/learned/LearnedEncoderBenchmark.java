package io.github.emotion4j.programs.audio.learned;

import io.github.emotion4j.audio.encoder.learned.LearnedSpeechEncoder;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Real-time factor of the bundled learned speech encoder (seconds of audio per second of compute,
 * {@link LearnedSpeechEncoder#analyse} on 16 kHz input: standardisation, the exported network in
 * 10 s windows with 1 s overlap, attentive pooling and head in Java) on ONNX Runtime and the
 * PyTorch engine in the same sitting: after a warm-up, rounds alternate the engines (A/B, then
 * B/A) and the medians are printed with their ratio.
 *
 * <pre>
 * nice -n 10 java ... io.github.emotion4j.programs.audio.learned.LearnedEncoderBenchmark --rounds 9 --seconds 10,60
 * </pre>
 */
public final class LearnedEncoderBenchmark {
    private LearnedEncoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = LearnedSpeechEvaluation.parse(args);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "9"));
        double[] lengths = Arrays.stream(a.getOrDefault("seconds", "10,60").split(",")).mapToDouble(Double::parseDouble)
                .toArray();
        System.out.printf(Locale.ROOT, "cores %d, ai.djl.pytorch.num_threads=%s, rounds %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "(default 1)"),
                rounds);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            Map<EngineKind, LearnedSpeechEncoder> enc = new EnumMap<>(EngineKind.class);
            for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
                enc.put(k, LearnedSpeechEncoder.load(runtime, Optional.of(k)));
            }
            for (double seconds : lengths) {
                AudioClip clip = new AudioClip(speechLike(seconds, 11), 16_000);
                for (LearnedSpeechEncoder e : enc.values()) {
                    e.analyse(clip);
                    e.analyse(clip);
                }
                Map<EngineKind, List<Double>> t = new EnumMap<>(EngineKind.class);
                for (int r = 0; r < rounds; r++) {
                    List<EngineKind> order = r % 2 == 0 ? List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)
                            : List.of(EngineKind.PYTORCH, EngineKind.ONNX_RUNTIME);
                    for (EngineKind k : order) {
                        long t0 = System.nanoTime();
                        if (enc.get(k).analyse(clip).distribution().isEmpty()) {
                            throw new IllegalStateException("no distribution");
                        }
                        t.computeIfAbsent(k, x -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
                    }
                }
                double ort = median(t.get(EngineKind.ONNX_RUNTIME));
                double pt = median(t.get(EngineKind.PYTORCH));
                System.out.printf(Locale.ROOT, "%.0f s input: ONNX Runtime median %.4f s = %.1fx real time; PyTorch median"
                        + " %.4f s = %.1fx real time; ONNX Runtime / PyTorch speed %.2f%n", seconds, ort, seconds / ort, pt,
                        seconds / pt, pt / ort);
            }
        }
    }

    /** A voiced, speech-like test signal: harmonics of a wandering f0 under syllable-rate bursts, plus noise. */
    static float[] speechLike(double seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(seconds * 16_000);
        float[] x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            double f0 = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / 16_000.0;
            double env = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(h * phase) / h;
            }
            x[i] = (float) (0.2 * env * v + 0.005 * rnd.nextGaussian());
        }
        return x;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
