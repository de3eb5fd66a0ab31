package io.github.emotion4j.programs.vision.fer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --key value} command lines of the FER2013 fine-tunes. */
final class FerArgs {
    private FerArgs() {
    }

    /** The settings every fine-tune takes: output folder (created), epochs, learning rate, batch, held-out fraction, split seed, time budget. */
    record Run(Path out, int epochs, double lr, int batch, double holdout, long seed, double minutes) {
    }

    /** {@code --out}, {@code --epochs}, {@code --lr}, {@code --batch} (64), {@code --holdout} (0.1), {@code --seed} (1), {@code --minutes}. */
    static Run run(Map<String, String> a, int epochs, String lr, double minutes) throws IOException {
        Path out = Path.of(a.get("out"));
        Files.createDirectories(out);
        return new Run(out, Integer.parseInt(a.getOrDefault("epochs", String.valueOf(epochs))),
                Double.parseDouble(a.getOrDefault("lr", lr)), Integer.parseInt(a.getOrDefault("batch", "64")),
                Double.parseDouble(a.getOrDefault("holdout", "0.1")), Long.parseLong(a.getOrDefault("seed", "1")),
                Double.parseDouble(a.getOrDefault("minutes", String.valueOf(minutes))));
    }

    /**
     * The pairs of a command line by key (without the dashes).
     *
     * @throws IllegalArgumentException for a word that is not {@code --key value} or a key not in {@code known}
     */
    static Map<String, String> parse(String[] args, List<String> known) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument " + args[i]);
            }
            a.put(args[i].substring(2), args[++i]);
        }
        for (String k : a.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown argument --" + k);
            }
        }
        return a;
    }
}
