package io.github.emotion4j.cli;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Labelled examples read from disk for {@code evaluate}: a folder with one sub-folder per label
 * (the dataset's own words: {@code angry}, {@code happy}, {@code sad}, ... are mapped to
 * {@link Emotion}s), or a GoEmotions-style TSV ({@code text<TAB>label ids<TAB>id}) with a
 * {@code labels.txt} giving the id order. Immutable.
 *
 * @param examples    the examples in a stable order
 * @param classes     the dataset's emotions, in {@link Emotion} order
 * @param description what was read, for messages
 * @param skipped     rows or files left out, with the reason counted in {@link #skippedReason()}
 * @param skippedReason why rows were skipped
 */
record LabelledData(List<Example> examples, List<Emotion> classes, String description, int skipped, String skippedReason) {

    /** One input with its true label. */
    record Example(MediaInput input, Emotion truth, String name) {
    }

    /** Reads a folder-per-label tree or a TSV file. */
    static LabelledData read(Path data, Modality modality, Optional<Path> labelsFile, int limitPerClass) throws IOException {
        if (!Files.exists(data)) {
            throw new NoSuchFileException(data.toString());
        }
        if (Files.isDirectory(data)) {
            return folders(data, modality, limitPerClass);
        }
        String n = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".tsv") || n.endsWith(".csv")) {
            if (modality != Modality.TEXT) {
                throw new IllegalArgumentException("a TSV file holds texts: use --modality text with " + data);
            }
            return tsv(data, labelsFile, limitPerClass);
        }
        throw new IllegalArgumentException("--data must be a folder with one sub-folder per label, or a .tsv file; was " + data);
    }

    private static LabelledData folders(Path root, Modality modality, int limitPerClass) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        List<Example> examples = new ArrayList<>();
        Set<Emotion> classes = EnumSet.noneOf(Emotion.class);
        List<String> unknown = new ArrayList<>();
        int skipped = 0;
        for (Path dir : dirs) {
            String word = dir.getFileName().toString();
            Optional<Emotion> e = EmotionLabels.find(word);
            if (e.isEmpty()) {
                unknown.add(word);
                continue;
            }
            List<Path> files = filesBelow(dir);
            int taken = 0;
            for (Path f : files) {
                if (!accepts(modality, MediaKind.of(f))) {
                    skipped++;
                    continue;
                }
                if (limitPerClass > 0 && taken >= limitPerClass) {
                    break;
                }
                MediaInput in = modality == Modality.TEXT && MediaKind.of(f) == MediaKind.TEXT
                        ? MediaInput.ofText(Files.readString(f, StandardCharsets.UTF_8)) : MediaInput.ofFile(f);
                examples.add(new Example(in, e.get(), root.relativize(f).toString()));
                classes.add(e.get());
                taken++;
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no " + modality.word() + " examples under " + root
                    + ": expected one sub-folder per label (angry/, happy/, ...) holding "
                    + switch (modality) {
                        case AUDIO -> "audio files (.wav, .flac, .mp3 ...)";
                        case VISION -> "images (.png, .jpg ...) or videos";
                        case TEXT -> ".txt files";
                    } + (unknown.isEmpty() ? "" : "; sub-folders that are not emotion words: " + unknown));
        }
        return new LabelledData(examples, new ArrayList<>(classes), root + " (" + dirs.size() + " folders"
                + (unknown.isEmpty() ? "" : "; ignored, not emotion words: " + String.join(", ", unknown)) + ")", skipped,
                "files of another media kind");
    }

    /**
     * The regular files below a folder, sorted, following symbolic links to files and folders (a
     * folder of links to images works); a link that loops back to a folder above it is skipped, as
     * is a dangling link.
     */
    static List<Path> filesBelow(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException || Files.isSymbolicLink(file)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Collections.sort(files);
        return files;
    }

    private static boolean accepts(Modality m, MediaKind k) {
        return switch (m) {
            case AUDIO -> k == MediaKind.AUDIO || k == MediaKind.VIDEO;
            case VISION -> k == MediaKind.IMAGE || k == MediaKind.VIDEO;
            case TEXT -> k == MediaKind.TEXT || k == MediaKind.SUBTITLES;
        };
    }

    private static LabelledData tsv(Path file, Optional<Path> labelsFile, int limitPerClass) throws IOException {
        Path labels = labelsFile.orElseGet(() -> {
            Path beside = file.toAbsolutePath().getParent().resolve("labels.txt");
            return Files.isRegularFile(beside) ? beside : file.toAbsolutePath().getParent().getParent().resolve("labels.txt");
        });
        if (!Files.isRegularFile(labels)) {
            throw new NoSuchFileException(labels.toString(), null,
                    "the TSV's label ids need a labels.txt (one label word per line, in id order): pass --labels");
        }
        List<Emotion> byId = new ArrayList<>();
        for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
            String w = line.strip();
            if (w.isEmpty()) {
                continue;
            }
            Optional<Emotion> e = EmotionLabels.find(w);
            if (e.isEmpty() && LabelSet.GOEMOTIONS_28.indexOf(w) >= 0) {
                e = Optional.of(LabelSet.GOEMOTIONS_28.emotionAt(LabelSet.GOEMOTIONS_28.indexOf(w)));
            }
            byId.add(e.orElseThrow(() -> new IllegalArgumentException("label '" + w + "' in " + labels
                    + " is neither an emotion word nor a GoEmotions label")));
        }
        List<Example> examples = new ArrayList<>();
        Set<Emotion> classes = EnumSet.noneOf(Emotion.class);
        int[] perClass = new int[Emotion.values().length];
        int skipped = 0;
        int row = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 2) {
                throw new IllegalArgumentException(file + " line " + row + ": expected text<TAB>label ids, found " + cols.length
                        + " column(s)");
            }
            Set<Emotion> truth = EnumSet.noneOf(Emotion.class);
            try {
                for (String id : cols[1].split(",")) {
                    int i = Integer.parseInt(id.strip());
                    if (i < 0 || i >= byId.size()) {
                        throw new IllegalArgumentException(file + " line " + row + ": label id " + i + " is not in " + labels);
                    }
                    truth.add(byId.get(i));
                }
            } catch (NumberFormatException e) {
                if (row == 1) {
                    continue; // a header row
                }
                throw new IllegalArgumentException(file + " line " + row + ": label ids must be integers, was '" + cols[1] + "'", e);
            }
            if (truth.size() != 1) {
                skipped++;
                continue;
            }
            Emotion t = truth.iterator().next();
            if (limitPerClass > 0 && perClass[t.ordinal()] >= limitPerClass) {
                continue;
            }
            perClass[t.ordinal()]++;
            classes.add(t);
            String id = cols.length > 2 ? cols[2] : "line " + row;
            examples.add(new Example(MediaInput.ofText(cols[0]), t, id));
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no single-label rows in " + file);
        }
        List<Emotion> sorted = new ArrayList<>(classes);
        Collections.sort(sorted);
        return new LabelledData(examples, sorted, file + " with " + labels.getFileName(), skipped,
                "rows with several emotions (after mapping the labels)");
    }
}
