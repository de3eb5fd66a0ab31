/* ONNX Runtime int8 GEMM throughput (GMAC/s) at 19, 64, 608 and 4096 rows on 1 and 2 threads. See run.sh. */
import ai.onnxruntime.*;
import java.nio.*;
import java.util.*;
public class Gemm {
    public static void main(String[] a) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (int threads : new int[]{1, 2}) {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(threads);
            OrtSession s = env.createSession(System.getProperty("gemm", "gemm.onnx"), o);
            for (int m : new int[]{19, 64, 608, 4096}) {
                float[] x = new float[m * 384]; Random r = new Random(1); for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{m, 384});
                int reps = Math.max(20, 400000 / m);
                for (int i = 0; i < reps / 4; i++) s.run(Map.of("a", t)).close();
                double best = 0;
                for (int k = 0; k < 3; k++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) s.run(Map.of("a", t)).close();
                    double sec = (System.nanoTime() - t0) / 1e9;
                    best = Math.max(best, (double) m * 384 * 1536 * reps / sec / 1e9);
                }
                System.out.printf("threads %d M=%d: %.1f GMAC/s%n", threads, m, best);
            }
        }
    }
}
