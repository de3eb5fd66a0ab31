package io.github.emotion4j.programs.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An EmoDB folder laid out as {@code <label>/<file>.wav}; file names encode the speaker (first
 * two digits), the sentence and the emotion letter (W anger, L boredom, E disgust, A fear,
 * F happiness, T sadness, N neutral), which is checked against the folder.
 */
public final class EmoDbCorpus {
    /** One recording. */
    public record Item(Path file, String speaker, String label) {
    }

    private EmoDbCorpus() {
    }

    /** Lists the recordings, classes in alphabetical folder order. */
    public static List<Item> list(Path root) throws IOException {
        List<Item> items = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String label = d.getFileName().toString();
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList()) {
                        String name = f.getFileName().toString();
                        String letterLabel = letter(name.charAt(5));
                        if (!letterLabel.equals(label)) {
                            throw new IOException(f + ": emotion letter says " + letterLabel + " but the folder says " + label);
                        }
                        items.add(new Item(f, name.substring(0, 2), label));
                    }
                }
            }
        }
        return items;
    }

    /** The class names (folder names) in order. */
    public static List<String> classes(List<Item> items) {
        return items.stream().map(Item::label).distinct().sorted().toList();
    }

    static String letter(char c) {
        return switch (c) {
            case 'W' -> "anger";
            case 'L' -> "boredom";
            case 'E' -> "disgust";
            case 'A' -> "fear";
            case 'F' -> "happiness";
            case 'T' -> "sadness";
            case 'N' -> "neutral";
            default -> "unknown-" + c;
        };
    }
}
