package io.github.emotion4j.audio.bench;

import io.github.emotion4j.audio.AudioAnalyzer;
import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.Resampler;
import io.github.emotion4j.audio.encoder.Chunker;
import io.github.emotion4j.audio.encoder.Wav2Vec2Encoder;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Real-time factors of emotion-audio on this machine: a 60 s speech file (the committed espeak
 * clip repeated with pauses, written as WAV at run time) through decode + VAD + features + the
 * default model, a 10 s clip through {@code EmotionRecognizer.predict} (recognizer built once,
 * outside the timing), and the wav2vec2 adapter on the tiny test model. Prints figures with the
 * load average; asserts nothing. Besides the wall time it prints the calling thread's CPU time
 * and the whole process's CPU time (all threads), the fairer figures on a busy machine.
 *
 * <pre>
 * ./mvnw -o -q -B -pl emotion-audio test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.emotion4j.audio.bench.AudioBenchmark
 * </pre>
 */
public final class AudioBenchmark {
    private static final int RUNS = 7;

    private AudioBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        float[] clip = AudioDecoder.decode(TestData.resolve("audio/espeak-two-phrases.wav"), 60).samples();
        float[] pause = new float[6400];
        float[] sixty = new float[60 * 16000];
        int pos = 0;
        while (pos < sixty.length) {
            for (float[] part : new float[][] {clip, pause}) {
                int n = Math.min(part.length, sixty.length - pos);
                System.arraycopy(part, 0, sixty, pos, n);
                pos += n;
            }
        }
        Path dir = Files.createTempDirectory("emotion4j-bench");
        Path wav16 = TestAudio.wav16(dir.resolve("speech-60s-16k.wav"), 16000, sixty);
        Path wav44 = TestAudio.wav16(dir.resolve("speech-60s-44k.wav"), 44100, Resampler.resample(sixty, 16000, 44100));
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors());
        try (EngineRuntime rt = EngineRuntime.cpu();
             AudioAnalyzer analyzer = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(), Map.of(), pool))) {
            double[] decode = time(() -> AudioDecoder.decode(wav16, 120));
            double[] decode44 = time(() -> AudioDecoder.decode(wav44, 120));
            ProsodyExtractor ex = new ProsodyExtractor();
            double[] features = time(() -> ex.extract(sixty));
            double[] full = time(() -> analyzer.analyze(MediaInput.ofFile(wav16)));
            double[] full44 = time(() -> analyzer.analyze(MediaInput.ofFile(wav44)));
            ModalityResult r = analyzer.analyze(MediaInput.ofFile(wav16));
            System.out.printf(Locale.ROOT, "60 s of speech, %d segments, top %s%n", r.segments().size(),
                    r.distribution().orElseThrow().top());
            report("decode 16 kHz WAV", decode);
            report("decode 44.1 kHz WAV (+ resample)", decode44);
            report("prosody features, whole 60 s", features);
            report("decode + VAD + features + model (16 kHz WAV)", full);
            float[] ten = Arrays.copyOf(sixty, 10 * 16000);
            try (io.github.emotion4j.core.EmotionRecognizer rec = io.github.emotion4j.core.EmotionRecognizer.builder()
                    .provider(new io.github.emotion4j.audio.AudioAnalyzerProvider()).build()) {
                report("10 s clip through recognizer.predict (MediaInput.ofAudio)",
                        time(() -> rec.predict(MediaInput.ofAudio(ten, 16000)), RUNS * 5), 10);
                Path wav10 = TestAudio.wav16(dir.resolve("speech-10s-16k.wav"), 16000, ten);
                report("10 s WAV file through recognizer.predict (MediaInput.ofFile)",
                        time(() -> rec.predict(MediaInput.ofFile(wav10)), RUNS * 5), 10);
            }
            report("decode + VAD + features + model (44.1 kHz WAV)", full44);
            try (AudioAnalyzer single = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(), Map.of("audio.threads", "1")))) {
                report("decode + VAD + features + model (16 kHz WAV), audio.threads=1",
                        time(() -> single.analyze(MediaInput.ofFile(wav16))));
            }
            try (AudioAnalyzer silero = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(), Map.of("audio.vad", "silero")))) {
                report("decode + Silero VAD + features + model (16 kHz WAV)",
                        time(() -> silero.analyze(MediaInput.ofFile(wav16))));
            }
            // the tiny test encoders emit 800 frames/s (stride 20; real wav2vec2: 50 frames/s, stride 320), so
            // their self-attention over a 10 s window is 256x costlier than a real model's: use 1 s windows
            for (EngineKind engine : EngineKind.values()) {
                Wav2Vec2Encoder enc = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(TestData.resolve(
                        "models/tiny-wav2vec2-hf")), rt, Optional.of(engine)).withChunker(Chunker.ofSeconds(1, 0.1));
                // DJL's PyTorch path is far slower here (NNPACK unsupported on this CPU): fewer runs
                double[] t = time(() -> enc.encode(sixty), engine == EngineKind.PYTORCH ? 1 : RUNS);
                report("tiny wav2vec2 (HF contract, " + engine.displayName() + "), 1 s windows", t);
            }
            try (AudioAnalyzer withEncoder = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(),
                    Map.of("audio.encoder", TestData.resolve("models/tiny-wav2vec2-dim").toString(),
                            "audio.encoder.chunkSeconds", "1", "audio.encoder.overlapSeconds", "0.1")))) {
                report("analyser + tiny wav2vec2 (audEERING contract, OnnxRuntime, 1 s windows)",
                        time(() -> withEncoder.analyze(MediaInput.ofFile(wav16))));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Task {
        Object run() throws Exception;
    }

    /**
     * Median wall time in seconds over RUNS runs after two warm-up runs, and the
     * median CPU time of the calling thread (a fairer figure on a busy machine for single-threaded
 * work; it leaves out other threads, e.g. the analyser's segment pool and engine threads).
     */
    private static double[] time(Task t) throws Exception {
        return time(t, RUNS);
    }

    private static double[] time(Task t, int runs) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        t.run();
        t.run();
        double[] s = new double[runs];
        double[] c = new double[runs];
        double[] p = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            t.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
            c[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            p[i] = (os.getProcessCpuTime() - p0) / 1e9;
        }
        Arrays.sort(s);
        Arrays.sort(c);
        Arrays.sort(p);
        return new double[] {s[runs / 2], c[runs / 2], p[runs / 2]};
    }

    private static void report(String what, double[] t) {
        report(what, t, 60);
    }

    private static void report(String what, double[] t, double seconds) {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%-66s wall %7.1f ms = %6.0fx real time | calling-thread CPU %7.1f ms = %6.0fx"
                + " | process CPU %7.1f ms = %6.0fx | load %.1f%n", what, t[0] * 1000, seconds / t[0], t[1] * 1000,
                seconds / t[1], t[2] * 1000, seconds / t[2], load);
    }
}
