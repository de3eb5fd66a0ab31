package io.github.emotion4j.cli;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that build a recognizer: device, engine, model folders, module options. */
final class RecognizerOptions {
    @Option(names = "--device", paramLabel = "auto|cpu|gpu[:N]", defaultValue = "auto",
            description = "Where models run (default: ${DEFAULT-VALUE}; auto = a GPU when an engine reports one).")
    String device;

    @Option(names = "--engine", paramLabel = "onnxruntime|pytorch",
            description = "Preferred engine for models that ship in both formats.")
    String engine;

    @Option(names = "--model", paramLabel = "[MODALITY=]DIR",
            description = "A model folder (with model.properties) replacing a modality's bundled model, e.g. one written "
                    + "by train-head; the modality is read from its card unless given. Repeatable.")
    List<String> models = new ArrayList<>();

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
            description = "A module option, e.g. vision.fps=4 or audio.vad=energy (an unknown key or bad value fails, listing the valid keys). Repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    /** Applies these options to a builder (which already has its modalities). */
    EmotionRecognizer.Builder apply(EmotionRecognizer.Builder b) throws ModelLoadException {
        b.device(Device.parse(device));
        if (engine != null) {
            b.engine(EngineKind.parse(engine));
        }
        for (String m : models) {
            Map.Entry<Modality, Path> e = modelFolder(m);
            b.model(e.getKey(), e.getValue());
        }
        options.forEach(b::option);
        return b;
    }

    /** The modalities named by {@code --model} options. */
    List<Modality> modelModalities() throws ModelLoadException {
        List<Modality> out = new ArrayList<>();
        for (String m : models) {
            out.add(modelFolder(m).getKey());
        }
        return out;
    }

    /** Parses {@code [modality=]dir}; without a modality it is read from the folder's card. */
    static Map.Entry<Modality, Path> modelFolder(String spec) throws ModelLoadException {
        int eq = spec.indexOf('=');
        if (eq > 0) {
            return Map.entry(Modality.parse(spec.substring(0, eq)), Path.of(spec.substring(eq + 1)));
        }
        Path dir = Path.of(spec);
        return Map.entry(readCard(dir).modality(), dir);
    }

    /** Reads {@code dir/model.properties}. */
    static ModelCard readCard(Path dir) throws ModelLoadException {
        Path card = dir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(card)) {
            throw new ModelLoadException("No model card at " + card
                    + ": --model needs a folder holding model.properties (for instance one written by train-head)", card);
        }
        try (InputStream in = Files.newInputStream(card)) {
            return ModelCard.read(in, card.toString());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + card + ": " + e.getMessage(), card, e);
        }
    }
}
