package io.github.emotion4j.vision.dynamics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * The weights of {@link LiftingDynamics}: split threshold {@code theta} and softness {@code tau},
 * the updater's matrix {@code U} (added to the mean-preserving weight {@code rho * I}) and the
 * predictor's matrix {@code P} and bias (added to the identity). All zeros = the parameter-free
 * classic lifting step. Immutable and thread-safe.
 *
 * <p>File format: a UTF-8 properties file with {@code format=emotion4j-lifting-1}, {@code dim},
 * {@code theta}, {@code tau}, and comma-separated row-major {@code update}, {@code predict},
 * {@code predictBias}.
 *
 * @param dim         embedding size D
 * @param theta       how far above the median dissimilarity a frame must be to count as dynamic
 * @param tau         softness of that split (sigmoid temperature), {@code > 0}
 * @param update      D x D row-major, added to {@code rho * I} in the updater
 * @param predict     D x D row-major, added to the identity in the predictor
 * @param predictBias D values added by the predictor
 */
public record LiftingParameters(int dim, double theta, double tau, float[] update, float[] predict, float[] predictBias) {
    /** Default split threshold of the parameter-free step. */
    public static final double DEFAULT_THETA = 0.1;
    /** Default split softness of the parameter-free step. */
    public static final double DEFAULT_TAU = 0.03;
    private static final String FORMAT = "emotion4j-lifting-1";

    public LiftingParameters {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, was " + dim);
        }
        if (!Double.isFinite(theta) || !(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("theta must be finite and tau > 0; were " + theta + ", " + tau);
        }
        update = check(update, dim * dim, "update");
        predict = check(predict, dim * dim, "predict");
        predictBias = check(predictBias, dim, "predictBias");
    }

    private static float[] check(float[] a, int n, String what) {
        Objects.requireNonNull(a, what);
        if (a.length != n) {
            throw new IllegalArgumentException(what + " needs " + n + " values, has " + a.length);
        }
        for (float v : a) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + " holds a non-finite value");
            }
        }
        return a.clone();
    }

    /** The parameter-free classic lifting step for embeddings of size {@code dim}. */
    public static LiftingParameters parameterFree(int dim) {
        return new LiftingParameters(dim, DEFAULT_THETA, DEFAULT_TAU, new float[dim * dim], new float[dim * dim], new float[dim]);
    }

    /** Whether this is the parameter-free step (all learnable matrices zero). */
    public boolean isParameterFree() {
        return allZero(update) && allZero(predict) && allZero(predictBias);
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public float[] update() {
        return update.clone();
    }

    @Override
    public float[] predict() {
        return predict.clone();
    }

    @Override
    public float[] predictBias() {
        return predictBias.clone();
    }

    float updateAt(int r, int c) {
        return update[r * dim + c];
    }

    float predictAt(int r, int c) {
        return predict[r * dim + c];
    }

    float biasAt(int i) {
        return predictBias[i];
    }

    /** Reads parameters written by {@link #write(Path)}. */
    public static LiftingParameters read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(Objects.requireNonNull(file, "file"))) {
            return read(in, file.toString());
        }
    }

    /** Reads parameters from a stream; {@code source} names it in messages. */
    public static LiftingParameters read(InputStream in, String source) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IOException(source + ": not a lifting parameter file (format=" + p.getProperty("format")
                    + ", expected " + FORMAT + ")");
        }
        try {
            int dim = Integer.parseInt(p.getProperty("dim", "").strip());
            return new LiftingParameters(dim, Double.parseDouble(p.getProperty("theta").strip()),
                    Double.parseDouble(p.getProperty("tau").strip()), floats(p, "update"), floats(p, "predict"),
                    floats(p, "predictBias"));
        } catch (RuntimeException e) {
            throw new IOException(source + ": bad lifting parameters (" + e.getMessage() + ")", e);
        }
    }

    private static float[] floats(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key " + key);
        }
        String[] parts = v.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(parts[i].strip());
        }
        return out;
    }

    /** Writes the parameters (see the class comment for the format). */
    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(Objects.requireNonNull(file, "file"));
             Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write("# emotion4j lifting-scheme dynamics parameters\n");
            w.write("format=" + FORMAT + "\n");
            w.write("dim=" + dim + "\n");
            w.write("theta=" + theta + "\n");
            w.write("tau=" + tau + "\n");
            w.write("update=" + join(update) + "\n");
            w.write("predict=" + join(predict) + "\n");
            w.write("predictBias=" + join(predictBias) + "\n");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String join(float[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Float.toString(a[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiftingParameters q && dim == q.dim && theta == q.theta && tau == q.tau
                && Arrays.equals(update, q.update) && Arrays.equals(predict, q.predict)
                && Arrays.equals(predictBias, q.predictBias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dim, theta, tau, Arrays.hashCode(update), Arrays.hashCode(predict), Arrays.hashCode(predictBias));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LiftingParameters[dim=%d, theta=%.4f, tau=%.4f, %s]", dim, theta, tau,
                isParameterFree() ? "parameter-free" : "learned");
    }
}
