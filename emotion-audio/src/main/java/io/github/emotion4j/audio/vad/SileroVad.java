package io.github.emotion4j.audio.vad;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.CloseGuard;
import java.util.Map;
import java.util.Objects;

/**
 * Silero VAD v5 (ONNX, bundled as {@code audio-silero-vad-v5}) run through emotion-core's
 * engine runtime: per 512-sample frame it takes the last 64 samples of the previous frame plus
 * the new ones ({@code input} [1, 576]), the recurrent {@code state} [2, 1, 128] and
 * {@code sr} = 16000, and returns the speech probability ({@code output}) and the next state
 * ({@code stateN}). Chosen with the option {@code audio.vad=silero}. Thread-safe (the session
 * is; per-stream state lives in each {@link Session}). {@link #close()} refuses new frames and waits
 * for the frames in flight; the session itself belongs to the runtime that opened it.
 */
public final class SileroVad implements VoiceActivityDetector, AutoCloseable {
    /** Bundled model id. */
    public static final String MODEL_ID = "audio-silero-vad-v5";
    /** New samples per call. */
    public static final int FRAME = 512;
    /** Samples carried over from the previous frame. */
    public static final int CONTEXT = 64;
    private static final int STATE = 2 * 128;

    private final InferenceSession session;
    private final ModelInfo info;
    private final CloseGuard guard = new CloseGuard("Silero VAD");

    /**
     * @param session a session of the Silero v5 model, owned by the runtime that opened it
     * @param bundle  the model bundle, for provenance
     * @throws ModelLoadException when the model gives no finite output for a fixed frame
     */
    public SileroVad(InferenceSession session, ModelBundle bundle) throws ModelLoadException {
        this.session = Objects.requireNonNull(session, "session");
        Objects.requireNonNull(bundle, "bundle");
        this.info = new ModelInfo(bundle.card().id(), bundle.card().version(),
                bundle.sha256(bundle.card().fileOf(io.github.emotion4j.core.model.ModelFormat.ONNX).orElse("model.onnx")),
                session.engine().displayName(), session.device());
        smokeTest();
    }

    /** Runs one fixed frame (a quiet 440 Hz tone); the probability and the next state must be finite. */
    private void smokeTest() throws ModelLoadException {
        float[] frame = new float[FRAME];
        for (int i = 0; i < FRAME; i++) {
            frame[i] = (float) (0.1 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        String problem;
        try {
            Map<String, Tensor> out = run(new float[STATE], new float[CONTEXT], frame);
            Tensor p = out.get("output");
            Tensor st = out.get("stateN");
            problem = p == null || st == null ? "it returned " + out.keySet() + ", not output and stateN"
                    : !finite(p.floats()) || !finite(st.floats()) ? "its outputs are not finite (damaged weights?)" : null;
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new ModelLoadException("Model '" + info.id() + "': " + session.describeFile()
                    + " fails the load-time check on a fixed frame: " + problem, session.modelFile());
        }
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Tensor> run(float[] state, float[] context, float[] frame) {
        float[] in = new float[CONTEXT + FRAME];
        System.arraycopy(context, 0, in, 0, CONTEXT);
        System.arraycopy(frame, 0, in, CONTEXT, Math.min(FRAME, frame.length));
        return session.run(Map.of(
                "input", Tensor.of(in, 1, CONTEXT + FRAME),
                "state", Tensor.of(state.clone(), 2, 1, 128),
                "sr", Tensor.ofLongs(new long[] {16_000})));
    }

    /** Provenance of the model. */
    public ModelInfo info() {
        return info;
    }

    @Override
    public String name() {
        return "silero-v5";
    }

    @Override
    public int frameSize() {
        return FRAME;
    }

    @Override
    public Session newSession() {
        return new Session() {
            private float[] state = new float[STATE];
            private final float[] context = new float[CONTEXT];

            @Override
            public double speechProbability(float[] frame) {
                guard.enter();
                try {
                    return next(frame);
                } finally {
                    guard.exit();
                }
            }

            private double next(float[] frame) {
                Map<String, Tensor> out = run(state, context, frame);
                float[] in = new float[CONTEXT + FRAME];
                System.arraycopy(context, 0, in, 0, CONTEXT);
                System.arraycopy(frame, 0, in, CONTEXT, Math.min(FRAME, frame.length));
                System.arraycopy(in, in.length - CONTEXT, context, 0, CONTEXT);
                state = out.get("stateN").floats().clone();
                double p = out.get("output").floats()[0];
                return Double.isFinite(p) ? p : 0;
            }
        };
    }

    /** Refuses new frames and waits for the frames in flight. Idempotent. */
    @Override
    public void close() {
        guard.closeAndAwait();
    }
}
