package io.github.emotion4j.spark;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How each partition builds its recognizer: serialisable, so it travels with the task to the executors.
 *
 * @param modalities the modalities to run (empty: every modality module on the classpath)
 * @param options    module options ({@code vision.fps=4}, ...), checked by {@link EmotionRecognizer.Builder#build()}
 * @param device     {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}; {@code null}: the recognizer's
 *                   default ({@code -Demotion4j.device}, {@code EMOTION4J_DEVICE}, else auto)
 * @param fusion     a fusion name for {@link Fusions#named(String)}; {@code null}: the default (probability-guided)
 */
public record RecognizerSettings(List<Modality> modalities, Map<String, String> options, String device,
                                 String fusion) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the arguments; checks the device and fusion names now, on the driver, rather than in every task. */
    public RecognizerSettings {
        modalities = List.copyOf(Objects.requireNonNull(modalities, "modalities"));
        options = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
        if (device != null) {
            Device.parse(device);
        }
        if (fusion != null) {
            Fusions.named(fusion);
        }
    }

    /** Every modality module on the classpath, default options, device and fusion. */
    public static RecognizerSettings defaults() {
        return new RecognizerSettings(List.of(), Map.of(), null, null);
    }

    /** Builds a recognizer with these settings and the bundled models; the caller closes it. */
    public EmotionRecognizer build() throws ModelLoadException {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels();
        if (!modalities.isEmpty()) {
            b.modalities(modalities.toArray(Modality[]::new));
        }
        options.forEach(b::option);
        if (device != null) {
            b.device(Device.parse(device));
        }
        if (fusion != null) {
            b.fusion(Fusions.named(fusion));
        }
        return b.build();
    }
}
