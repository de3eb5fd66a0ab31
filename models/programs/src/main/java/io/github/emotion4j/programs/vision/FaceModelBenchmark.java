package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.identity.FaceDescriptorNet;
import io.github.emotion4j.vision.landmarks.FaceAligner;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * Cost per face of the landmark net (68 points), the descriptor net (128-d) and, for scale, the
 * expression net and the aligner, on ONNX Runtime and DJL's PyTorch engine in the same sitting:
 * rounds alternate ORT / DJL, each round times {@code reps} calls per model at batch 1 and batch 8
 * (preprocessing in Java included: pad, resize, normalise), medians over rounds are printed.
 *
 * <p>Command line: {@code <face image> [--rounds R] [--reps N]} (e.g. src-test-data/vision/astronaut-face.jpg).
 */
public final class FaceModelBenchmark {
    private FaceModelBenchmark() {
    }

    private static double timePerFace(Runnable call, int reps, int faces) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            call.run();
        }
        return (System.nanoTime() - t0) / 1e6 / reps / faces;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FaceModelBenchmark <face image> [--rounds R] [--reps N]");
            System.exit(2);
        }
        int rounds = 7;
        int reps = 20;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        BufferedImage read = ImageIO.read(Path.of(args[0]).toFile());
        BufferedImage face = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        face.getGraphics().drawImage(read, 0, 0, null);
        List<BufferedImage> one = List.of(face);
        List<BufferedImage> eight = Collections.nCopies(8, face);
        String[] names = {"landmarks b1", "landmarks b8", "descriptor b1", "descriptor b8", "expression b1", "expression b8",
            "align (Java)"};
        EngineKind[] engines = {EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH};
        List<List<List<Double>>> times = new ArrayList<>();
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            List<Supplier<double[]>> runs = new ArrayList<>();
            for (EngineKind e : engines) {
                LandmarkNet lm = LandmarkNet.load(rt, Optional.empty(), Optional.of(e));
                FaceDescriptorNet d = FaceDescriptorNet.load(rt, Optional.empty(), Optional.of(e));
                ExpressionNet x = ExpressionNet.load(rt, Optional.empty(), Optional.of(e));
                FaceLandmarks l = lm.ofCrops(one).get(0);
                System.out.println(e + ": " + lm.info() + " / " + d.info() + " / " + x.networkInfo());
                final int n = reps;
                runs.add(() -> new double[] {
                    timePerFace(() -> lm.ofCrops(one), n, 1), timePerFace(() -> lm.ofCrops(eight), n, 8),
                    timePerFace(() -> d.describe(face, List.of(l)), n, 1),
                    timePerFace(() -> d.describe(face, Collections.nCopies(8, l)), n, 8),
                    timePerFace(() -> x.probabilities(one), n, 1), timePerFace(() -> x.probabilities(eight), n, 8),
                    timePerFace(() -> FaceAligner.DEFAULT.align(face, l), n, 1)});
                List<List<Double>> perModel = new ArrayList<>();
                for (int k = 0; k < names.length; k++) {
                    perModel.add(new ArrayList<>());
                }
                times.add(perModel);
                runs.get(runs.size() - 1).get(); // warm-up round, not counted
            }
            for (int r = 0; r < rounds; r++) {
                for (int e = 0; e < engines.length; e++) {
                    double[] t = runs.get(e).get();
                    for (int k = 0; k < t.length; k++) {
                        times.get(e).get(k).add(t[k]);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "face %dx%d, %d rounds (ORT, DJL alternating) x %d calls; %d cores; ms per face, median%n",
                face.getWidth(), face.getHeight(), rounds, reps, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-15s %10s %10s %10s%n", "", "ORT", "DJL", "DJL/ORT");
        for (int k = 0; k < names.length; k++) {
            double o = median(times.get(0).get(k));
            double p = median(times.get(1).get(k));
            System.out.printf(Locale.ROOT, "%-15s %10.2f %10.2f %10.2f%n", names[k], o, p, p / o);
        }
        System.out.println("raw ORT landmarks b1 per round: " + Arrays.toString(times.get(0).get(0).stream()
                .mapToDouble(Double::doubleValue).map(v -> Math.round(v * 100) / 100.0).toArray()));
    }
}
