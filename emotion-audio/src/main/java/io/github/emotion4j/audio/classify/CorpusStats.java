package io.github.emotion4j.audio.classify;

import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Per-feature quartiles of a model's training corpus ({@code corpus-stats.properties}:
 * {@code name=p25,median,p75}), the reference the explanation cues compare against. Immutable.
 */
public final class CorpusStats {
    /** Quartiles of one feature. */
    public record Quartiles(double p25, double median, double p75) {
        /** Interquartile range, at least a tiny positive number. */
        public double iqr() {
            return Math.max(1e-9, p75 - p25);
        }
    }

    private final Map<String, Quartiles> stats;

    /** @param stats per-feature quartiles of the training corpus, by feature name */
    public CorpusStats(Map<String, Quartiles> stats) {
        this.stats = Collections.unmodifiableMap(new HashMap<>(stats));
    }

    /**
     * Reads a stats file.
     *
     * @throws ModelLoadException naming the file and the problem: missing, unreadable, not UTF-8
     *                            text, or a line that is not three ordered numbers
     */
    public static CorpusStats read(Path file) throws ModelLoadException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("cannot read corpus statistics " + file + ": no such file", file, e);
        } catch (CharacterCodingException e) {
            throw new ModelLoadException("corpus statistics " + file + " are not valid UTF-8 text (corrupt or not a"
                    + " properties file)" + badByte(file), file, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot read corpus statistics " + file + ": " + e, file, e);
        }
        Map<String, Quartiles> m = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            String value = p.getProperty(k);
            String[] v = value.split(",");
            String problem = null;
            Quartiles q = null;
            if (v.length != 3) {
                problem = "expected p25,median,p75, found " + v.length + " value(s)";
            } else {
                try {
                    q = new Quartiles(Double.parseDouble(v[0].strip()), Double.parseDouble(v[1].strip()),
                            Double.parseDouble(v[2].strip()));
                    if (!Double.isFinite(q.p25()) || !Double.isFinite(q.median()) || !Double.isFinite(q.p75())) {
                        problem = "the values must be finite numbers";
                    } else if (q.p25() > q.median() || q.median() > q.p75()) {
                        problem = "the quartiles must be in order p25 <= median <= p75";
                    }
                } catch (NumberFormatException e) {
                    problem = "not a number (" + e.getMessage() + ")";
                }
            }
            if (problem != null) {
                throw new ModelLoadException("bad corpus statistics line '" + k + "=" + value + "' in " + file + ": "
                        + problem, file);
            }
            m.put(k, q);
        }
        return new CorpusStats(m);
    }

    /** Where the first byte that is not UTF-8 sits, for the message. */
    private static String badByte(Path file) {
        try {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.remaining() + 1);
            java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(b, out, true);
            return r.isError() ? ": invalid byte 0x" + Integer.toHexString(b.get(b.position()) & 0xFF) + " at offset "
                    + b.position() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The quartiles of a feature, if known. */
    public Optional<Quartiles> get(String feature) {
        return Optional.ofNullable(stats.get(feature));
    }
}
