package io.github.emotion4j.text.encoder.adapt;

import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Test model folders over an ONNX text encoder: the file, a tokenizer resource, extra files and card lines. */
final class EncoderFolder {
    /** An extra file of the folder: its name, its card format and its bytes. */
    record Extra(String name, String format, byte[] bytes) {
    }

    private EncoderFolder() {
    }

    /**
     * Writes {@code d} with {@code model.onnx}, {@code tokenizer.json} (from a classpath resource), the
     * extras, and a card listing them all with their SHA-256, then {@code cardLines} and mean pooling.
     */
    static ModelBundle write(Path d, String name, byte[] onnx, String tokenizerResource, List<Extra> extras, String cardLines)
            throws IOException, ModelLoadException {
        Files.createDirectories(d);
        Files.write(d.resolve("model.onnx"), onnx);
        try (InputStream in = Objects.requireNonNull(EncoderFolder.class.getResourceAsStream(tokenizerResource), tokenizerResource)) {
            Files.write(d.resolve("tokenizer.json"), in.readAllBytes());
        }
        StringBuilder files = new StringBuilder("model.onnx,tokenizer.json");
        StringBuilder card = new StringBuilder("format.model.onnx=ONNX\nformat.tokenizer.json=RAW\n");
        for (String f : List.of("model.onnx", "tokenizer.json")) {
            card.append("sha256.").append(f).append('=').append(Checksums.sha256(d.resolve(f))).append('\n');
        }
        for (Extra e : extras) {
            Files.write(d.resolve(e.name()), e.bytes());
            files.append(',').append(e.name());
            card.append("format.").append(e.name()).append('=').append(e.format()).append("\nsha256.").append(e.name()).append('=')
                    .append(Checksums.sha256(d.resolve(e.name()))).append('\n');
        }
        String head = "id=" + name + "\nversion=1\ntask=embedding\nmodality=TEXT\nfiles=" + files + "\n";
        Files.writeString(d.resolve("model.properties"), head + card + cardLines
                + "tokenizer.maxLength=256\npooling=mean\nnormalize=true\nengine.intraOpThreads=1\n");
        return ModelLocator.fromDirectory(d);
    }
}
