package io.github.emotion4j.core.personal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people whose predictions are adapted, one {@link PersonalBaseline} per person and modality
 * (a person may have one for text, one for faces and one for fused results), persisted as a
 * small JSON file:
 * <pre>{@code
 * {
 *   "format": "emotion4j-person-registry",
 *   "version": 1,
 *   "people": [
 *     {"id": "Ross", "modality": "TEXT", "samples": 5, "strength": 5.0,
 *      "labels": ["ANGER", "DISGUST", "FEAR", "HAPPINESS", "SADNESS", "SURPRISE", "NEUTRAL"],
 *      "logShift": [0.0, -0.1, 0.0, 0.2, 0.0, 0.0, 0.3]}
 *   ]
 * }
 * }</pre>
 * {@code modality} is omitted for a baseline of fused distributions. {@link #read(Path)} refuses
 * anything else with a {@link PersonRegistryFormatException} naming the file, line and field: not
 * JSON, another format, a version it does not know, unknown or missing fields, a label that is
 * not an {@link Emotion}, lengths that differ, shifts out of range, a person listed twice. Files
 * are at most {@value #MAX_FILE_BYTES} bytes.
 *
 * <p>Thread-safe: people can be registered while others are adapted.
 */
public final class PersonRegistry {
    /** The {@code format} field. */
    public static final String FORMAT = "emotion4j-person-registry";
    /** The version written, and the only one read. */
    public static final int VERSION = 1;
    /** Largest registry file read. */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(10_000).build())
            .build();

    private final Map<Key, PersonalBaseline> people = new ConcurrentHashMap<>();

    private record Key(String personId, Optional<Modality> modality) {
    }

    /** An empty registry. */
    public PersonRegistry() {
    }

    /** Adds or replaces the baseline of its person and modality; returns this registry. */
    public PersonRegistry register(PersonalBaseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        people.put(new Key(baseline.personId(), baseline.modality()), baseline);
        return this;
    }

    /** Removes a person's baseline for a modality (empty: fused); whether there was one. */
    public boolean remove(String personId, Optional<Modality> modality) {
        return people.remove(new Key(Objects.requireNonNull(personId, "personId"), Objects.requireNonNull(modality, "modality")))
                != null;
    }

    /** A person's baseline for a modality (empty: the one for fused distributions). */
    public Optional<PersonalBaseline> find(String personId, Optional<Modality> modality) {
        return Optional.ofNullable(people.get(new Key(Objects.requireNonNull(personId, "personId"),
                Objects.requireNonNull(modality, "modality"))));
    }

    /**
     * {@code d} adapted to the person when they have a baseline for that modality, else {@code d}
     * itself.
     *
     * @param modality the modality that produced {@code d}, or empty for a fused distribution
     */
    public EmotionDistribution adapt(String personId, Optional<Modality> modality, EmotionDistribution d) {
        Objects.requireNonNull(d, "d");
        return find(personId, modality).map(b -> b.adapt(d)).orElse(d);
    }

    /** Every baseline, sorted by person and modality. */
    public List<PersonalBaseline> baselines() {
        List<PersonalBaseline> all = new ArrayList<>(people.values());
        all.sort(Comparator.comparing(PersonalBaseline::personId)
                .thenComparing(b -> b.modality().map(Enum::name).orElse("")));
        return List.copyOf(all);
    }

    /** How many baselines it holds. */
    public int size() {
        return people.size();
    }

    /** Writes the registry as JSON (UTF-8); the stream stays open. */
    public void write(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("people");
            for (PersonalBaseline b : baselines()) {
                g.writeStartObject();
                g.writeStringField("id", b.personId());
                if (b.modality().isPresent()) {
                    g.writeStringField("modality", b.modality().get().name());
                }
                g.writeNumberField("samples", b.samples());
                g.writeNumberField("strength", b.strength());
                g.writeArrayFieldStart("labels");
                for (Emotion e : b.labels()) {
                    g.writeString(e.name());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("logShift");
                for (double s : b.logShift()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Writes the registry to a file, through a temporary file moved into place. */
    public void write(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a registry file.
     *
     * @throws PersonRegistryFormatException when the file is not a registry this version reads
     * @throws IOException                   when it cannot be read
     */
    public static PersonRegistry read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new PersonRegistryFormatException(file + ": " + size + " bytes; a person registry has at most "
                    + MAX_FILE_BYTES, file, null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), file);
        }
    }

    /**
     * Reads a registry from a stream (not closed).
     *
     * @param source named in error messages
     * @throws PersonRegistryFormatException when it is not a registry this version reads
     */
    public static PersonRegistry read(InputStream in, String source) throws IOException {
        return read(Objects.requireNonNull(in, "in"), Objects.requireNonNull(source, "source"), null);
    }

    private static PersonRegistry read(InputStream in, String source, Path file) throws IOException {
        PersonRegistry r = new PersonRegistry();
        try (JsonParser p = JSON.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            Reader rd = new Reader(p, source, file);
            rd.expect(p.nextToken(), JsonToken.START_OBJECT, "the registry");
            String format = null;
            Integer version = null;
            boolean sawPeople = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "format" -> format = rd.string(t, "format");
                    case "version" -> {
                        version = rd.integer(t, "version");
                        if (version != VERSION) {
                            throw rd.error("version " + version + " is not supported (this emotion4j reads version " + VERSION + ")");
                        }
                    }
                    case "people" -> {
                        if (format == null || version == null) {
                            throw rd.error("\"format\" and \"version\" must come before \"people\"");
                        }
                        rd.expect(t, JsonToken.START_ARRAY, "people");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            PersonalBaseline b = rd.person();
                            if (r.find(b.personId(), b.modality()).isPresent()) {
                                throw rd.error("person '" + b.personId() + "'" + b.modality().map(m -> " (" + m + ")").orElse("")
                                        + " is listed twice");
                            }
                            r.register(b);
                        }
                        sawPeople = true;
                    }
                    default -> throw rd.error("unknown field \"" + name + "\"");
                }
                if (name.equals("format") && !FORMAT.equals(format)) {
                    throw rd.error("format is \"" + format + "\", not \"" + FORMAT + "\"");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw rd.error("expected a field or the end of the registry");
            }
            if (format == null || version == null || !sawPeople) {
                throw rd.error("a registry needs \"format\", \"version\" and \"people\"");
            }
            if (p.nextToken() != null) {
                throw rd.error("content after the registry");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PersonRegistryFormatException(source + (at != null ? ":" + at.getLineNr() + ":" + at.getColumnNr() : "")
                    + ": not valid JSON: " + e.getOriginalMessage(), file, e);
        }
        return r;
    }

    /** Field-by-field reading with errors that name the source and position. */
    private record Reader(JsonParser p, String source, Path file) {
        PersonRegistryFormatException error(String what) {
            JsonLocation at = p.currentLocation();
            return new PersonRegistryFormatException(source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + what, file, null);
        }

        void expect(JsonToken actual, JsonToken expected, String what) throws PersonRegistryFormatException {
            if (actual != expected) {
                throw error(what + ": expected " + describe(expected) + ", found " + describe(actual));
            }
        }

        String string(JsonToken t, String field) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                throw error("\"" + field + "\" must be a string, found " + describe(t));
            }
            return p.getText();
        }

        int integer(JsonToken t, String field) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                throw error("\"" + field + "\" must be an integer, found " + describe(t));
            }
            return p.getIntValue();
        }

        double number(JsonToken t, String field) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error("\"" + field + "\" must be a number, found " + describe(t));
            }
            return p.getDoubleValue();
        }

        PersonalBaseline person() throws IOException {
            expect(p.currentToken(), JsonToken.START_OBJECT, "a person");
            String id = null;
            Optional<Modality> modality = Optional.empty();
            Integer samples = null;
            Double strength = null;
            List<Emotion> labels = null;
            double[] shift = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = string(t, "id");
                    case "modality" -> {
                        String m = string(t, "modality");
                        try {
                            modality = Optional.of(Modality.valueOf(m.strip().toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            throw error("modality \"" + m + "\" is none of " + java.util.Arrays.toString(Modality.values()));
                        }
                    }
                    case "samples" -> samples = integer(t, "samples");
                    case "strength" -> strength = number(t, "strength");
                    case "labels" -> {
                        expect(t, JsonToken.START_ARRAY, "labels");
                        labels = new ArrayList<>();
                        for (JsonToken v; (v = p.nextToken()) != JsonToken.END_ARRAY; ) {
                            String l = string(v, "labels");
                            try {
                                labels.add(Emotion.valueOf(l.strip().toUpperCase(Locale.ROOT)));
                            } catch (IllegalArgumentException e) {
                                throw error("label \"" + l + "\" is none of " + java.util.Arrays.toString(Emotion.values()));
                            }
                            if (labels.size() > Emotion.values().length) {
                                throw error("more labels than there are emotions");
                            }
                        }
                    }
                    case "logShift" -> {
                        expect(t, JsonToken.START_ARRAY, "logShift");
                        List<Double> v = new ArrayList<>();
                        for (JsonToken x; (x = p.nextToken()) != JsonToken.END_ARRAY; ) {
                            v.add(number(x, "logShift"));
                            if (v.size() > Emotion.values().length) {
                                throw error("more shifts than there are emotions");
                            }
                        }
                        shift = v.stream().mapToDouble(Double::doubleValue).toArray();
                    }
                    default -> throw error("unknown field \"" + name + "\" in a person");
                }
            }
            if (id == null || samples == null || strength == null || labels == null || shift == null) {
                throw error("a person needs \"id\", \"samples\", \"strength\", \"labels\" and \"logShift\""
                        + (id != null ? " (person '" + id + "')" : ""));
            }
            try {
                return new PersonalBaseline(id, modality, labels, shift, samples, strength);
            } catch (IllegalArgumentException e) {
                throw error("person '" + id + "': " + e.getMessage());
            }
        }

        private static String describe(JsonToken t) {
            return t == null ? "the end of the input" : switch (t) {
                case START_OBJECT -> "an object";
                case END_OBJECT -> "the end of an object";
                case START_ARRAY -> "an array";
                case END_ARRAY -> "the end of an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.toString();
            };
        }
    }
}
