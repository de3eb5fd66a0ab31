package io.github.emotion4j.core.testing;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import java.util.ServiceLoader;

/** Whether a modality module is on the test classpath (the examples' pom adds each as it lands). */
public final class Modules {
    private Modules() {
    }

    public static boolean present(Modality m) {
        for (ModalityAnalyzerProvider p : ServiceLoader.load(ModalityAnalyzerProvider.class)) {
            if (p.modality() == m) {
                return true;
            }
        }
        return false;
    }
}
