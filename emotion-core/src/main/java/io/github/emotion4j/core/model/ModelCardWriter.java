package io.github.emotion4j.core.model;

import io.github.emotion4j.core.Modality;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the card of a model folder: {@code model.properties} (the keys of {@link ModelCard}, see
 * {@code models/README.md}) and, optionally, {@code MODEL_CARD.md}. The files of the model are
 * written first by the caller; the writer computes their SHA-256 from the files on disk, so a card
 * never carries a stale checksum. Keys come in a stable order: {@code id}, {@code version},
 * {@code task}, {@code modality} (or {@code modalities}), {@code files}, then {@code format.<file>} and
 * {@code sha256.<file>} per file, then every other key in the order it was {@link Builder#put put}.
 * Values are escaped as {@link java.util.Properties} reads them. What it writes loads with
 * {@link ModelLocator#fromDirectory(Path)}.
 *
 * <pre>{@code
 * // dir/head.bin written already
 * ModelCardWriter.builder()
 *         .setId("my-text-head")
 *         .setModality(Modality.TEXT)
 *         .addFile("head.bin", ModelFormat.RAW)
 *         .put("labels", "anger,happiness,sadness")
 *         .put("activation", "softmax")
 *         .optModelCardText(sha -> "# my-text-head\n\nhead.bin SHA-256: " + sha.get("head.bin") + "\n")
 *         .build()
 *         .write(dir);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #write(Path)} may be called for several folders.
 */
public final class ModelCardWriter {
    /** The optional human-readable card's file name. */
    public static final String MARKDOWN_FILE_NAME = "MODEL_CARD.md";

    private static final Set<String> RESERVED = Set.of("id", "version", "task", "modality", "modalities", "files");

    private final String id;
    private final String version;
    private final String task;
    private final Modality modality;
    private final List<Modality> modalities;
    private final String header;
    private final Map<String, ModelFormat> files;
    private final Map<String, String> keys;
    private final Function<Map<String, String>, String> markdown;

    private ModelCardWriter(Builder b) {
        this.id = b.id;
        this.version = b.version;
        this.task = b.task;
        this.modality = b.modality;
        this.modalities = List.copyOf(b.modalities);
        this.header = b.header;
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(b.files));
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.markdown = b.markdown;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code dir/model.properties} (and {@code dir/MODEL_CARD.md} when a text was given),
     * replacing files of those names.
     *
     * @param dir the model folder, already holding every file added with {@link Builder#addFile}
     * @return file name to SHA-256 (lower-case hex), in card order
     * @throws IOException when a listed file is missing or a file cannot be written
     */
    public Map<String, String> write(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Map<String, String> sha = new LinkedHashMap<>();
        for (String f : files.keySet()) {
            Path file = dir.resolve(f);
            if (!Files.isRegularFile(file)) {
                throw new IOException("model '" + id + "': file " + file + " is listed in the card but was not written");
            }
            sha.put(f, Checksums.sha256(file));
        }
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), properties(sha), StandardCharsets.UTF_8);
        if (markdown != null) {
            Files.writeString(dir.resolve(MARKDOWN_FILE_NAME), markdown.apply(Collections.unmodifiableMap(sha)),
                    StandardCharsets.UTF_8);
        }
        return Collections.unmodifiableMap(sha);
    }

    /** The {@code model.properties} text for the given checksums (file name to SHA-256). */
    String properties(Map<String, String> sha) {
        StringBuilder sb = new StringBuilder();
        if (header != null) {
            header.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
        }
        line(sb, "id", id);
        line(sb, "version", version);
        line(sb, "task", task);
        if (modality != null) {
            line(sb, "modality", modality.name());
        } else {
            line(sb, "modalities", String.join(",", modalities.stream().map(Modality::name).toList()));
        }
        line(sb, "files", String.join(",", files.keySet()));
        for (Map.Entry<String, ModelFormat> f : files.entrySet()) {
            line(sb, "format." + f.getKey(), f.getValue().name());
            line(sb, "sha256." + f.getKey(), sha.get(f.getKey()));
        }
        keys.forEach((k, v) -> line(sb, k, v));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(escape(key, true)).append('=').append(escape(value, false)).append('\n');
    }

    /** Escapes a key or value the way {@link java.util.Properties#load(java.io.Reader)} reads it back. */
    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                // in a value only the line structure matters; a key also ends at '=', ':' or a space
                case '=', ':', '#', '!' -> b.append(key ? "\\" : "").append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * Configures a {@link ModelCardWriter}: {@code set*} for what is required (id, modality, at
     * least one file), {@code opt*} for the rest; {@link #build()} checks the combination.
     * Not thread-safe.
     */
    public static final class Builder {
        private String id;
        private String version = "1";
        private String task = "classification";
        private Modality modality;
        private final List<Modality> modalities = new ArrayList<>();
        private String header;
        private final Map<String, ModelFormat> files = new LinkedHashMap<>();
        private final Map<String, String> keys = new LinkedHashMap<>();
        private Function<Map<String, String>, String> markdown;

        private Builder() {
        }

        /** The model id (required). */
        public Builder setId(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** The modality the model reads (required). */
        public Builder setModality(Modality modality) {
            this.modality = Objects.requireNonNull(modality, "modality");
            return this;
        }

        /**
         * The modalities a model over several of them reads (a fusion model), instead of
         * {@link #setModality}; written as {@code modalities=AUDIO,VISION,TEXT}.
         */
        public Builder setModalities(java.util.Collection<Modality> modalities) {
            if (modalities.isEmpty()) {
                throw new IllegalArgumentException("name at least one modality");
            }
            this.modalities.clear();
            this.modalities.addAll(modalities);
            return this;
        }

        /** The model version; {@code 1} unless set. */
        public Builder optVersion(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** classification (the default), regression, embedding or detection. */
        public Builder optTask(String task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /** A comment written above the keys (each line prefixed with {@code # }), e.g. who wrote the card. */
        public Builder optHeader(String header) {
            this.header = Objects.requireNonNull(header, "header");
            return this;
        }

        /** A file of the folder, in card order; its SHA-256 is computed when the card is written. */
        public Builder addFile(String name, ModelFormat format) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(format, "format");
            if (name.isBlank() || name.contains(",") || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("file name must be a plain name without ',' or '/': '" + name + "'");
            }
            if (files.putIfAbsent(name, format) != null) {
                throw new IllegalArgumentException("file '" + name + "' added twice");
            }
            return this;
        }

        /**
         * Any other card key ({@code labels}, {@code head.layers}, {@code metric.*}, ...), kept in
         * the order put; putting a key again replaces its value in place.
         *
         * @throws IllegalArgumentException for the keys the writer owns ({@code id}, {@code version},
         *                                  {@code task}, {@code modality}, {@code files},
         *                                  {@code format.*}, {@code sha256.*})
         */
        public Builder put(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(key) || key.startsWith("format.") || key.startsWith("sha256.")) {
                throw new IllegalArgumentException("key '" + key + "' is written by ModelCardWriter itself; use the "
                        + "builder's set/opt/addFile methods");
            }
            if (key.isBlank()) {
                throw new IllegalArgumentException("empty key");
            }
            keys.put(key, value);
            return this;
        }

        /** {@link #put} for every entry, in the map's iteration order. */
        public Builder putAll(Map<String, String> entries) {
            entries.forEach(this::put);
            return this;
        }

        /** The value put for a key so far, if any. */
        public Optional<String> get(String key) {
            return Optional.ofNullable(keys.get(key));
        }

        /**
         * The text of {@code MODEL_CARD.md}, made from the file checksums (file name to SHA-256)
         * when the card is written; without it no markdown file is written.
         */
        public Builder optModelCardText(Function<Map<String, String>, String> text) {
            this.markdown = Objects.requireNonNull(text, "text");
            return this;
        }

        /** A fixed {@code MODEL_CARD.md} text. */
        public Builder optModelCardText(String text) {
            Objects.requireNonNull(text, "text");
            return optModelCardText(sha -> text);
        }

        /**
         * @throws IllegalStateException when the id, the modality or every file is missing
         */
        public ModelCardWriter build() {
            if (id == null || id.isBlank()) {
                throw new IllegalStateException("a model card needs an id (setId)");
            }
            if ((modality == null) == modalities.isEmpty()) {
                throw new IllegalStateException("model card '" + id + "' needs one modality (setModality) or, for a "
                        + "model over several, setModalities, not both");
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("model card '" + id + "' lists no file (addFile)");
            }
            return new ModelCardWriter(this);
        }
    }

    /** The files in card order, name to format. */
    public Map<String, ModelFormat> files() {
        return files;
    }

    /** The other keys, in card order. */
    public List<String> keys() {
        return List.copyOf(keys.keySet());
    }
}
