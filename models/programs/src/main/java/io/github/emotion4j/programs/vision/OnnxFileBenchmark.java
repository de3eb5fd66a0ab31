package io.github.emotion4j.programs.vision;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times ONNX files side by side on ONNX Runtime, the way the face nets run in the library (one
 * intra-op thread, all graph optimisations, one float input of the file's own shape, free axes
 * set to the batch size): the files take turns within every round, each round makes
 * {@code calls} calls per file, and the program prints every round and the median per file. Meant
 * for A/B comparisons of two forms of one network (for example a converter's change), run in the
 * same sitting; inputs are uniform in [-1, 1] with a fixed seed, the same for every file. Before
 * timing, every file after the first is run on 20 such inputs and the largest absolute difference
 * of each output from the first file's output of the same name is printed (0 for an exact
 * rewrite of the same graph; outputs the first file lacks are reported as such).
 *
 * <p>Command line: {@code [--rounds N] [--calls N] [--threads N] [--batch N] file.onnx [file.onnx ...]}.
 */
public final class OnnxFileBenchmark {
    private OnnxFileBenchmark() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        int rounds = 7;
        int calls = 200;
        int threads = 1;
        int batch = 1;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = positive(args, ++i);
                case "--calls" -> calls = positive(args, ++i);
                case "--threads" -> threads = positive(args, ++i);
                case "--batch" -> batch = positive(args, ++i);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: OnnxFileBenchmark [--rounds N] [--calls N] [--threads N] [--batch N] file.onnx ...");
            System.exit(2);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                System.err.println("not a file: " + f);
                System.exit(2);
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            for (Path f : files) {
                OrtSession s = env.createSession(f.toString(), o);
                sessions.add(s);
                inputs.add(Input.of(s, batch));
            }
            for (int k = 1; k < files.size(); k++) {
                compare(env, sessions.get(0), sessions.get(k), inputs.get(0), inputs.get(k), files.get(k));
            }
            double[][] ms = new double[files.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r + 1));
                for (int k = 0; k < files.size(); k++) {
                    ms[k][r] = time(env, sessions.get(k), inputs.get(k), calls);
                    line.append(String.format(Locale.ROOT, "  %s %.3f", files.get(k).getFileName(), ms[k][r]));
                }
                System.out.println(line.append(" ms per call"));
            }
            System.out.printf(Locale.ROOT, "ONNX Runtime, %d intra-op thread(s), batch %d, %d rounds x %d calls, median ms per call:%n",
                    threads, batch, rounds, calls);
            for (int k = 0; k < files.size(); k++) {
                System.out.printf(Locale.ROOT, "  %8.3f  %s  %s%n", median(ms[k]), files.get(k), Arrays.toString(inputs.get(k).shape));
            }
        } finally {
            for (OrtSession s : sessions) {
                s.close();
            }
        }
    }

    private record Input(String name, long[] shape, float[] values) {
        static Input of(OrtSession s, int batch) throws OrtException {
            if (s.getInputInfo().size() != 1) {
                throw new IllegalArgumentException("only files with one input are timed, this one takes " + s.getInputNames());
            }
            Map.Entry<String, NodeInfo> e = s.getInputInfo().entrySet().iterator().next();
            if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                throw new IllegalArgumentException("input " + e.getKey() + " is not a tensor");
            }
            long[] shape = t.getShape().clone();
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    shape[i] = batch;
                }
                n *= shape[i];
            }
            float[] v = new float[Math.toIntExact(n)];
            Random r = new Random(1);
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat() * 2 - 1;
            }
            return new Input(e.getKey(), shape, v);
        }
    }

    private static void compare(OrtEnvironment env, OrtSession a, OrtSession b, Input ia, Input ib, Path file)
            throws OrtException {
        if (!Arrays.equals(ia.shape, ib.shape)) {
            System.out.println(file.getFileName() + ": input shape " + Arrays.toString(ib.shape) + " differs from "
                    + Arrays.toString(ia.shape) + ", not compared");
            return;
        }
        Map<String, Double> worst = new java.util.TreeMap<>();
        Random r = new Random(7);
        float[] v = new float[ia.values.length];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat() * 2 - 1;
            }
            try (OnnxTensor xa = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), ia.shape);
                 OnnxTensor xb = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), ib.shape);
                 OrtSession.Result ra = a.run(Map.of(ia.name, xa));
                 OrtSession.Result rb = b.run(Map.of(ib.name, xb))) {
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : rb) {
                    if (ra.get(e.getKey()).isEmpty()) {
                        worst.put(e.getKey(), Double.NaN);
                        continue;
                    }
                    FloatBuffer fa = ((OnnxTensor) ra.get(e.getKey()).get()).getFloatBuffer();
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    double d = fa.remaining() == fb.remaining() ? 0 : Double.POSITIVE_INFINITY;
                    for (int i = 0; d < Double.POSITIVE_INFINITY && i < fa.remaining(); i++) {
                        d = Math.max(d, Math.abs(fa.get(i) - fb.get(i)));
                    }
                    worst.merge(e.getKey(), d, Math::max);
                }
            }
        }
        System.out.println(file.getFileName() + " vs the first file, 20 random inputs, largest absolute difference per output"
                + " (NaN: not an output of the first file, Infinity: other size): " + worst);
    }

    private static double time(OrtEnvironment env, OrtSession s, Input in, int calls) throws OrtException {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.values), in.shape);
                 OrtSession.Result ignored = s.run(Map.of(in.name, x))) {
                // outputs closed unread: only the call is timed
            }
        }
        return (System.nanoTime() - t0) / 1e6 / calls;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        int v = Integer.parseInt(args[i]);
        if (v < 1) {
            throw new IllegalArgumentException(args[i - 1] + " must be >= 1, was " + v);
        }
        return v;
    }
}
