package io.github.emotion4j.server;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recognizers a server analyses with. {@code modalities} and {@code fusion} per request are cheap:
 * a <em>view</em> of a recognizer that shares its analysers (no model is loaded again) with another
 * fusion or fewer modalities; views are kept (at most {@value #MAX_VIEWS} per recognizer, least recently
 * used dropped; they own nothing). Module options per request (only the keys the server allows) need a
 * recognizer of their own, built by a {@link RecognizerFactory}; at most {@code maxOptionSets} are kept,
 * the least recently used closed once no request uses it. Thread-safe.
 */
final class Recognizers implements AutoCloseable {
    static final int MAX_VIEWS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Recognizers.class);

    private final Entry base;
    private final RecognizerFactory factory;
    private final Set<String> allowedOptions;
    private final int maxOptionSets;
    private final ExecutorService viewExecutor;
    private final LinkedHashMap<Map<String, String>, Entry> optionSets = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    Recognizers(EmotionRecognizer base, RecognizerFactory factory, Set<String> allowedOptions, int maxOptionSets,
                ExecutorService viewExecutor) {
        this.base = new Entry(base, false);
        this.factory = factory;
        this.allowedOptions = Set.copyOf(allowedOptions);
        this.maxOptionSets = maxOptionSets;
        this.viewExecutor = viewExecutor;
    }

    EmotionRecognizer base() {
        return base.recognizer;
    }

    /** The module option keys a request may set; empty when the server takes none. */
    Set<String> allowedOptions() {
        return factory == null ? Set.of() : allowedOptions;
    }

    /** A recognizer for one request, released with {@link Lease#close()}. */
    Lease acquire(RequestOptions options) throws ModelLoadException, ApiException {
        Entry entry;
        if (options.moduleOptions().isEmpty()) {
            entry = base;
        } else {
            entry = optionSet(options.moduleOptions());
        }
        try {
            return new Lease(entry, entry.view(options.modalities(), options.fusion()));
        } catch (ApiException | RuntimeException e) {
            release(entry);
            throw e;
        }
    }

    /** Checks what a request asks for without building anything that loads models. */
    void check(RequestOptions options) throws ApiException {
        if (options.moduleOptions().isEmpty()) {
            base.view(options.modalities(), options.fusion());
            return;
        }
        if (factory == null) {
            throw ApiException.badRequest("this server takes no module options per request (got "
                    + String.join(", ", options.moduleOptions().keySet()) + "); it allows only modalities and fusion");
        }
        for (String key : options.moduleOptions().keySet()) {
            if (!allowedOptions.contains(key)) {
                throw ApiException.badRequest("option '" + key + "' cannot be set per request; this server allows: "
                        + String.join(", ", new java.util.TreeSet<>(allowedOptions)) + ", modalities, fusion");
            }
        }
        Set<Modality> readable = base.recognizer.modalities();
        if (options.modalities().isPresent() && !readable.containsAll(options.modalities().get())) {
            throw ApiException.badRequest("this server reads " + words(readable) + "; asked for "
                    + words(options.modalities().get()));
        }
    }

    private Entry optionSet(Map<String, String> options) throws ModelLoadException, ApiException {
        check(new RequestOptions(Optional.empty(), Optional.empty(), options));
        Map<String, String> key = Collections.unmodifiableMap(new TreeMap<>(options));
        synchronized (this) {
            if (closed) {
                throw new ApiException(503, "shutting_down", "the server is shutting down");
            }
            Entry e = optionSets.get(key);
            if (e == null) {
                // built under the lock: a new option set is rare, and two requests must not build the same one twice
                LOG.info("building a recognizer for request options {}", key);
                e = new Entry(factory.build(key), true);
                optionSets.put(key, e);
                Iterator<Map.Entry<Map<String, String>, Entry>> it = optionSets.entrySet().iterator();
                while (optionSets.size() > maxOptionSets && it.hasNext()) {
                    Entry old = it.next().getValue();
                    it.remove();
                    old.evicted = true;
                    if (old.users == 0) {
                        old.recognizer.close();
                    }
                }
            }
            e.users++;
            return e;
        }
    }

    private synchronized void release(Entry e) {
        if (!e.owned) {
            return;
        }
        e.users--;
        if (e.users == 0 && e.evicted) {
            e.recognizer.close();
        }
    }

    /** Closes the recognizers built for option sets (not the base recognizer, which the caller owns). */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry e : optionSets.values()) {
            e.evicted = true;
            if (e.users == 0) {
                e.recognizer.close();
            }
        }
        optionSets.clear();
    }

    static String words(Set<Modality> modalities) {
        List<String> out = new ArrayList<>();
        modalities.forEach(m -> out.add(m.word()));
        return String.join(",", out);
    }

    /** A recognizer lent to one request. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private final EmotionRecognizer recognizer;
        private boolean released;

        private Lease(Entry entry, EmotionRecognizer recognizer) {
            this.entry = entry;
            this.recognizer = recognizer;
        }

        EmotionRecognizer recognizer() {
            return recognizer;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }

    /** One recognizer with full models, and its views. */
    private final class Entry {
        final EmotionRecognizer recognizer;
        final boolean owned;
        int users;
        boolean evicted;
        private final Map<String, EmotionRecognizer> views = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EmotionRecognizer> eldest) {
                return size() > MAX_VIEWS; // a view owns nothing: dropping it is enough
            }
        };

        Entry(EmotionRecognizer recognizer, boolean owned) {
            this.recognizer = recognizer;
            this.owned = owned;
        }

        EmotionRecognizer view(Optional<Set<Modality>> modalities, Optional<String> fusionName) throws ApiException {
            Set<Modality> readable = recognizer.modalities();
            Set<Modality> wanted = modalities.orElse(readable);
            if (!readable.containsAll(wanted)) {
                Set<Modality> missing = EnumSet.copyOf(wanted);
                missing.removeAll(readable);
                throw ApiException.badRequest("this server reads " + words(readable) + "; it cannot read " + words(missing));
            }
            if (wanted.equals(readable) && fusionName.isEmpty()) {
                return recognizer;
            }
            String key = words(wanted) + "|" + fusionName.orElse("");
            synchronized (this) {
                EmotionRecognizer v = views.get(key);
                if (v == null) {
                    v = newView(wanted, fusionName);
                    views.put(key, v);
                }
                return v;
            }
        }

        private EmotionRecognizer newView(Set<Modality> modalities, Optional<String> fusionName) throws ApiException {
            FusionStrategy fusion;
            try {
                fusion = fusionName.isPresent() ? Fusions.named(fusionName.get()) : recognizer.fusion();
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            } catch (RuntimeException e) {
                throw new ApiException(500, "model_error", "fusion '" + fusionName.orElse("") + "' cannot be loaded: "
                        + e.getMessage());
            }
            EmotionRecognizer.Builder b = EmotionRecognizer.builder().fusion(fusion).executor(viewExecutor);
            for (Modality m : modalities) {
                b.provider(new Shared(recognizer.analyzer(m).orElseThrow()));
            }
            try {
                return b.build();
            } catch (ModelLoadException e) {
                throw new IllegalStateException("a view loads no model", e);
            }
        }
    }

    /** Lends an analyser of another recognizer to a view; closing the view leaves it open. */
    private record Shared(ModalityAnalyzer delegate) implements ModalityAnalyzerProvider {
        @Override
        public String name() {
            return "shared-" + delegate.modality().word();
        }

        @Override
        public Modality modality() {
            return delegate.modality();
        }

        @Override
        public ModalityAnalyzer create(AnalyzerContext context) {
            return new ModalityAnalyzer() {
                @Override
                public Modality modality() {
                    return delegate.modality();
                }

                @Override
                public boolean accepts(io.github.emotion4j.core.MediaInput input) {
                    return delegate.accepts(input);
                }

                @Override
                public io.github.emotion4j.core.ModalityResult analyze(io.github.emotion4j.core.MediaInput input)
                        throws java.io.IOException {
                    return delegate.analyze(input);
                }

                @Override
                public List<io.github.emotion4j.core.ModelInfo> models() {
                    return delegate.models();
                }

                @Override
                public void close() {
                    // the owning recognizer closes it
                }
            };
        }
    }
}
