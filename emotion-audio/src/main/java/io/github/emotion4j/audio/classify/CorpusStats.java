package io.github.emotion4j.audio.classify;

import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    public CorpusStats(Map<String, Quartiles> stats) {
        this.stats = Collections.unmodifiableMap(new HashMap<>(stats));
    }

    /** Reads a stats file. */
    public static CorpusStats read(Path file) throws ModelLoadException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read corpus statistics " + file + ": " + e.getMessage(), file, e);
        }
        Map<String, Quartiles> m = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            String[] v = p.getProperty(k).split(",");
            try {
                m.put(k, new Quartiles(Double.parseDouble(v[0].strip()), Double.parseDouble(v[1].strip()),
                        Double.parseDouble(v[2].strip())));
            } catch (RuntimeException e) {
                throw new ModelLoadException("bad corpus statistics line '" + k + "' in " + file, file, e);
            }
        }
        return new CorpusStats(m);
    }

    /** The quartiles of a feature, if known. */
    public Optional<Quartiles> get(String feature) {
        return Optional.ofNullable(stats.get(feature));
    }
}
