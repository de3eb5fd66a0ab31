package io.github.emotion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Nothing touches the network at run time: with every modality module and both engines on the
 * classpath, {@code build()} and {@code predict} on the demo video, audio and text attempt no
 * connection, name lookup, listen or accept (DJL's usage tracking would look up EC2 instance
 * metadata; emotion-core's NetworkPolicy switches it and DJL's downloads off).
 *
 * <p>The guard is a security manager that only records socket checks; the JDK calls it for every
 * Java socket, channel, datagram and name lookup. Java 17 allows installing one at run time (with
 * a deprecation warning); on JDKs that refuse it the test is skipped.
 */
class NoNetworkTest {

    @SuppressWarnings("removal")
    private static final class SocketRecorder extends SecurityManager {
        final List<String> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void checkPermission(Permission perm) {
            // everything else is allowed
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
            // everything else is allowed
        }

        @Override
        public void checkConnect(String host, int port) {
            attempts.add("connect " + host + ":" + port + " from " + caller());
        }

        @Override
        public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
        }

        @Override
        public void checkListen(int port) {
            attempts.add("listen " + port + " from " + caller());
        }

        @Override
        public void checkAccept(String host, int port) {
            attempts.add("accept " + host + ":" + port + " from " + caller());
        }

        @Override
        public void checkMulticast(java.net.InetAddress maddr) {
            attempts.add("multicast " + maddr + " from " + caller());
        }

        private static String caller() {
            StackTraceElement[] st = new Throwable().getStackTrace();
            StringBuilder sb = new StringBuilder();
            for (int i = 2; i < Math.min(st.length, 14); i++) {
                sb.append("\n    at ").append(st[i]);
            }
            return sb.toString();
        }
    }

    @Test
    @SuppressWarnings("removal")
    void buildAndPredictOpenNoSocket() throws Exception {
        assumeTrue(io.github.emotion4j.core.testing.Modules.present(Modality.AUDIO)
                && io.github.emotion4j.core.testing.Modules.present(Modality.VISION)
                && io.github.emotion4j.core.testing.Modules.present(Modality.TEXT), "all modality modules needed");
        SocketRecorder guard = new SocketRecorder();
        SecurityManager before = System.getSecurityManager();
        try {
            System.setSecurityManager(guard);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "this JDK refuses a security manager: " + e.getMessage());
        }
        try {
            for (EngineKind engine : EngineKind.values()) {
                try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().engine(engine).build()) {
                    EmotionPrediction video = r.predict(MediaInput.ofFile(TestData.resolve("demo/demo.mp4"))
                            .withTranscript(TestData.resolve("demo/demo.srt")));
                    assertTrue(video.modality(Modality.VISION).orElseThrow().hasEvidence(), engine + ": face found");
                    r.predict(MediaInput.ofFile(TestData.resolve("demo/demo.wav")));
                    r.predict(MediaInput.ofText("What a wonderful day!"));
                }
            }
        } finally {
            System.setSecurityManager(before);
        }
        assertEquals(List.of(), guard.attempts, "network use during build()+predict");
    }
}
