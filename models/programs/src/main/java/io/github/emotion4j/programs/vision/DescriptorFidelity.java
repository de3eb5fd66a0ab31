package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.programs.vision.FaceLandmarkEvaluation.Sample;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.identity.FaceDescriptorNet;
import io.github.emotion4j.vision.identity.FaceIdentities;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The committed compact descriptor net (int8/int16 codes decoded at load) against the plain float32
 * one that {@code convert.py --fp32-out DIR} writes, on real faces, on both engines:
 * <ul>
 *   <li>per face: Euclidean distance and cosine distance between the two descriptors (CK+48, all
 *       images; FER2013 validation, the first {@code --fer N} files per class);</li>
 *   <li>CK+48 pairs (same subject in different sequences / different subjects, as
 *       {@code FaceLandmarkEvaluation identity}): how many decisions at the 0.6 threshold differ;</li>
 *   <li>cost of one call (batch 1 and batch 8, the golden crop): process CPU time and wall time per
 *       face, rounds alternating compact / float32 on ORT and DJL, medians; and the load time.</li>
 * </ul>
 *
 * <p>Command line: {@code <faces folder> --fp32 <folder with the float32 model.onnx, model.pt and
 * their model.properties> [--fer N] [--rounds R] [--reps N] [--face image] [--timing-only]}.
 */
public final class DescriptorFidelity {
    private static final int BATCH = 16;

    private DescriptorFidelity() {
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double quantile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    static List<BufferedImage> regions(List<Sample> samples, List<FaceLandmarks> lm) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            BufferedImage img = samples.get(i).image();
            out.add(FaceCrops.crop(img, FaceDescriptorNet.descriptorRegion(lm.get(i), img.getWidth(), img.getHeight()), 0));
        }
        return out;
    }

    static List<float[]> describe(FaceDescriptorNet net, List<BufferedImage> crops) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < crops.size(); i += BATCH) {
            out.addAll(net.ofCrops(crops.subList(i, Math.min(crops.size(), i + BATCH))));
        }
        return out;
    }

    static double cosineDistance(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return 1 - ab / Math.sqrt(aa * bb);
    }

    static void perFace(String what, List<float[]> a, List<float[]> b) {
        double[] eu = new double[a.size()];
        double[] co = new double[a.size()];
        for (int i = 0; i < a.size(); i++) {
            eu[i] = FaceDescriptorNet.distance(a.get(i), b.get(i));
            co[i] = cosineDistance(a.get(i), b.get(i));
        }
        Arrays.sort(eu);
        Arrays.sort(co);
        System.out.printf(Locale.ROOT, "%-44s %5d faces  euclidean median %.2e  99%% %.2e  max %.2e | cosine distance median %.2e  max %.2e%n",
                what, a.size(), quantile(eu, 0.5), quantile(eu, 0.99), eu[eu.length - 1], quantile(co, 0.5), co[co.length - 1]);
    }

    /** Decisions at the threshold from descriptors {@code compact} (the candidate) and {@code fp32} (the reference). */
    static void pairs(String what, List<Sample> ck, List<float[]> compact, List<float[]> fp32) {
        double t = FaceIdentities.DEFAULT_THRESHOLD;
        long same = 0;
        long diff = 0;
        long sameAccC = 0;
        long sameAccF = 0;
        long diffAccC = 0;
        long diffAccF = 0;
        long flipSame = 0;
        long flipDiff = 0;
        double worst = 0;
        for (int i = 0; i < ck.size(); i++) {
            String[] a = ck.get(i).name().split("_");
            for (int j = i + 1; j < ck.size(); j++) {
                String[] b = ck.get(j).name().split("_");
                boolean sameSubject = a[0].equals(b[0]);
                if (sameSubject && a[1].equals(b[1])) {
                    continue; // frames of one sequence, left out as in FaceLandmarkEvaluation identity
                }
                double dc = FaceDescriptorNet.distance(compact.get(i), compact.get(j));
                double df = FaceDescriptorNet.distance(fp32.get(i), fp32.get(j));
                worst = Math.max(worst, Math.abs(dc - df));
                boolean ac = dc < t;
                boolean af = df < t;
                if (sameSubject) {
                    same++;
                    sameAccC += ac ? 1 : 0;
                    sameAccF += af ? 1 : 0;
                    flipSame += ac != af ? 1 : 0;
                } else {
                    diff++;
                    diffAccC += ac ? 1 : 0;
                    diffAccF += af ? 1 : 0;
                    flipDiff += ac != af ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: CK+48 pairs at %.2f: same subject %d pairs, accepted by reference %d / candidate %d, %d decisions differ;"
                + " different subjects %d pairs, accepted by reference %d / candidate %d, %d decisions differ; largest |distance change| %.2e%n",
                what, t, same, sameAccF, sameAccC, flipSame, diff, diffAccF, diffAccC, flipDiff, worst);
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DescriptorFidelity <faces folder> --fp32 <folder> [--fer N] [--rounds R] [--reps N] [--face image]");
            System.exit(2);
        }
        Path faces = Path.of(args[0]);
        Path fp32 = null;
        int fer = 72;
        int rounds = 7;
        int reps = 10;
        Path faceFile = Path.of("src-test-data/vision/astronaut-face.jpg");
        boolean timingOnly = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--fp32" -> fp32 = Path.of(args[++i]);
                case "--fer" -> fer = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--face" -> faceFile = Path.of(args[++i]);
                case "--timing-only" -> timingOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (fp32 == null) {
            throw new IllegalArgumentException("--fp32 <folder> is required");
        }
        EngineKind[] engines = {EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH};
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            FaceDescriptorNet[] compact = new FaceDescriptorNet[2];
            FaceDescriptorNet[] plain = new FaceDescriptorNet[2];
            for (int e = 0; e < 2; e++) {
                FaceDescriptorNet.load(rt, Optional.of(fp32), Optional.of(engines[e])); // engine start-up, not timed
                long t0 = System.nanoTime();
                compact[e] = FaceDescriptorNet.load(rt, Optional.empty(), Optional.of(engines[e]));
                long t1 = System.nanoTime();
                plain[e] = FaceDescriptorNet.load(rt, Optional.of(fp32), Optional.of(engines[e]));
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%s: compact %s loaded in %.0f ms; float32 %s in %.0f ms (SHA-256 check, session, load-time run)%n",
                        engines[e], compact[e].info().sha256().substring(0, 12), (t1 - t0) / 1e6,
                        plain[e].info().sha256().substring(0, 12), (t2 - t1) / 1e6);
            }
            if (!timingOnly) {
                fidelity(rt, faces, fer, engines, compact, plain);
            }
            timing(faceFile, compact, plain, rounds, reps);
        }
    }

    static void fidelity(EngineRuntime rt, Path faces, int fer, EngineKind[] engines, FaceDescriptorNet[] compact,
                         FaceDescriptorNet[] plain) throws Exception {
        {
            LandmarkNet lmNet = LandmarkNet.load(rt, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
            List<Emotion> all = List.of(Emotion.values());
            List<Sample> ck = FaceLandmarkEvaluation.load(faces.resolve("ck48"), all, 0);
            List<Sample> fv = FaceLandmarkEvaluation.load(faces.resolve("fer2013/validation"), all, fer);
            List<BufferedImage> ckCrops = regions(ck, FaceLandmarkEvaluation.landmarks(lmNet, ck));
            List<BufferedImage> fvCrops = regions(fv, FaceLandmarkEvaluation.landmarks(lmNet, fv));
            List<List<float[]>> ckC = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                List<float[]> c = describe(compact[e], ckCrops);
                List<float[]> f = describe(plain[e], ckCrops);
                ckC.add(c);
                perFace(engines[e] + " CK+48 compact vs float32", c, f);
                perFace(engines[e] + " FER2013 validation compact vs float32", describe(compact[e], fvCrops), describe(plain[e], fvCrops));
                pairs(engines[e] + " candidate compact, reference float32", ck, c, f);
            }
            perFace("CK+48 compact ORT vs compact DJL", ckC.get(0), ckC.get(1));
            // the same comparison between the two engines running the same float32 weights, for scale
            List<float[]> ortF = describe(plain[0], ckCrops);
            List<float[]> djlF = describe(plain[1], ckCrops);
            perFace("CK+48 float32 ORT vs float32 DJL", ortF, djlF);
            pairs("candidate float32 DJL, reference float32 ORT (engine noise)", ck, djlF, ortF);
        }
    }

    static void timing(Path faceFile, FaceDescriptorNet[] compact, FaceDescriptorNet[] plain, int rounds, int reps)
            throws Exception {
        {

            BufferedImage read = ImageIO.read(faceFile.toFile());
            BufferedImage face = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            face.getGraphics().drawImage(read, 0, 0, null);
            List<BufferedImage> one = List.of(face);
            List<BufferedImage> eight = Collections.nCopies(8, face);
            FaceDescriptorNet[] nets = {compact[0], plain[0], compact[1], plain[1]};
            String[] names = {"ORT compact", "ORT float32", "DJL compact", "DJL float32"};
            List<List<Double>> cpu1 = new ArrayList<>();
            List<List<Double>> wall1 = new ArrayList<>();
            List<List<Double>> cpu8 = new ArrayList<>();
            List<List<Double>> wall8 = new ArrayList<>();
            for (int k = 0; k < nets.length; k++) {
                cpu1.add(new ArrayList<>());
                wall1.add(new ArrayList<>());
                cpu8.add(new ArrayList<>());
                wall8.add(new ArrayList<>());
                nets[k].ofCrops(one);
                nets[k].ofCrops(eight);
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < nets.length; k++) {
                    for (int b : new int[] {1, 8}) {
                        List<BufferedImage> in = b == 1 ? one : eight;
                        long c0 = cpuNanos();
                        long w0 = System.nanoTime();
                        for (int i = 0; i < reps; i++) {
                            nets[k].ofCrops(in);
                        }
                        double cpu = (cpuNanos() - c0) / 1e6 / reps / b;
                        double wall = (System.nanoTime() - w0) / 1e6 / reps / b;
                        (b == 1 ? cpu1 : cpu8).get(k).add(cpu);
                        (b == 1 ? wall1 : wall8).get(k).add(wall);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "per face, ms, median of %d rounds x %d calls (the four nets alternate in each round); %d cores%n",
                    rounds, reps, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%-12s %10s %10s %10s %10s%n", "", "b1 CPU", "b1 wall", "b8 CPU", "b8 wall");
            for (int k = 0; k < nets.length; k++) {
                System.out.printf(Locale.ROOT, "%-12s %10.2f %10.2f %10.2f %10.2f%n", names[k], median(cpu1.get(k)),
                        median(wall1.get(k)), median(cpu8.get(k)), median(wall8.get(k)));
            }
        }
    }
}
