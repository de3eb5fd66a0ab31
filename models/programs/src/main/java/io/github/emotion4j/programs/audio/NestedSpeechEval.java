package io.github.emotion4j.programs.audio;

import io.github.emotion4j.audio.classify.UtteranceFeatures;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.training.head.HeadTrainer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Nested speaker-independent evaluation of the prosody speech model on Berlin EmoDB. The outer
 * loop leaves one speaker out and gives the figures; every choice (head size, regularisation,
 * epochs, augmentation on or off, temperature) is made by leave-one-speaker-out over the 7
 * remaining speakers only, pooled over those inner folds (selection by inner macro-F1,
 * temperature by inner negative log-likelihood). Classes are balanced by oversampling. Four
 * normalisations are compared on the same outer folds:
 * <ul>
 *   <li>{@code corpus} — per file, no speaker information (the head standardises by its training set);</li>
 *   <li>{@code speaker} — each speaker's features standardised by the mean and standard deviation
 *       of all of that speaker's files, unlabelled (what per-recording normalisation of a long
 *       recording does);</li>
 *   <li>{@code enroll1}, {@code enroll5} — each speaker's features shifted by the mean of 1 or 5
 *       of their neutral clips (enrollment); the test speaker's enrollment clips are removed from
 *       the test set, and {@code corpus} is reported on the same reduced set for the gain.</li>
 * </ul>
 * A robustness test set is built from the outer test speaker only (noise at 0/10/20 dB SNR, with
 * babble summed from utterances of the fold's training speakers; reverberation; speed; pitch;
 * gain; telephone band; MP3/Opus round trips) and scored with the outer model.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp ... io.github.emotion4j.programs.audio.NestedSpeechEval \
 *     --data ../shared/data/speech/emodb-4class [--modes corpus,speaker,enroll1,enroll5] [--augment 2] \
 *     [--cache /tmp/e4j-cache/speech] [--seed 42] [--out folder --id audio-emodb-4class]
 * </pre>
 * Prints per-class recall and the confusion matrix of every mode, and the outer accuracy and
 * macro-F1. Seeded and deterministic.
 *
 * <p>Options of the corpus mode (defaults: the behaviour before them):
 * <ul>
 *   <li>{@code --augment-choice select|always|never} — whether the inner folds choose with or without
 *       the augmented copies, or only one of the two is tried;</li>
 *   <li>{@code --channel-experts telephone,noisy} and {@code --babble-copies k} — the clean head plus
 *       experts for telephone-band and noisy speech, mixed by a gate's softmax (see
 *       {@link Router}); the noisy expert also trains on k babble-only copies per file;</li>
 *   <li>{@code --bias balanced} — per-class logit offsets chosen on the pooled inner-fold logits;
 *       {@code --select robust} — the inner folds maximise the mean macro-F1 over clean, telephone
 *       and augmented copies; {@code --mask-taus inf,2,1} — also try without the features the
 *       telephone band shifts most; {@code --telephone-copies} — train on telephone copies too;
 *       {@code --members k}, {@code --grid fast|wide} — ensembles, grid;</li>
 *   <li>{@code --candidates base,ens3,rareaug,base+prior,...} — a pool of candidates (see {@link Candidate});
 *       for every outer speaker the inner folds pick one by pooled macro-F1 (a {@code +prior}
 *       candidate scored with its offsets cross-fitted), so the outer figures are nested figures of
 *       the whole procedure, pool included; {@code --inner-only} (with {@code --outer 03,...}) runs
 *       and prints only the inner selection, for smoke tests that see no outer figure;</li>
 *   <li>{@code --card-notes FILE} — markdown added to the shipped model card.</li>
 * </ul>
 * Each one's outer figures on the 7 classes are in that model card's "Variants examined".
 */
public final class NestedSpeechEval {
    /** One training configuration of the grid. */
    record Choice(HeadTrainer.Config cfg, boolean augment, double maskTau, boolean rareAug) {
        Choice(HeadTrainer.Config cfg, boolean augment, double maskTau) {
            this(cfg, augment, maskTau, false);
        }

        Choice(HeadTrainer.Config cfg, boolean augment) {
            this(cfg, augment, Double.POSITIVE_INFINITY);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "hidden=%d dropout=%.2f decay=%.0e epochs=%d augment=%s", cfg.hidden(),
                    cfg.dropout(), cfg.weightDecay(), cfg.epochs(), augment)
                    + (cfg.members() > 1 ? " members=" + cfg.members() : "")
                    + (Double.isFinite(maskTau) ? String.format(Locale.ROOT, " drop-telephone-shift>%.1f", maskTau) : "")
                    + (rareAug ? " rareaug" : "");
        }
    }

    /**
     * One candidate of the pool the inner folds choose among ({@code --candidates}): {@code base}
     * (the grid as it is), {@code ensK} (every head an ensemble of K seeds, logits averaged),
     * {@code rareaug} (smaller classes filled up with their files' augmented copies before exact
     * repeats), each optionally {@code +prior} (per-class logit offsets fitted on the inner pooled
     * logits; scored cross-fitted).
     */
    record Candidate(String name, int members, boolean rareAug, boolean prior) {
        static Candidate parse(String s) {
            String t = s.strip();
            boolean prior = t.endsWith("+prior");
            String base = prior ? t.substring(0, t.length() - "+prior".length()) : t;
            if (base.equals("base")) {
                return new Candidate(t, 1, false, prior);
            }
            if (base.equals("rareaug")) {
                return new Candidate(t, 1, true, prior);
            }
            if (base.matches("ens[1-9][0-9]*")) {
                return new Candidate(t, Integer.parseInt(base.substring(3)), false, prior);
            }
            throw new IllegalArgumentException("unknown candidate " + s + " (base, ensK, rareaug, each optionally +prior)");
        }

        /** The training part of the candidate (what the heads are), without the prior correction. */
        String trainingKey() {
            return members + "/" + rareAug;
        }

        /** The grid as this candidate trains it. */
        List<Choice> apply(List<Choice> grid) {
            return withMembers(grid, members).stream()
                    .map(c -> new Choice(c.cfg(), c.augment(), c.maskTau(), rareAug)).toList();
        }
    }

    /** Robustness conditions of the test set, in report order. */
    static final List<String> CONDITIONS = List.of("clean", "babble-20dB", "babble-10dB", "babble-0dB", "white-10dB",
            "pink-10dB", "brown-10dB", "reverb-0.4s", "reverb-0.8s", "speed-0.9", "speed-1.1", "pitch-2st", "pitch+2st",
            "gain-12dB", "gain+6dB", "telephone-8k", "mp3-32k", "opus-16k");

    private final List<EmoDbCorpus.Item> items;
    private final List<String> classes;
    private final int[] y;
    private final String[] spk;
    private final float[][] x;
    private final List<float[]> audio;
    private final List<String> speakers;
    private final int seed;
    private final int augment;
    private final Path cache;
    private final String dataName;
    private final StringBuilder log = new StringBuilder();
    /** {@code select} (the inner folds choose with or without augmented copies), {@code always} or {@code never}. */
    private String augmentChoice = "select";
    /** Per-class logit offsets chosen in the inner folds ({@code balanced}) or none ({@code none}). */
    private String biasMode = "none";
    /**
     * What the inner folds maximise: {@code clean} (pooled macro-F1 of the clean files) or
     * {@code robust} (the mean of the pooled macro-F1 on the clean files, on their telephone-band
     * copies and on their augmented copies).
     */
    private String selectObjective = "clean";
    private float[][] telephoneRows;
    /** Whether every training file's telephone-band copy is added to the corpus mode's training set. */
    private boolean telephoneCopies;
    /** Channel experts of the corpus mode ({@code telephone}, {@code noisy}) behind a gate; empty: none. */
    private List<String> channelExperts = List.of();
    /** Markdown added to the model card ({@code --card-notes FILE}); empty: none. */
    private String cardNotes = "";
    /** Babble copies per training file for the noisy expert (and its gate class); 0: none. */
    private int babbleCopies;
    /** The candidate pool of the corpus mode, chosen among in the inner folds by pooled macro-F1; empty: none. */
    private List<Candidate> candidates = List.of();
    /** Only the inner-fold selection is run and printed (smoke tests that see no outer figure). */
    private boolean innerOnly;
    /** The outer speakers to run (default all). */
    private List<String> outerSpeakers;

    private NestedSpeechEval(List<EmoDbCorpus.Item> items, List<float[]> audio, float[][] x, int seed, int augment,
                             Path cache, String dataName) {
        this.items = items;
        this.classes = EmoDbCorpus.classes(items);
        this.audio = audio;
        this.x = x;
        this.seed = seed;
        this.augment = augment;
        this.cache = cache;
        this.dataName = dataName;
        y = new int[items.size()];
        spk = new String[items.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(items.get(i).label());
            spk[i] = items.get(i).speaker();
        }
        speakers = List.copyOf(new TreeSet<>(Arrays.asList(spk)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = EmoDbTrainer.parse(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data/speech/emodb-4class"));
        int seed = Integer.parseInt(a.getOrDefault("seed", "42"));
        int augment = Integer.parseInt(a.getOrDefault("augment", "2"));
        Path cache = Path.of(a.getOrDefault("cache", "/tmp/e4j-cache/speech"));
        Files.createDirectories(cache);
        List<EmoDbCorpus.Item> items = EmoDbCorpus.list(data);
        ProsodyExtractor ex = new ProsodyExtractor();
        List<float[]> audio = new ArrayList<>();
        for (EmoDbCorpus.Item it : items) {
            audio.add(AudioDecoder.decode(it.file(), 60).samples());
        }
        String name = data.getFileName().toString();
        float[][] x = cached(cache.resolve(name + "-clean.feat"), items.size(), i -> features(ex, audio.get(i)));
        NestedSpeechEval ev = new NestedSpeechEval(items, audio, x, seed, augment, cache, name);
        ev.augmentChoice = a.getOrDefault("augment-choice", "select");
        if (!List.of("select", "always", "never").contains(ev.augmentChoice)) {
            throw new IllegalArgumentException("--augment-choice must be select, always or never: " + ev.augmentChoice);
        }
        ev.biasMode = a.getOrDefault("bias", "none");
        if (!List.of("none", "balanced").contains(ev.biasMode)) {
            throw new IllegalArgumentException("--bias must be none or balanced: " + ev.biasMode);
        }
        ev.say(String.format(Locale.ROOT, "%s: %d files, %d speakers, classes %s, seed %d, augment %d copies",
                data, items.size(), ev.speakers.size(), ev.classes, seed, augment));
        List<String> modes = List.of(a.getOrDefault("modes", "corpus,speaker,enroll1,enroll5").split(","));
        List<Choice> grid = withMembers(grid(a.getOrDefault("grid", "fast"), augment > 0),
                Integer.parseInt(a.getOrDefault("members", "1")));
        if (a.containsKey("mask-taus")) {
            grid = withMasks(grid, Arrays.stream(a.get("mask-taus").split(","))
                    .map(v -> v.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v)).toList());
        }
        ev.telephoneCopies = a.containsKey("telephone-copies");
        ev.babbleCopies = Integer.parseInt(a.getOrDefault("babble-copies", "0"));
        if (a.containsKey("card-notes")) {
            ev.cardNotes = Files.readString(Path.of(a.get("card-notes")), StandardCharsets.UTF_8);
        }
        if (a.containsKey("channel-experts")) {
            ev.channelExperts = List.of(a.get("channel-experts").split(","));
            if (!List.of("telephone", "noisy").containsAll(ev.channelExperts)) {
                throw new IllegalArgumentException("--channel-experts takes telephone and/or noisy: " + ev.channelExperts);
            }
            if (ev.channelExperts.contains("noisy") && augment == 0) {
                throw new IllegalArgumentException("--channel-experts noisy needs --augment > 0");
            }
        }
        if (a.containsKey("candidates")) {
            ev.candidates = Arrays.stream(a.get("candidates").split(",")).map(Candidate::parse).toList();
            if (ev.biasMode.equals("balanced")) {
                throw new IllegalArgumentException("--candidates takes the prior correction as +prior candidates, not --bias");
            }
        }
        ev.innerOnly = a.containsKey("inner-only");
        ev.outerSpeakers = a.containsKey("outer") ? List.of(a.get("outer").split(",")) : ev.speakers;
        if (!ev.speakers.containsAll(ev.outerSpeakers)) {
            throw new IllegalArgumentException("--outer names unknown speakers: " + ev.outerSpeakers);
        }
        ev.selectObjective = a.getOrDefault("select", "clean");
        if (!List.of("clean", "robust").contains(ev.selectObjective)) {
            throw new IllegalArgumentException("--select must be clean or robust: " + ev.selectObjective);
        }
        ev.say("grid: " + grid + "; corpus mode: augment-choice " + ev.augmentChoice + ", bias " + ev.biasMode
                + ", selection " + ev.selectObjective + (ev.telephoneCopies ? ", telephone copies of the training files" : "")
                + (ev.channelExperts.isEmpty() ? "" : ", channel experts " + ev.channelExperts)
                + (ev.babbleCopies > 0 ? ", " + ev.babbleCopies + " babble copies per training file for the noisy expert" : "")
                + (ev.candidates.isEmpty() ? "" : ", candidates " + ev.candidates.stream().map(Candidate::name).toList()
                + " chosen by inner pooled macro-F1"));
        for (String mode : modes) {
            if (mode.equals("none")) {
                continue;
            }
            ev.nested(mode, grid, !a.containsKey("no-robustness"));
        }
        if (a.containsKey("out")) {
            ev.ship(Path.of(a.get("out")), a.getOrDefault("id", Path.of(a.get("out")).getFileName().toString()), grid, args,
                    a.containsKey("nested-log") ? Path.of(a.get("nested-log")) : null, !a.containsKey("no-enrolled-head"));
        }
    }

    /**
     * The configurations a mode chooses among: the corpus mode those of {@code --augment-choice}
     * (all, only with augmented copies, only without); the speaker and enrollment modes the clean
     * ones (augmented copies are channel-mixed, so they only make sense without speaker statistics).
     */
    List<Choice> gridFor(String mode, List<Choice> fullGrid) {
        if (!mode.equals("corpus") || augmentChoice.equals("never")) {
            return fullGrid.stream().filter(c -> !c.augment()).toList();
        }
        if (augmentChoice.equals("always")) {
            List<Choice> g = fullGrid.stream().filter(Choice::augment).toList();
            if (g.isEmpty()) {
                throw new IllegalArgumentException("--augment-choice always needs --augment > 0");
            }
            return g;
        }
        return fullGrid;
    }

    /** The grid with every configuration trained as an ensemble of {@code members} heads (1: unchanged). */
    static List<Choice> withMembers(List<Choice> grid, int members) {
        if (members == 1) {
            return grid;
        }
        return grid.stream().map(c -> new Choice(new HeadTrainer.Config(c.cfg().hidden(), c.cfg().dropout(),
                c.cfg().weightDecay(), c.cfg().learningRate(), c.cfg().epochs(), c.cfg().batchSize(), members,
                c.cfg().seed()), c.augment(), c.maskTau())).toList();
    }

    /**
     * The grid with every configuration also tried with the channel-sensitive features dropped:
     * for each threshold {@code tau} (finite), the features whose mean shift under the telephone
     * band exceeds {@code tau} standard deviations on the fold's training speakers are left out.
     */
    static List<Choice> withMasks(List<Choice> grid, List<Double> taus) {
        List<Choice> out = new ArrayList<>();
        for (Choice c : grid) {
            for (double t : taus) {
                out.add(new Choice(c.cfg(), c.augment(), t));
            }
        }
        return out;
    }

    static List<Choice> grid(String name, boolean augmentAvailable) {
        List<HeadTrainer.Config> cfgs = new ArrayList<>();
        switch (name) {
            case "tiny" -> cfgs.add(new HeadTrainer.Config(32, 0.3, 1e-3, 1e-3, 40, 64, 1, 42));
            // no hidden=0 (logistic regression) here: DJL's Trainer checks on the first step that the SUM of all
            // gradients is not zero, which for a single softmax layer it is identically, so it fails at random
            case "fast" -> { // what 2 shared cores allow: batch 128 (few steps per epoch), 40-60 epochs
                cfgs.add(new HeadTrainer.Config(16, 0.2, 1e-2, 1e-2, 40, 128, 1, 42));
                cfgs.add(new HeadTrainer.Config(64, 0.5, 1e-2, 3e-3, 60, 128, 1, 42));
            }
            case "wide" -> { // "fast" plus a wider and a longer-trained head, for the 3x larger augmented sets
                cfgs.add(new HeadTrainer.Config(16, 0.2, 1e-2, 1e-2, 40, 128, 1, 42));
                cfgs.add(new HeadTrainer.Config(64, 0.5, 1e-2, 3e-3, 60, 128, 1, 42));
                cfgs.add(new HeadTrainer.Config(128, 0.5, 1e-2, 3e-3, 100, 128, 1, 42));
            }
            case "default" -> {
                cfgs.add(new HeadTrainer.Config(0, 0.0, 1e-2, 1e-2, 60, 64, 1, 42));
                cfgs.add(new HeadTrainer.Config(64, 0.3, 1e-3, 1e-3, 100, 64, 1, 42));
                cfgs.add(new HeadTrainer.Config(64, 0.5, 1e-2, 1e-3, 100, 64, 1, 42));
            }
            default -> throw new IllegalArgumentException("unknown grid " + name);
        }
        List<Choice> out = new ArrayList<>();
        for (HeadTrainer.Config c : cfgs) {
            out.add(new Choice(c, false));
            if (augmentAvailable) {
                out.add(new Choice(c, true));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- features and augmentation

    static float[] features(ProsodyExtractor ex, float[] samples) {
        try {
            return UtteranceFeatures.of(ex, new AudioClip(samples, io.github.emotion4j.audio.decode.AudioStream.SAMPLE_RATE)).toFloats();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Row {
        float[] make(int i) throws Exception;
    }

    /** Feature rows cached in a file (float32 rows); computed and written when absent. */
    static float[][] cached(Path file, int n, Row row) throws Exception {
        if (Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                int rows = in.readInt();
                int d = in.readInt();
                if (rows == n) {
                    float[][] x = new float[n][d];
                    for (float[] r : x) {
                        for (int j = 0; j < d; j++) {
                            r[j] = in.readFloat();
                        }
                    }
                    return x;
                }
            }
        }
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = row.make(i);
        }
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(n);
            o.writeInt(x[0].length);
            for (float[] r : x) {
                for (float v : r) {
                    o.writeFloat(v);
                }
            }
        }
        return x;
    }

    /** Utterances of the given speakers, for babble. */
    private List<float[]> pool(List<String> from, String exclude) {
        List<float[]> p = new ArrayList<>();
        for (int i = 0; i < spk.length; i++) {
            if (from.contains(spk[i]) && !spk[i].equals(exclude)) {
                p.add(audio.get(i));
            }
        }
        return p;
    }

    /** One random training augmentation of utterance i, babble from the other training speakers of the fold. */
    private float[] randomAugment(int i, List<String> train, Random r) throws IOException {
        float[] s = audio.get(i);
        // each copy: one or two of the transforms, then noise with probability 0.7
        int kind = r.nextInt(7);
        s = switch (kind) {
            case 0 -> SpeechAugmenter.reverb(s, 0.2 + 0.6 * r.nextDouble(), r);
            case 1 -> SpeechAugmenter.speed(s, 0.9 + 0.2 * r.nextDouble());
            case 2 -> SpeechAugmenter.pitch(s, -2 + 4 * r.nextDouble());
            case 3 -> SpeechAugmenter.gain(s, -15 + 21 * r.nextDouble());
            case 4 -> SpeechAugmenter.telephone(s);
            case 5 -> SpeechAugmenter.codec(s, r.nextBoolean() ? SpeechAugmenter.Codec.MP3 : SpeechAugmenter.Codec.OPUS,
                    r.nextBoolean() ? 32_000 : 16_000, cache);
            default -> s;
        };
        if (kind == 6 || r.nextDouble() < 0.7) {
            double snr = 20 * r.nextDouble();
            int type = r.nextInt(4);
            float[] noise = type == 3 ? SpeechAugmenter.babble(pool(train, spk[i]), 3 + r.nextInt(4), s.length, r)
                    : SpeechAugmenter.noise(SpeechAugmenter.Noise.values()[type], s.length, r);
            s = SpeechAugmenter.addNoise(s, noise, snr);
        }
        return s;
    }

    /** The test-time condition c applied to utterance i of the outer test speaker. */
    private float[] condition(String c, int i, List<String> train, Random r) throws IOException {
        float[] s = audio.get(i);
        return switch (c) {
            case "clean" -> s;
            case "babble-20dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.babble(pool(train, spk[i]), 5, s.length, r), 20);
            case "babble-10dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.babble(pool(train, spk[i]), 5, s.length, r), 10);
            case "babble-0dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.babble(pool(train, spk[i]), 5, s.length, r), 0);
            case "white-10dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.noise(SpeechAugmenter.Noise.WHITE, s.length, r), 10);
            case "pink-10dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.noise(SpeechAugmenter.Noise.PINK, s.length, r), 10);
            case "brown-10dB" -> SpeechAugmenter.addNoise(s, SpeechAugmenter.noise(SpeechAugmenter.Noise.BROWN, s.length, r), 10);
            case "reverb-0.4s" -> SpeechAugmenter.reverb(s, 0.4, r);
            case "reverb-0.8s" -> SpeechAugmenter.reverb(s, 0.8, r);
            case "speed-0.9" -> SpeechAugmenter.speed(s, 0.9);
            case "speed-1.1" -> SpeechAugmenter.speed(s, 1.1);
            case "pitch-2st" -> SpeechAugmenter.pitch(s, -2);
            case "pitch+2st" -> SpeechAugmenter.pitch(s, 2);
            case "gain-12dB" -> SpeechAugmenter.gain(s, -12);
            case "gain+6dB" -> SpeechAugmenter.gain(s, 6);
            case "telephone-8k" -> SpeechAugmenter.telephone(s);
            case "mp3-32k" -> SpeechAugmenter.codec(s, SpeechAugmenter.Codec.MP3, 32_000, cache);
            case "opus-16k" -> SpeechAugmenter.codec(s, SpeechAugmenter.Codec.OPUS, 16_000, cache);
            default -> throw new IllegalArgumentException(c);
        };
    }

    private final Map<String, float[][]> augCache = new LinkedHashMap<>();

    /** Augmented copies (rows aligned: copy k of file i at k * n + i; test speaker's rows unused) for an outer fold. */
    private float[][] augmented(String outer) throws Exception {
        String key = outer;
        if (augCache.containsKey(key)) {
            return augCache.get(key);
        }
        List<String> train = speakers.stream().filter(s -> !s.equals(outer)).toList();
        ProsodyExtractor ex = new ProsodyExtractor();
        int n = items.size();
        float[][] rows = cached(cache.resolve(dataName + "-aug" + augment + "-s" + seed + "-outer" + outer + ".feat"),
                augment * n, j -> {
                    int i = j % n;
                    if (spk[i].equals(outer)) {
                        return x[i];
                    }
                    Random r = new Random(seed * 1_000_003L + j * 31L + outer.hashCode());
                    return features(ex, randomAugment(i, train, r));
                });
        augCache.put(key, rows);
        return rows;
    }

    private final Map<String, float[][]> babbleCache = new LinkedHashMap<>();

    /**
     * Babble copies (copy k of file i at k * n + i) for an outer fold: babble of 3-6 utterances of
     * the fold's other training speakers at 5-20 dB SNR, seeds apart from the augmentation's and
     * the robustness set's; the outer test speaker's rows are its clean features (never used).
     */
    private float[][] babbled(String outer) throws Exception {
        if (babbleCache.containsKey(outer)) {
            return babbleCache.get(outer);
        }
        List<String> train = speakers.stream().filter(s -> !s.equals(outer)).toList();
        ProsodyExtractor ex = new ProsodyExtractor();
        int n = items.size();
        float[][] rows = cached(cache.resolve(dataName + "-babble" + babbleCopies + "-s" + seed + "-outer" + outer + ".feat"),
                babbleCopies * n, j -> {
                    int i = j % n;
                    if (spk[i].equals(outer)) {
                        return x[i];
                    }
                    Random r = new Random(seed * 15_485_863L + j * 17L + outer.hashCode() + 5);
                    float[] s = audio.get(i);
                    float[] noise = SpeechAugmenter.babble(pool(train, spk[i]), 3 + r.nextInt(4), s.length, r);
                    return features(ex, SpeechAugmenter.addNoise(s, noise, 5 + 15 * r.nextDouble()));
                });
        babbleCache.put(outer, rows);
        return rows;
    }

    /** Features of the outer test speaker's files under condition c (rows for other speakers: null). */
    private float[][] robustness(String outer, String c) throws Exception {
        if (c.equals("clean")) {
            return x;
        }
        List<String> train = speakers.stream().filter(s -> !s.equals(outer)).toList();
        ProsodyExtractor ex = new ProsodyExtractor();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < spk.length; i++) {
            if (spk[i].equals(outer)) {
                idx.add(i);
            }
        }
        float[][] rows = cached(cache.resolve(dataName + "-cond-" + c + "-s" + seed + "-outer" + outer + ".feat"),
                idx.size(), k -> features(ex, condition(c, idx.get(k), train,
                        new Random(seed * 7_919L + idx.get(k) * 131L + c.hashCode()))));
        float[][] out = new float[x.length][];
        for (int k = 0; k < idx.size(); k++) {
            out[idx.get(k)] = rows[k];
        }
        return out;
    }

    /** Every file's features through the telephone band (the robustness condition, deterministic), cached. */
    private float[][] telephone() throws Exception {
        if (telephoneRows == null) {
            float[][] t = new float[x.length][];
            for (String s : speakers) {
                float[][] r = robustness(s, "telephone-8k");
                for (int i : of(s)) {
                    t[i] = r[i];
                }
            }
            telephoneRows = t;
        }
        return telephoneRows;
    }

    /**
     * Which features to keep: those whose mean shift between the clean files of the training
     * speakers and their telephone-band copies is at most {@code tau} standard deviations (of the
     * clean training features). Uses no labels and only the training speakers.
     */
    boolean[] keep(List<String> trainSpk, double tau) {
        int d = x[0].length;
        boolean[] k = new boolean[d];
        Arrays.fill(k, true);
        if (!Double.isFinite(tau)) {
            return k;
        }
        float[][] tel;
        try {
            tel = telephone();
        } catch (Exception e) {
            throw new IllegalStateException("telephone features: " + e.getMessage(), e);
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < spk.length; i++) {
            if (trainSpk.contains(spk[i])) {
                idx.add(i);
            }
        }
        float[][] ms = meanStd(x, idx);
        for (int j = 0; j < d; j++) {
            double shift = 0;
            for (int i : idx) {
                shift += tel[i][j] - x[i][j];
            }
            k[j] = Math.abs(shift / idx.size()) / ms[1][j] <= tau;
        }
        return k;
    }

    static float[][] masked(float[][] rows, boolean[] keep) {
        if (rows == null) {
            return null;
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                out[i] = rows[i].clone();
                for (int j = 0; j < keep.length; j++) {
                    if (!keep[j]) {
                        out[i][j] = 0;
                    }
                }
            }
        }
        return out;
    }

    /** The head with the dropped features' first-layer weights zeroed (and their standardisation neutral), so it ignores them. */
    static DenseHead ignoring(DenseHead h, boolean[] keep) {
        float[][] ms = meanStdOf(h);
        List<DenseHead.Layer> layers = new ArrayList<>(h.layers());
        DenseHead.Layer first = layers.get(0);
        float[][] w = new float[first.weights().length][];
        for (int o = 0; o < w.length; o++) {
            w[o] = first.weights()[o].clone();
            for (int j = 0; j < keep.length; j++) {
                if (!keep[j]) {
                    w[o][j] = 0;
                }
            }
        }
        for (int j = 0; j < keep.length; j++) {
            if (!keep[j]) {
                ms[0][j] = 0;
                ms[1][j] = 1;
            }
        }
        layers.set(0, new DenseHead.Layer(w, first.bias().clone(), first.activation()));
        return new DenseHead(ms[0], ms[1], layers);
    }

    /** The standardisation of a head: {mean, std}, both null when it has none. */
    static float[][] meanStdOf(DenseHead h) {
        return new float[][] {h.mean().orElse(null), h.std().orElse(null)};
    }

    // ---------------------------------------------------------------- normalisations

    /** Per-speaker mean and std of the given rows (indices into x-like arrays). */
    static float[][] meanStd(float[][] rows, List<Integer> idx) {
        int d = rows[idx.get(0)].length;
        float[] m = new float[d];
        float[] s = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i : idx) {
                sum += rows[i][j];
            }
            double mean = sum / idx.size();
            double v = 0;
            for (int i : idx) {
                v += (rows[i][j] - mean) * (rows[i][j] - mean);
            }
            m[j] = (float) mean;
            double sd = Math.sqrt(v / idx.size());
            s[j] = (float) (sd < 1e-6 ? 1 : sd);
        }
        return new float[][] {m, s};
    }

    private List<Integer> of(String speaker) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < spk.length; i++) {
            if (spk[i].equals(speaker)) {
                idx.add(i);
            }
        }
        return idx;
    }

    private List<Integer> neutralOf(String speaker) {
        int neutral = classes.indexOf("neutral");
        return of(speaker).stream().filter(i -> y[i] == neutral).toList();
    }

    /** The enrollment clips of a test speaker: k neutral clips chosen by the seed. */
    List<Integer> enrollment(String speaker, int k) {
        List<Integer> n = new ArrayList<>(neutralOf(speaker));
        java.util.Collections.shuffle(n, new Random(seed + speaker.hashCode()));
        return n.subList(0, Math.min(k, n.size()));
    }

    /**
     * Rows transformed for a mode. For speaker mode: z-score by the speaker's own rows in the same
     * array (one channel condition). For enrollK: minus the mean of k neutral clips of the speaker;
     * a training row's clips are drawn at random from its speaker's other neutral clips, a test
     * speaker's are {@link #enrollment}.
     */
    float[][] transform(float[][] rows, String mode, String testSpeaker, long salt) {
        if (mode.equals("corpus")) {
            return rows;
        }
        float[][] out = new float[rows.length][];
        for (String s : speakers) {
            List<Integer> idx = of(s).stream().filter(i -> rows[i] != null).toList();
            if (idx.isEmpty()) {
                continue;
            }
            if (mode.equals("speaker")) {
                float[][] ms = meanStd(rows, idx);
                for (int i : idx) {
                    out[i] = new float[rows[i].length];
                    for (int j = 0; j < rows[i].length; j++) {
                        out[i][j] = (rows[i][j] - ms[0][j]) / ms[1][j];
                    }
                }
            } else if (mode.startsWith("enroll")) {
                int k = Integer.parseInt(mode.substring("enroll".length()));
                List<Integer> neutral = neutralOf(s).stream().filter(i -> rows[i] != null).toList();
                Random r = new Random(seed + salt * 31 + s.hashCode());
                List<Integer> fixed = s.equals(testSpeaker) ? enrollment(s, k).stream().filter(i -> rows[i] != null).toList()
                        : null;
                for (int i : idx) {
                    List<Integer> pick;
                    if (fixed != null) {
                        pick = fixed;
                    } else {
                        List<Integer> cand = new ArrayList<>(neutral);
                        cand.remove(Integer.valueOf(i));
                        java.util.Collections.shuffle(cand, r);
                        pick = cand.subList(0, Math.min(k, cand.size()));
                    }
                    float[] m = new float[rows[i].length];
                    for (int p : pick) {
                        for (int j = 0; j < m.length; j++) {
                            m[j] += rows[p][j] / pick.size();
                        }
                    }
                    out[i] = new float[m.length];
                    for (int j = 0; j < m.length; j++) {
                        out[i][j] = rows[i][j] - m[j];
                    }
                }
            } else {
                throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
        return out;
    }

    /** {@link #transform} of each block of augmented copies (copy k of file i at k * n + i). */
    float[][] transformAug(float[][] aug, String mode, long salt) {
        if (aug == null || mode.equals("corpus")) {
            return aug;
        }
        int n = x.length;
        float[][] out = new float[aug.length][];
        for (int k = 0; k < augment; k++) {
            float[][] block = Arrays.copyOfRange(aug, k * n, (k + 1) * n);
            float[][] t = transform(block, mode, null, salt + k);
            System.arraycopy(t, 0, out, k * n, n);
        }
        return out;
    }

    // ---------------------------------------------------------------- training and selection

    /** Trains on the given speakers' rows (clean, plus augmented copies when chosen), classes balanced by oversampling. */
    private DenseHead train(float[][] clean, float[][] aug, List<String> trainSpk, Choice ch, long salt) {
        // telephone copies only where the rows are the plain features (the corpus mode: clean == x)
        float[][] tel = telephoneCopies && clean == x ? telephoneOrFail() : null;
        if (Double.isFinite(ch.maskTau())) {
            boolean[] k = keep(trainSpk, ch.maskTau());
            return ignoring(trainAll(masked(clean, k), masked(aug, k), masked(tel, k), trainSpk, ch, salt), k);
        }
        return trainAll(clean, aug, tel, trainSpk, ch, salt);
    }

    private DenseHead trainAll(float[][] clean, float[][] aug, float[][] tel, List<String> trainSpk, Choice ch,
                               long salt) {
        return trainAll(clean, aug, tel, trainSpk, ch, salt, augment);
    }

    private DenseHead trainAll(float[][] clean, float[][] aug, float[][] tel, List<String> trainSpk, Choice ch,
                               long salt, int copies) {
        List<float[]> rx = new ArrayList<>();
        List<Integer> ry = new ArrayList<>();
        int n = clean.length;
        for (int i = 0; i < n; i++) {
            if (trainSpk.contains(spk[i])) {
                rx.add(clean[i]);
                ry.add(y[i]);
                if (ch.augment() && aug != null) {
                    for (int k = 0; k < copies; k++) {
                        rx.add(aug[k * n + i]);
                        ry.add(y[i]);
                    }
                }
                if (tel != null) {
                    rx.add(tel[i]);
                    ry.add(y[i]);
                }
            }
        }
        // balance: repeat each class's rows (shuffled, cyclically) up to the largest class's count
        int c = classes.size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < ry.size(); i++) {
            byClass.get(ry.get(i)).add(i);
        }
        int max = byClass.stream().mapToInt(List::size).max().orElse(0);
        // rareaug: each class's augmented copies (not otherwise in the training rows), to fill it up before repeats
        List<List<Integer>> extra = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            extra.add(new ArrayList<>());
        }
        if (ch.rareAug() && !ch.augment()) {
            if (aug == null) {
                throw new IllegalStateException("rareaug needs the augmented copies");
            }
            for (int k = 0; k < copies; k++) {
                for (int i = 0; i < n; i++) {
                    if (trainSpk.contains(spk[i])) {
                        extra.get(y[i]).add(rx.size());
                        rx.add(aug[k * n + i]);
                        ry.add(y[i]);
                    }
                }
            }
        }
        List<Integer> order = balancedOrder(byClass, extra, max, new Random(seed + salt));
        float[][] bx = new float[order.size()][];
        int[] by = new int[order.size()];
        for (int i = 0; i < bx.length; i++) {
            bx[i] = rx.get(order.get(i));
            by[i] = ry.get(order.get(i));
        }
        HeadTrainer.Config cfg = ch.cfg();
        HeadTrainer.Config seeded = new HeadTrainer.Config(cfg.hidden(), cfg.dropout(), cfg.weightDecay(),
                cfg.learningRate(), cfg.epochs(), cfg.batchSize(), cfg.members(), (int) (seed + salt));
        return HeadTrainer.train(bx, by, c, seeded);
    }

    /**
     * The training order that balances the classes: each class's rows (indices, shuffled) once,
     * up to {@code max}; a class with fewer rows is filled up first with its {@code extra} rows
     * (shuffled; the rareaug candidate's augmented copies, empty otherwise) and then by repeating
     * its own rows cyclically, so every class has {@code max} rows (a class without rows has none).
     */
    static List<Integer> balancedOrder(List<List<Integer>> byClass, List<List<Integer>> extra, int max, Random r) {
        List<Integer> order = new ArrayList<>();
        for (int cl = 0; cl < byClass.size(); cl++) {
            List<Integer> sh = new ArrayList<>(byClass.get(cl));
            java.util.Collections.shuffle(sh, r);
            if (extra.get(cl).isEmpty()) {
                for (int k = 0; k < max && !sh.isEmpty(); k++) {
                    order.add(sh.get(k % sh.size()));
                }
                continue;
            }
            List<Integer> ex = new ArrayList<>(extra.get(cl));
            java.util.Collections.shuffle(ex, r);
            int own = Math.min(max, sh.size());
            order.addAll(sh.subList(0, own));
            int fill = Math.min(max - own, ex.size());
            order.addAll(ex.subList(0, fill));
            for (int k = own + fill; k < max && !sh.isEmpty(); k++) {
                order.add(sh.get(k % sh.size()));
            }
        }
        return order;
    }

    /**
     * The corpus head with channel experts: the class probabilities are the mixture of the clean
     * head's and the experts' (each at temperature {@code t}) weighted by the gate's softmax
     * (outputs clean, then the experts in order), as {@code SpeechEmotionModel} computes them.
     */
    record Router(DenseHead clean, DenseHead gate, List<String> names, List<DenseHead> experts) {
        int channel(float[] f) {
            return argmax(gate.forward(f));
        }

        /** The mixture probabilities with every head's logits divided by t. */
        double[] probabilities(float[] f, double t) {
            double[] g = DenseHead.softmax(toDouble(gate.forward(f), 1));
            double[] mix = new double[clean.outputSize()];
            for (int h = 0; h <= experts.size(); h++) {
                double[] p = DenseHead.softmax(toDouble((h == 0 ? clean : experts.get(h - 1)).forward(f), t));
                for (int k = 0; k < mix.length; k++) {
                    mix[k] += g[h] * p[k];
                }
            }
            return mix;
        }

        /** {@code t * log(mixture)}: "logits" that {@link #predict} and {@link #scaled} at temperature t turn back into the mixture. */
        float[] forward(float[] f, double t) {
            double[] p = probabilities(f, t);
            float[] z = new float[p.length];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) (t * Math.log(Math.max(1e-30, p[k])));
            }
            return z;
        }

        private static double[] toDouble(float[] z, double t) {
            double[] d = new double[z.length];
            for (int k = 0; k < z.length; k++) {
                d[k] = z[k] / t;
            }
            return d;
        }
    }

    /** The gate's fixed settings (chosen before any fold: a small head, the easy task of telling channels apart). */
    static final HeadTrainer.Config GATE = new HeadTrainer.Config(16, 0.2, 1e-2, 1e-2, 40, 128, 1, 42);

    /**
     * Channel experts for the corpus head {@code clean} trained on {@code trainSpk}: the telephone
     * expert on the training files' telephone-band copies, the noisy expert on their clean files
     * plus augmented copies, both with the chosen head settings; the gate on clean files (class 0),
     * telephone copies and augmented copies (classes in expert order), classes balanced by repeating
     * rows. Only the training speakers' rows are used.
     */
    private Router router(DenseHead clean, List<String> trainSpk, Choice ch, float[][] aug, float[][] babble, long salt) {
        List<DenseHead> experts = new ArrayList<>();
        List<float[]> gx = new ArrayList<>();
        List<Integer> gy = new ArrayList<>();
        int n = x.length;
        int reps = Math.max(1, augment + (babble == null ? 0 : babble.length / n));
        for (int i = 0; i < n; i++) {
            if (trainSpk.contains(spk[i])) {
                for (int r = 0; r < reps; r++) {
                    gx.add(x[i]);
                    gy.add(0);
                }
            }
        }
        for (String e : channelExperts) {
            int cls = experts.size() + 1;
            if (e.equals("telephone")) {
                float[][] tel = telephoneOrFail();
                experts.add(trainAll(tel, null, null, trainSpk, new Choice(ch.cfg(), false), salt + 101));
                for (int i = 0; i < n; i++) {
                    if (trainSpk.contains(spk[i])) {
                        for (int r = 0; r < reps; r++) {
                            gx.add(tel[i]);
                            gy.add(cls);
                        }
                    }
                }
            } else {
                float[][] noisy = aug;
                int copies = augment;
                if (babble != null) {
                    // the expert's "augmented copies": the random ones and the babble ones
                    noisy = new float[aug.length + babble.length][];
                    System.arraycopy(aug, 0, noisy, 0, aug.length);
                    System.arraycopy(babble, 0, noisy, aug.length, babble.length);
                    copies = augment + babble.length / n;
                }
                experts.add(trainAll(x, noisy, null, trainSpk, new Choice(ch.cfg(), true), salt + 202, copies));
                for (int i = 0; i < n; i++) {
                    if (trainSpk.contains(spk[i])) {
                        for (int k = 0; k < copies; k++) {
                            gx.add(noisy[k * n + i]);
                            gy.add(cls);
                        }
                    }
                }
            }
        }
        HeadTrainer.Config g = new HeadTrainer.Config(GATE.hidden(), GATE.dropout(), GATE.weightDecay(),
                GATE.learningRate(), GATE.epochs(), GATE.batchSize(), GATE.members(), (int) (seed + salt + 303));
        DenseHead gate = HeadTrainer.train(gx.toArray(new float[0][]), gy.stream().mapToInt(Integer::intValue).toArray(),
                channelExperts.size() + 1, g);
        return new Router(clean, gate, channelExperts, experts);
    }

    /** Result of choosing in inner folds. */
    record Selection(Choice choice, double temperature, double innerMacroF1, String table, double[] bias, String candidate,
                     float[][] logits, int[] truth, String[] rowSpeaker) {
        Selection(Choice choice, double temperature, double innerMacroF1, String table, double[] bias) {
            this(choice, temperature, innerMacroF1, table, bias, "", null, null, null);
        }

        boolean hasBias() {
            return Arrays.stream(bias).anyMatch(v -> v != 0);
        }

        /** The chosen per-class logit offsets as text. */
        String biasText() {
            StringBuilder b = new StringBuilder("[");
            for (int k = 0; k < bias.length; k++) {
                b.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.1f", bias[k]));
            }
            return b.append(']').toString();
        }
    }

    /** Leave-one-speaker-out over {@code pool}: chooses the config by pooled macro-F1, then the temperature. */
    private Selection select(List<String> pool, String mode, List<Choice> grid, float[][] aug, String outer,
                             boolean withBias) {
        StringBuilder t = new StringBuilder();
        double best = -1;
        Choice bestChoice = null;
        float[][] bestLogits = null;
        int[] truth = null;
        String[] bestRowSpk = null;
        for (Choice ch : grid) {
            List<float[]> logits = new ArrayList<>();
            List<Integer> tr = new ArrayList<>();
            List<String> rowSpk = new ArrayList<>();
            List<Integer> degradedTruth = new ArrayList<>();
            List<Integer> telPred = new ArrayList<>();
            List<Integer> augPred = new ArrayList<>();
            List<Integer> augTruth = new ArrayList<>();
            for (String inner : pool) {
                List<String> trainSpk = pool.stream().filter(s -> !s.equals(inner)).toList();
                // normalisation of the inner test speaker as at test time (enrollment clips fixed and left out)
                float[][] xs = transform(x, mode, inner, 1);
                float[][] as = transformAug(aug, mode, 2);
                DenseHead h = train(xs, as == null ? null : as, trainSpk, ch, inner.hashCode());
                List<Integer> enrolled = mode.startsWith("enroll")
                        ? enrollment(inner, Integer.parseInt(mode.substring(6))) : List.of();
                for (int i : of(inner)) {
                    if (!enrolled.contains(i)) {
                        logits.add(h.forward(xs[i]));
                        tr.add(y[i]);
                        rowSpk.add(inner);
                    }
                }
                if (selectObjective.equals("robust") && mode.equals("corpus")) {
                    float[][] tel = telephoneOrFail();
                    for (int i : of(inner)) {
                        telPred.add(argmax(h.forward(tel[i])));
                        degradedTruth.add(y[i]);
                        if (aug != null) {
                            for (int k = 0; k < augment; k++) {
                                augPred.add(argmax(h.forward(aug[k * x.length + i])));
                                augTruth.add(y[i]);
                            }
                        }
                    }
                }
            }
            int[] yy = tr.stream().mapToInt(Integer::intValue).toArray();
            int[] pred = logits.stream().mapToInt(NestedSpeechEval::argmax).toArray();
            ClassificationReport rep = ClassificationReport.of(classes, yy, pred);
            double score = rep.macroF1();
            String extra = "";
            if (!telPred.isEmpty()) {
                double ft = ClassificationReport.of(classes, ints(degradedTruth), ints(telPred)).macroF1();
                double fa = augPred.isEmpty() ? ft : ClassificationReport.of(classes, ints(augTruth), ints(augPred)).macroF1();
                score = (rep.macroF1() + ft + fa) / 3;
                extra = String.format(Locale.ROOT, " | telephone macroF1 %.4f augmented %.4f -> objective %.4f", ft, fa, score);
            }
            t.append(String.format(Locale.ROOT, "    inner[%s] %-60s acc %.4f macroF1 %.4f minRecall %.4f%s%n", outer, ch,
                    rep.accuracy(), rep.macroF1(), minRecall(rep), extra));
            if (score > best) {
                best = score;
                bestChoice = ch;
                bestLogits = logits.toArray(new float[0][]);
                truth = yy;
                bestRowSpk = rowSpk.toArray(new String[0]);
            }
        }
        double temp = temperature(bestLogits, truth);
        double[] bias = new double[classes.size()];
        if (withBias) {
            bias = classBias(bestLogits, truth, temp, classes.size());
            ClassificationReport after = ClassificationReport.of(classes, truth, predict(bestLogits, temp, bias));
            t.append(String.format(Locale.ROOT, "    inner[%s] class bias %s (T=%.2f): acc %.4f macroF1 %.4f"
                    + " balancedAccuracy %.4f minRecall %.4f%n", outer, new Selection(null, 0, 0, "", bias).biasText(), temp,
                    after.accuracy(), after.macroF1(), after.balancedAccuracy(), minRecall(after)));
        }
        return new Selection(bestChoice, temp, best, t.toString(), bias, "", bestLogits, truth, bestRowSpk);
    }

    /**
     * The choice among the candidate pool in leave-one-speaker-out over {@code pool}: each
     * candidate's heads are selected over the grid as {@link #select} does; a {@code +prior}
     * candidate adds per-class offsets, scored cross-fitted (for each inner test speaker the
     * temperature and offsets are fitted on the other inner speakers' logits). The candidate with
     * the highest pooled macro-F1 wins (ties: the earlier one); its offsets for the outer model
     * are fitted on all the pooled inner logits.
     */
    private Selection selectCandidate(List<String> pool, String mode, List<Choice> grid, float[][] aug, String outer) {
        Map<String, Selection> trained = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder();
        Selection best = null;
        for (Candidate cand : candidates) {
            Selection s = trained.get(cand.trainingKey());
            if (s == null) {
                s = select(pool, mode, cand.apply(grid), aug, outer, false);
                t.append(s.table());
                trained.put(cand.trainingKey(), s);
            }
            double score = s.innerMacroF1();
            ClassificationReport rep = ClassificationReport.of(classes, s.truth(),
                    predict(s.logits(), s.temperature(), new double[classes.size()]));
            double[] bias = new double[classes.size()];
            if (cand.prior()) {
                rep = ClassificationReport.of(classes, s.truth(), crossFittedPrior(s.logits(), s.truth(), s.rowSpeaker()));
                score = rep.macroF1();
                bias = classBias(s.logits(), s.truth(), s.temperature(), classes.size());
            }
            StringBuilder rec = new StringBuilder();
            for (int c = 0; c < classes.size(); c++) {
                rec.append(c == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", rep.recall(c)));
            }
            t.append(String.format(Locale.ROOT, "    inner[%s] candidate %-14s macroF1 %.4f acc %.4f minRecall %.4f"
                    + " recalls [%s] (heads %s%s)%n", outer, cand.name(), score, rep.accuracy(), minRecall(rep), rec,
                    s.choice(), cand.prior() ? ", prior cross-fitted" : ""));
            if (best == null || score > best.innerMacroF1()) {
                best = new Selection(s.choice(), s.temperature(), score, "", bias, cand.name(), s.logits(), s.truth(),
                        s.rowSpeaker());
            }
        }
        t.append(String.format(Locale.ROOT, "    inner[%s] picked candidate %s%n", outer, best.candidate()));
        return new Selection(best.choice(), best.temperature(), best.innerMacroF1(), t.toString(), best.bias(),
                best.candidate(), best.logits(), best.truth(), best.rowSpeaker());
    }

    /**
     * Predictions of pooled inner-fold logits with a prior correction fitted out of fold: each
     * speaker's rows get the temperature and class offsets ({@link #classBias}) fitted on the
     * other speakers' rows only.
     */
    static int[] crossFittedPrior(float[][] logits, int[] y, String[] rowSpk) {
        int classes = logits[0].length;
        int[] p = new int[y.length];
        for (String s : new TreeSet<>(Arrays.asList(rowSpk))) {
            List<Integer> in = new ArrayList<>();
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                (rowSpk[i].equals(s) ? in : out).add(i);
            }
            float[][] ol = new float[out.size()][];
            int[] oy = new int[out.size()];
            for (int k = 0; k < ol.length; k++) {
                ol[k] = logits[out.get(k)];
                oy[k] = y[out.get(k)];
            }
            double t = temperature(ol, oy);
            double[] b = classBias(ol, oy, t, classes);
            for (int i : in) {
                p[i] = predict(new float[][] {logits[i]}, t, b)[0];
            }
        }
        return p;
    }

    private float[][] telephoneOrFail() {
        try {
            return telephone();
        } catch (Exception e) {
            throw new IllegalStateException("telephone features: " + e.getMessage(), e);
        }
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Class indices of logits / t + bias. */
    static int[] predict(float[][] logits, double t, double[] bias) {
        int[] p = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int b = 0;
            double bv = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < logits[i].length; k++) {
                double v = logits[i][k] / t + bias[k];
                if (v > bv) {
                    bv = v;
                    b = k;
                }
            }
            p[i] = b;
        }
        return p;
    }

    /** (accuracy + balanced accuracy) / 2 of the predictions: the objective of {@link #classBias}. */
    static double biasObjective(int[] y, int[] p, int classes) {
        int[] n = new int[classes];
        int[] ok = new int[classes];
        int all = 0;
        for (int i = 0; i < y.length; i++) {
            n[y[i]]++;
            if (p[i] == y[i]) {
                ok[y[i]]++;
                all++;
            }
        }
        double bal = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (n[c] > 0) {
                bal += ok[c] / (double) n[c];
                present++;
            }
        }
        return 0.5 * (all / (double) y.length + bal / Math.max(1, present));
    }

    /**
     * Per-class logit offsets (added to logits / t) that maximise (accuracy + balanced accuracy) / 2
     * of the given (inner-fold) logits: coordinate ascent over offsets -2..2 in steps of 0.1, at most
     * 6 sweeps; among equal scores the offset nearest 0 wins, so classes the logits already serve
     * keep offset 0. Deterministic.
     */
    static double[] classBias(float[][] logits, int[] y, double t, int classes) {
        double[] b = new double[classes];
        double best = biasObjective(y, predict(logits, t, b), classes);
        for (int sweep = 0; sweep < 6; sweep++) {
            boolean moved = false;
            for (int c = 0; c < classes; c++) {
                double keep = b[c];
                double chosen = keep;
                for (int step = -20; step <= 20; step++) {
                    b[c] = step / 10.0;
                    double s = biasObjective(y, predict(logits, t, b), classes);
                    if (s > best + 1e-12 || (Math.abs(s - best) <= 1e-12 && Math.abs(b[c]) < Math.abs(chosen) - 1e-9)) {
                        best = s;
                        chosen = b[c];
                    }
                }
                b[c] = chosen;
                moved |= Math.abs(chosen - keep) > 1e-9;
            }
            if (!moved) {
                break;
            }
        }
        return b;
    }

    /** The temperature minimising the negative log-likelihood of the logits (grid 0.25..8). */
    static double temperature(float[][] logits, int[] y) {
        double bestT = 1;
        double bestNll = Double.MAX_VALUE;
        for (double t = 0.25; t <= 8.0001; t *= 1.05) {
            double nll = nll(logits, y, t);
            if (nll < bestNll) {
                bestNll = nll;
                bestT = t;
            }
        }
        return bestT;
    }

    static double nll(float[][] logits, int[] y, double t) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double[] z = new double[logits[i].length];
            for (int k = 0; k < z.length; k++) {
                z[k] = logits[i][k] / t;
            }
            double[] p = DenseHead.softmax(z);
            s -= Math.log(Math.max(1e-12, p[y[i]]));
        }
        return s / y.length;
    }

    /** Expected calibration error over 10 equal-width confidence bins. */
    static double ece(List<double[]> probs, int[] y) {
        int bins = 10;
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < y.length; i++) {
            double[] p = probs.get(i);
            int k = argmax(p);
            int b = Math.min(bins - 1, (int) (p[k] * bins));
            conf[b] += p[k];
            acc[b] += k == y[i] ? 1 : 0;
            n[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] > 0) {
                e += Math.abs(acc[b] - conf[b]) / y.length;
            }
        }
        return e;
    }

    static double minRecall(ClassificationReport r) {
        double m = 1;
        for (int c = 0; c < r.classes().size(); c++) {
            m = Math.min(m, r.recall(c));
        }
        return m;
    }

    // ---------------------------------------------------------------- the nested run

    private void nested(String mode, List<Choice> fullGrid, boolean robust) throws Exception {
        List<Choice> grid = gridFor(mode, fullGrid);
        boolean pooled = mode.equals("corpus") && !candidates.isEmpty();
        boolean withBias = mode.equals("corpus") && (biasMode.equals("balanced")
                || candidates.stream().anyMatch(Candidate::prior));
        Map<String, Integer> picks = new LinkedHashMap<>();
        boolean anyBias = false;
        say("\n=== mode " + mode + " (nested: outer leave-one-speaker-out, choices in inner leave-one-speaker-out) ===");
        long t0 = System.nanoTime();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        List<Integer> predNoBias = new ArrayList<>();
        List<Integer> corpusSameSet = new ArrayList<>();
        List<double[]> probs = new ArrayList<>();
        List<double[]> rawProbs = new ArrayList<>();
        Map<String, int[]> cond = new LinkedHashMap<>();
        Map<String, int[]> routed = new LinkedHashMap<>();
        int[] single = new int[2];
        for (String outer : outerSpeakers) {
            List<String> pool = speakers.stream().filter(s -> !s.equals(outer)).toList();
            boolean needAug = grid.stream().anyMatch(Choice::augment) || pooled && candidates.stream().anyMatch(Candidate::rareAug);
            float[][] aug = augment > 0 && needAug ? augmented(outer) : null;
            Selection sel = pooled ? selectCandidate(pool, mode, grid, aug, outer) : select(pool, mode, grid, aug, outer, withBias);
            log.append(sel.table());
            if (innerOnly) {
                // smoke test: the inner folds' tables and the pick only, no outer model and no outer figure
                System.out.print(sel.table());
                say(String.format(Locale.ROOT, "inner-only %s: picked %s, heads %s, T=%.2f (inner macroF1 %.4f)", outer,
                        pooled ? sel.candidate() : "-", sel.choice(), sel.temperature(), sel.innerMacroF1()));
                continue;
            }
            picks.merge(pooled ? sel.candidate() : "-", 1, Integer::sum);
            anyBias |= sel.hasBias();
            float[][] xs = transform(x, mode, outer, 1);
            float[][] as = transformAug(aug, mode, 2);
            DenseHead h = train(xs, as, pool, sel.choice(), outer.hashCode() * 17L);
            Router router = mode.equals("corpus") && !channelExperts.isEmpty()
                    ? router(h, pool, sel.choice(), aug == null && channelExperts.contains("noisy") ? augmented(outer) : aug,
                    babbleCopies > 0 ? babbled(outer) : null, outer.hashCode() * 17L) : null;
            java.util.function.Function<float[], float[]> model = router == null ? h::forward
                    : f -> router.forward(f, sel.temperature());
            List<Integer> enrolled = mode.startsWith("enroll") ? enrollment(outer, Integer.parseInt(mode.substring(6)))
                    : List.of();
            int ok = 0;
            int n = 0;
            for (int i : of(outer)) {
                if (enrolled.contains(i)) {
                    continue;
                }
                float[] z = model.apply(xs[i]);
                int p = predict(new float[][] {z}, sel.temperature(), sel.bias())[0];
                truth.add(y[i]);
                pred.add(p);
                predNoBias.add(argmax(z));
                probs.add(scaled(z, sel.temperature(), sel.bias()));
                rawProbs.add(scaled(z, 1, new double[z.length]));
                ok += p == y[i] ? 1 : 0;
                n++;
            }
            say(String.format(Locale.ROOT, "outer %s: %d/%d = %.4f | chosen %s%s, T=%.2f%s (inner macroF1 %.4f)", outer, ok,
                    n, ok / (double) n, pooled ? "candidate " + sel.candidate() + ", " : "", sel.choice(), sel.temperature(),
                    withBias && sel.hasBias() ? ", class bias " + sel.biasText() : "", sel.innerMacroF1()));
            if (mode.equals("speaker")) {
                // a long recording of ONE emotion standardised by its own statistics: stats from one class only
                for (int c = 0; c < classes.size(); c++) {
                    final int cc = c;
                    List<Integer> idx = of(outer).stream().filter(i -> y[i] == cc).toList();
                    if (idx.size() < 3) {
                        continue;
                    }
                    float[][] ms = meanStd(x, idx);
                    for (int i : idx) {
                        float[] z = new float[x[i].length];
                        for (int j = 0; j < z.length; j++) {
                            z[j] = (x[i][j] - ms[0][j]) / ms[1][j];
                        }
                        single[0] += argmax(h.forward(z)) == y[i] ? 1 : 0;
                        single[1]++;
                    }
                }
            }
            if (robust && (mode.equals("corpus") || mode.equals("speaker"))) {
                for (String c : CONDITIONS) {
                    float[][] rows = robustness(outer, c);
                    float[][] rs = transform(rows, mode, outer, 1);
                    int[] acc = cond.computeIfAbsent(c, k -> new int[2]);
                    for (int i : of(outer)) {
                        acc[0] += predict(new float[][] {model.apply(rs[i])}, sel.temperature(), sel.bias())[0] == y[i] ? 1 : 0;
                        acc[1]++;
                        if (router != null) {
                            routed.computeIfAbsent(c, k -> new int[channelExperts.size() + 1])[router.channel(rs[i])]++;
                        }
                    }
                }
            }
        }
        if (innerOnly) {
            return;
        }
        if (pooled) {
            say("candidates picked by the inner folds (outer speakers per candidate): " + picks);
        }
        int[] yy = truth.stream().mapToInt(Integer::intValue).toArray();
        int[] pp = pred.stream().mapToInt(Integer::intValue).toArray();
        ClassificationReport rep = ClassificationReport.of(classes, yy, pp);
        say(String.format(Locale.ROOT, "%s nested outer figures (%d files): accuracy %.4f macroF1 %.4f balancedAccuracy %.4f"
                + " minRecall %.4f | NLL raw %.4f calibrated %.4f | ECE raw %.4f calibrated %.4f | %.0f s", mode, yy.length,
                rep.accuracy(), rep.macroF1(), rep.balancedAccuracy(), minRecall(rep), meanNll(rawProbs, yy),
                meanNll(probs, yy), ece(rawProbs, yy), ece(probs, yy), (System.nanoTime() - t0) / 1e9));
        say(rep.toText());
        if (withBias && anyBias) {
            ClassificationReport nb = ClassificationReport.of(classes, yy,
                    predNoBias.stream().mapToInt(Integer::intValue).toArray());
            say(String.format(Locale.ROOT, "ablation (not used for any choice), the same outer heads WITHOUT the class bias: accuracy %.4f macroF1 %.4f"
                    + " balancedAccuracy %.4f minRecall %.4f", nb.accuracy(), nb.macroF1(), nb.balancedAccuracy(), minRecall(nb)));
            say(nb.toText());
        }
        say("json: " + rep.toJson());
        String k = "metric.emodb-" + classes.size() + "class-nested-" + mode;
        say(String.format(Locale.ROOT, "%s.accuracy=%.4f", k, rep.accuracy()));
        say(String.format(Locale.ROOT, "%s.macroF1=%.4f", k, rep.macroF1()));
        say(String.format(Locale.ROOT, "%s.minRecall=%.4f", k, minRecall(rep)));
        if (single[1] > 0) {
            say(String.format(Locale.ROOT, "%s head on single-emotion recordings (each test class's files standardised"
                    + " by their own statistics, as a long recording of one emotion would be): accuracy %.4f (%d files)",
                    mode, single[0] / (double) single[1], single[1]));
        }
        if (!cond.isEmpty()) {
            say("robustness (" + mode + ", outer test speaker's files under each condition, outer model):");
            double clean = cond.get("clean")[0] / (double) cond.get("clean")[1];
            for (Map.Entry<String, int[]> e : cond.entrySet()) {
                double acc = e.getValue()[0] / (double) e.getValue()[1];
                int[] rt = routed.get(e.getKey());
                StringBuilder via = new StringBuilder();
                if (rt != null) {
                    via.append(" | gate:");
                    for (int q = 0; q < rt.length; q++) {
                        via.append(' ').append(q == 0 ? "clean" : channelExperts.get(q - 1)).append(' ').append(rt[q]);
                    }
                }
                say(String.format(Locale.ROOT, "  %-14s accuracy %.4f (%+.1f points vs clean)%s", e.getKey(), acc,
                        100 * (acc - clean), via));
            }
        }
    }

    private static double meanNll(List<double[]> probs, int[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s -= Math.log(Math.max(1e-12, probs.get(i)[y[i]]));
        }
        return s / y.length;
    }

    private static double[] scaled(float[] z, double t, double[] bias) {
        double[] d = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            d[k] = z[k] / t + bias[k];
        }
        return DenseHead.softmax(d);
    }

    /**
     * The shipped model: for each head (corpus; speaker-normalised; enrolled with 5 neutral clips)
     * the same selection procedure as in the inner folds, now leave-one-speaker-out over all 8
     * speakers, then trained on all 8 with the chosen settings; the chosen temperature is folded
     * into the last layer. The card's figures are the nested run's (from {@code --nested-log}).
     */
    private void ship(Path out, String id, List<Choice> fullGrid, String[] args, Path nestedLog, boolean enrolled)
            throws Exception {
        Files.createDirectories(out);
        float[][] aug = augment > 0 ? augmented("all") : null;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("corpus", "head.bin");
        files.put("speaker", "head-speaker.bin");
        if (enrolled) {
            files.put("enroll5", "head-enrolled.bin");
        }
        Map<String, DenseHead> heads = new LinkedHashMap<>();
        Map<String, DenseHead> channelHeads = new LinkedHashMap<>();
        StringBuilder sel = new StringBuilder();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String mode = e.getKey();
            List<Choice> grid = gridFor(mode, fullGrid);
            boolean pooled = mode.equals("corpus") && !candidates.isEmpty();
            boolean withBias = mode.equals("corpus") && biasMode.equals("balanced");
            boolean withExperts = mode.equals("corpus") && !channelExperts.isEmpty();
            Path reuse = cache.resolve(dataName + "-shipped-" + mode + ".bin");
            Path reuseText = cache.resolve(dataName + "-shipped-" + mode + ".txt");
            if (!withExperts && Files.isRegularFile(reuse) && Files.isRegularFile(reuseText)) {
                String[] t = Files.readString(reuseText, StandardCharsets.UTF_8).split("\n", 2);
                heads.put(mode, DenseHead.read(reuse, t[0], true, id));
                sel.append(t[1]);
                say("reused " + reuse);
                continue;
            }
            Selection s = pooled ? selectCandidate(speakers, mode, grid, aug, "all")
                    : select(speakers, mode, grid, aug, "all", withBias);
            sel.append(s.table());
            String line = String.format(Locale.ROOT, "shipped %s head (%s): chosen %s%s, T=%.2f%s (leave-one-speaker-out"
                    + " macroF1 over all 8 speakers %.4f: a selection figure)", mode, e.getValue(),
                    pooled ? "candidate " + s.candidate() + ", " : "", s.choice(), s.temperature(),
                    withBias || s.hasBias() ? ", class bias " + s.biasText() : "", s.innerMacroF1());
            say(line);
            sel.append(line).append('\n');
            float[][] xs = transform(x, mode, "none", 1);
            DenseHead h = train(xs, transformAug(aug, mode, 2), speakers, s.choice(), 4242);
            DenseHead shipped = withCalibration(h, s.temperature(), s.bias());
            heads.put(mode, shipped);
            if (withExperts) {
                Router r = router(h, speakers, s.choice(), aug != null ? aug : augmented("all"),
                        babbleCopies > 0 ? babbled("all") : null, 4242);
                channelHeads.put("channel", r.gate());
                for (int k = 0; k < r.names().size(); k++) {
                    channelHeads.put(r.names().get(k), withCalibration(r.experts().get(k), s.temperature(), s.bias()));
                }
                String l2 = "shipped channel experts " + r.names() + ": the same settings as the corpus head, the gate "
                        + GATE;
                say(l2);
                sel.append(l2).append('\n');
            }
            try (OutputStream o = Files.newOutputStream(reuse)) {
                shipped.write(o);
            }
            Files.writeString(reuseText, shipped.layerSpec() + "\n" + s.table() + line + "\n", StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, DenseHead> e : heads.entrySet()) {
            try (OutputStream o = Files.newOutputStream(out.resolve(files.get(e.getKey())))) {
                e.getValue().write(o);
            }
        }
        for (Map.Entry<String, DenseHead> e : channelHeads.entrySet()) {
            try (OutputStream o = Files.newOutputStream(out.resolve("head-" + e.getKey() + ".bin"))) {
                e.getValue().write(o);
            }
        }
        writeStats(out.resolve("corpus-stats.properties"));
        String nested = nestedLog != null && Files.isRegularFile(nestedLog)
                ? Files.readString(nestedLog, StandardCharsets.UTF_8) : "";
        Files.writeString(out.resolve("metrics.txt"), "command: NestedSpeechEval " + String.join(" ", args)
                + "\n\n== selection for the shipped heads (leave-one-speaker-out over all 8 speakers) ==\n" + sel
                + "\n== nested run (the figures) ==\n" + nested, StandardCharsets.UTF_8);
        io.github.emotion4j.core.model.ModelCardWriter.Builder card = io.github.emotion4j.core.model.ModelCardWriter.builder()
                .setId(id)
                .setModality(io.github.emotion4j.core.Modality.AUDIO)
                .optHeader("Written by io.github.emotion4j.programs.audio.NestedSpeechEval; see MODEL_CARD.md");
        for (String f : enrolled ? List.of("head.bin", "head-speaker.bin", "head-enrolled.bin", "corpus-stats.properties",
                "metrics.txt") : List.of("head.bin", "head-speaker.bin", "corpus-stats.properties", "metrics.txt")) {
            card.addFile(f, io.github.emotion4j.core.model.ModelFormat.RAW);
        }
        for (String c : channelHeads.keySet()) {
            card.addFile("head-" + c + ".bin", io.github.emotion4j.core.model.ModelFormat.RAW);
            card.put("head." + c + ".file", "head-" + c + ".bin").put("head." + c + ".layers", channelHeads.get(c).layerSpec());
        }
        if (!channelHeads.isEmpty()) {
            card.put("head.channel.experts", String.join(",", channelExperts));
        }
        card.put("labels", String.join(",", classes));
        if (classes.size() == 7) {
            card.put("labelSet", "EMODB_7");
        }
        card.put("activation", "softmax")
                .put("head.layers", heads.get("corpus").layerSpec())
                .put("head.normalize", "true")
                .put("head.speaker.file", "head-speaker.bin")
                .put("head.speaker.layers", heads.get("speaker").layerSpec());
        if (enrolled) {
            card.put("head.enrolled.file", "head-enrolled.bin").put("head.enrolled.layers", heads.get("enroll5").layerSpec());
        }
        card
                .put("features", "prosody-v1")
                .put("features.count", String.valueOf(ProsodyExtractor.FEATURE_NAMES.size()))
                .put("preprocess.sampleRate", "16000")
                .put("source", "trained by emotion4j (io.github.emotion4j.programs.audio.NestedSpeechEval, DJL PyTorch engine)")
                .put("license", "Apache-2.0 (weights); training data: Berlin EmoDB, free for research use")
                .put("trainingData", "Berlin EmoDB " + dataName + ", " + items.size() + " files, " + speakers.size()
                        + " speakers");
        // figures: the nested run's outer json lines, one per mode
        for (String l : nested.split("\n")) {
            if (l.startsWith("metric.")) {
                int eq = l.indexOf('=');
                card.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        String selText = sel.toString();
        for (String l : selText.split("\n")) {
            if (l.startsWith("shipped ") && l.contains("chosen ") && l.contains(" (leave")) {
                String mode = l.substring(8, l.indexOf(' ', 8));
                card.put("train." + mode, l.substring(l.indexOf("chosen ") + 7, l.indexOf(" (leave")));
            }
        }
        card.optModelCardText(sha -> markdown(id, sha, nested, selText, args));
        card.build().write(out);
        say("wrote " + out);
    }

    /** MODEL_CARD.md: what the model is, its checksums, and the nested run's figures with the commands. */
    private String markdown(String id, Map<String, String> sha, String nested, String selection, String[] args) {
        StringBuilder m = new StringBuilder();
        m.append("# ").append(id).append("\n\n");
        m.append("A speech emotion classifier trained by emotion4j on Berlin EmoDB (`").append(dataName).append("`, ")
                .append(items.size()).append(" files, ").append(speakers.size()).append(" speakers ")
                .append(String.join(", ", speakers)).append("): the 75 prosodic and spectral features `prosody-v1` ")
                .append("(`ProsodyExtractor.FEATURE_NAMES`, over the span the energy VAD finds) into small MLP heads ")
                .append("trained with DJL on the PyTorch engine and exported to emotion-core's `DenseHead` (input ")
                .append("standardisation inside; inference is plain Java). Heads on the same features:\n\n")
                .append("- `head.bin` — per file, no speaker information (the default);\n")
                .append("- `head-speaker.bin` — features standardised by one speaker's own statistics (used with ")
                .append("`audio.normalize=auto|recording` on long recordings);\n")
                .append(sha.containsKey("head-enrolled.bin") ? "- `head-enrolled.bin` — features minus a speaker baseline (the mean "
                        + "of neutral clips of that speaker, `SpeakerBaseline`), trained with baselines of 5 random "
                        + "neutral clips per speaker.\n\n" : "- no enrolled head: features minus a speaker baseline (the mean of "
                        + "5 neutral clips, `enroll5` below) scored BELOW the per-file head in the nested run, so it is not "
                        + "shipped and a `SpeakerBaseline` given to this model is ignored with a warning.\n\n")
                .append(!sha.containsKey("head-channel.bin") ? "" : "Channel experts (`head.channel.experts=" + String.join(",",
                        channelExperts) + "`): `head-channel.bin` is a gate on the same features (outputs clean, "
                        + String.join(", ", channelExperts) + "; fixed settings " + GATE + ") trained on the clean files, "
                        + "their telephone-band copies and their augmented copies (the random augmentations"
                        + (babbleCopies > 0 ? " and " + babbleCopies + " babble-only copies per file at 5-20 dB SNR" : "")
                        + "); the class probabilities are the mixture of `head.bin`'s (clean) and the experts' "
                        + "weighted by the gate's softmax: `head-telephone.bin` trained on the telephone-band copies, "
                        + "`head-noisy.bin` on the clean files plus the augmented copies; both experts use the corpus "
                        + "head's chosen settings and temperature. The gate's most likely output per robustness "
                        + "condition is counted in the table below (`gate:`). The "
                        + "speaker-normalised head (`audio.normalize=auto|recording`) has no experts.\n\n")
                .append("Classes are balanced by oversampling while training; each head's temperature (chosen by ")
                .append("negative log-likelihood in leave-one-speaker-out folds) is folded into its last layer.\n\n");
        m.append("| | |\n|---|---|\n");
        m.append("| Classes (label order) | ").append(String.join(", ", classes)).append(" |\n");
        m.append("| Training data | Berlin EmoDB `").append(dataName).append("`, free for research use |\n");
        m.append("| Licence | weights Apache-2.0 |\n");
        m.append("| Program | `io.github.emotion4j.programs.audio.NestedSpeechEval` (models/programs), seed ").append(seed)
                .append(", augmentation ").append(augment).append(" copies per training file |\n");
        m.append("| SHA-256 | ");
        sha.forEach((f, h) -> m.append("`").append(f).append("` ").append(h).append("; "));
        m.append("|\n\n");
        m.append("## Figures: nested speaker-independent evaluation\n\n")
                .append("Outer loop: leave one speaker out; the figures below pool the 8 outer test speakers. ")
                .append(augmentChoice.equals("select") ? "Every choice (head size, dropout, weight decay, epochs, with or "
                        + "without augmented copies, temperature) " : "Every choice (head size, dropout, weight decay, "
                        + "epochs, temperature; the corpus head " + (augmentChoice.equals("never") ? "without" : "with")
                        + " augmented copies by design, `--augment-choice " + augmentChoice + "`) ")
                .append("was made by leave-one-speaker-out over the 7 other speakers only, by pooled ")
                .append("macro-F1 (temperature by negative log-likelihood). ")
                .append(cardNotes.isEmpty() ? "Nothing here was used for selection. " : "Within this run nothing here "
                        + "was used for selection, but this design is the last of several examined on the same outer "
                        + "folds (see \"Variants examined\" below), so its figures are somewhat optimistic. ")
                .append("The previous card's leave-one-speaker-out figures were selection figures (the same folds ")
                .append("chose and reported the model) and overstated accuracy on new voices.\n\n")
                .append("Normalisations: `corpus` per file without speaker information (the default head); ")
                .append("`speaker` every speaker's features standardised by the mean and standard deviation of all ")
                .append("of that speaker's files, unlabelled; `enroll1`/`enroll5` features minus the mean of 1 or 5 ")
                .append("neutral clips of the speaker (the test speaker's enrollment clips are removed from the ")
                .append("test set, so those rows have fewer files). The `speaker` line \"single-emotion recordings\" ")
                .append("standardises each test class's files by their own statistics, as a long recording of one ")
                .append("emotion would be: per-recording statistics then remove the emotion, which is why ")
                .append("`audio.normalize` defaults to `corpus`.\n\n")
                .append("Robustness (corpus head): the outer test speaker's files under each condition (babble ")
                .append("summed from 5 utterances of the fold's training speakers; synthetic reverberation; speed ")
                .append("by resampling; pitch by WSOLA + resampling; gain; telephone 300-3400 Hz through 8 kHz; ")
                .append("MP3 32 kbit/s and Opus 16 kbit/s round trips through FFmpeg in-process), scored with the ")
                .append("outer model.\n\n```\n");
        for (String l : nested.split("\n")) {
            if (!l.startsWith("    inner[") && !l.startsWith("json:") && !l.startsWith("metric.") && !l.isBlank()
                    && !l.startsWith("grid:")) {
                m.append(l).append('\n');
            }
        }
        m.append("```\n\n## Selection for the shipped heads\n\n")
                .append("The shipped heads apply the same selection to all 8 speakers (leave-one-speaker-out over ")
                .append("the 8) and are then trained on all 8; these are selection figures, not estimates:\n\n```\n");
        for (String l : selection.split("\n")) {
            if (l.startsWith("shipped")) {
                m.append(l).append('\n');
            }
        }
        m.append("```\n\nCommands (from the repository root with `../shared/data` present; classpath of ")
                .append("models/programs with `./mvnw -o -q -B -pl models/programs dependency:build-classpath`):\n\n```\n")
                .append("java -Dai.djl.pytorch.num_threads=1 -cp ... io.github.emotion4j.programs.audio.NestedSpeechEval ")
                .append("--data ../shared/data/speech/").append(dataName).append(" --augment ").append(augment)
                .append(" --modes corpus").append(corpusFlags()).append("\n")
                .append("java ... NestedSpeechEval --data ../shared/data/speech/").append(dataName).append(" --augment ")
                .append(augment).append(" --modes speaker,enroll1,enroll5 --no-robustness\n")
                .append("java ... NestedSpeechEval ").append(String.join(" ", args)).append("\n```\n\n")
                .append("`metrics.txt` holds the full output including the inner-fold tables and JSON reports.\n\n")
                .append(cardNotes.isEmpty() ? "" : cardNotes.strip() + "\n\n")
                .append("## What EmoDB is, and what that means for other speech\n\n")
                .append("EmoDB is **acted** emotional speech: 10 professional German actors (8 here) reading 10 ")
                .append("neutral German sentences in each emotion, recorded in an anechoic studio at 16 kHz. Expect ")
                .append("clearly lower accuracy on spontaneous, conversational, noisy, telephone or far-field speech, ")
                .append("on other languages and cultures, and on children's or elderly voices. With 8 speakers ")
                .append("(4 female, 4 male) speaker variation is barely covered. Use the output as a soft cue, not ")
                .append("a verdict about a person.\n");
        return m.toString();
    }

    /** The corpus mode's non-default options, as command-line flags. */
    private String corpusFlags() {
        StringBuilder f = new StringBuilder();
        if (!augmentChoice.equals("select")) {
            f.append(" --augment-choice ").append(augmentChoice);
        }
        if (!biasMode.equals("none")) {
            f.append(" --bias ").append(biasMode);
        }
        if (!selectObjective.equals("clean")) {
            f.append(" --select ").append(selectObjective);
        }
        if (telephoneCopies) {
            f.append(" --telephone-copies");
        }
        if (!channelExperts.isEmpty()) {
            f.append(" --channel-experts ").append(String.join(",", channelExperts));
        }
        if (babbleCopies > 0) {
            f.append(" --babble-copies ").append(babbleCopies);
        }
        if (!candidates.isEmpty()) {
            f.append(" --candidates ").append(String.join(",", candidates.stream().map(Candidate::name).toList()));
        }
        return f.toString();
    }

    /** The head with its logits divided by t (the last layer scaled). */
    static DenseHead withTemperature(DenseHead h, double t) {
        return withCalibration(h, t, new double[h.outputSize()]);
    }

    /** The head whose logits are {@code logits / t + bias} (the last layer scaled, the offsets added to its bias). */
    static DenseHead withCalibration(DenseHead h, double t, double[] bias) {
        List<DenseHead.Layer> layers = new ArrayList<>(h.layers());
        DenseHead.Layer last = layers.get(layers.size() - 1);
        float[][] w = new float[last.weights().length][];
        float[] b = new float[last.bias().length];
        for (int o = 0; o < w.length; o++) {
            w[o] = last.weights()[o].clone();
            for (int i = 0; i < w[o].length; i++) {
                w[o][i] /= (float) t;
            }
            b[o] = (float) (last.bias()[o] / t + bias[o]);
        }
        layers.set(layers.size() - 1, new DenseHead.Layer(w, b, last.activation()));
        return new DenseHead(h.mean().orElse(null), h.std().orElse(null), layers);
    }

    private void writeStats(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# Per-feature corpus statistics of the training set (" + dataName
                + "), for explanation cues: p25, median, p75\n");
        List<String> names = ProsodyExtractor.FEATURE_NAMES;
        for (int j = 0; j < names.size(); j++) {
            double[] v = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                v[i] = x[i][j];
            }
            org.apache.commons.math3.stat.descriptive.rank.Percentile p =
                    new org.apache.commons.math3.stat.descriptive.rank.Percentile();
            p.setData(v);
            sb.append(String.format(Locale.ROOT, "%s=%.6g,%.6g,%.6g%n", names.get(j), p.evaluate(25), p.evaluate(50),
                    p.evaluate(75)));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private void say(String s) {
        System.out.println(s);
        System.out.flush();
        log.append(s).append('\n');
    }

    static int argmax(float[] v) {
        return EmoDbTrainer.argmax(v);
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }
}
