package io.github.emotion4j.cli;

import io.github.emotion4j.core.MediaKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns {@code analyze} arguments into the files to analyse: a file as given, a folder walked
 * recursively for the files whose extension {@link MediaKind} knows (hidden files and folders
 * skipped), a glob ({@code 'clips/*.mp4'}, {@code 'data/**}{@code /*.wav'}) matched with a
 * {@link PathMatcher} below its first folder without wildcards; {@code **}{@code /} also matches no folder,
 * as in shells with globstar. Folder and glob results are sorted by path; a file named twice is
 * analysed once. Stateless.
 */
final class InputFiles {
    private static final String WILDCARDS = "*?[{";

    private InputFiles() {
    }

    /** Whether an argument is a glob rather than a path (it has a wildcard and names nothing that exists). */
    static boolean isGlob(String arg) {
        if (arg.chars().noneMatch(c -> WILDCARDS.indexOf(c) >= 0)) {
            return false;
        }
        try {
            return !Files.exists(Path.of(arg));
        } catch (InvalidPathException e) {
            return true;
        }
    }

    /** Whether the arguments ask for a batch: several of them, a folder or a glob. */
    static boolean isBatch(List<String> args) {
        if (args.size() != 1) {
            return args.size() > 1;
        }
        String a = args.get(0);
        return isGlob(a) || Files.isDirectory(Path.of(a));
    }

    /**
     * The files, in argument order (each folder's and glob's sorted).
     *
     * @throws NoSuchFileException       when a named file or folder does not exist
     * @throws IllegalArgumentException  when a file's kind is unknown, or a folder or glob gives no media file
     */
    static List<Path> expand(List<String> args) throws IOException {
        Map<Path, Path> out = new LinkedHashMap<>();
        for (String arg : args) {
            List<Path> found;
            if (isGlob(arg)) {
                found = glob(arg);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no image, audio, video, text or subtitle file matches " + arg);
                }
            } else {
                Path p = Path.of(arg);
                if (Files.isDirectory(p)) {
                    found = walk(p, Integer.MAX_VALUE, null);
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException("no image, audio, video, text or subtitle file in " + arg);
                    }
                } else if (Files.isRegularFile(p)) {
                    if (MediaKind.of(p) == MediaKind.UNKNOWN) {
                        throw new IllegalArgumentException(unknownKind(p));
                    }
                    found = List.of(p);
                } else {
                    throw new NoSuchFileException(arg);
                }
            }
            for (Path p : found) {
                out.putIfAbsent(p.toAbsolutePath().normalize(), p);
            }
        }
        return List.copyOf(out.values());
    }

    static String unknownKind(Path file) {
        return "cannot tell what " + file + " holds from its extension; use an image (.jpg .png ...), audio (.wav .mp3 ...), "
                + "video (.mp4 .mkv ...), .txt, .srt or .vtt file";
    }

    private static List<Path> glob(String arg) throws IOException {
        String sep = FileSystems.getDefault().getSeparator();
        String normal = arg.replace(sep, "/");
        String[] parts = normal.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && parts[fixed].chars().noneMatch(c -> WILDCARDS.indexOf(c) >= 0)) {
            fixed++;
        }
        String base = String.join("/", java.util.Arrays.copyOfRange(parts, 0, fixed));
        if (normal.startsWith("/") && base.isEmpty()) {
            base = "/";
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        Path root = base.isEmpty() ? Path.of("") : Path.of(base);
        if (!base.isEmpty() && !Files.isDirectory(root)) {
            return List.of();
        }
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + rest));
        String noDirs = rest.replace("/**/", "/");
        if (noDirs.startsWith("**/")) {
            noDirs = noDirs.substring(3);
        }
        if (!noDirs.equals(rest)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + noDirs));
        }
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/", -1).length;
        return walk(root, depth, rel -> matchers.stream().anyMatch(m -> m.matches(rel)));
    }

    /** Regular media files below {@code root} (paths as {@code root.resolve(relative)}), sorted; hidden ones skipped. */
    private static List<Path> walk(Path root, int depth, java.util.function.Predicate<Path> relativeFilter)
            throws IOException {
        Path start = root.toString().isEmpty() ? Path.of(".") : root;
        try (Stream<Path> s = Files.walk(start, depth)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> start.relativize(p))
                    .filter(rel -> !hidden(rel))
                    .filter(rel -> relativeFilter == null || relativeFilter.test(rel))
                    .map(rel -> root.toString().isEmpty() ? rel : root.resolve(rel))
                    .filter(p -> MediaKind.of(p) != MediaKind.UNKNOWN)
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
