import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Writes the graph ONNX Runtime runs after its basic optimisations (constant folding) for a model,
 * to check that the compact descriptor's decoding subgraphs are folded into float32 weights when
 * the session is created (see the card). Run with the ORT jar on the class path:
 *
 * <pre>java -cp onnxruntime-1.23.2.jar OrtFoldCheck.java model.onnx /tmp/optimised.onnx</pre>
 *
 * then list the optimised graph's operators, e.g. with Debian's python3-onnx.
 */
public final class OrtFoldCheck {
    private OrtFoldCheck() {
    }

    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            o.setOptimizedModelFilePath(args[1]);
            try (OrtSession s = env.createSession(args[0], o)) {
                System.out.println("inputs " + s.getInputNames() + ", outputs " + s.getOutputNames() + "; wrote " + args[1]);
            }
        }
    }
}
