package io.github.emotion4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The running test's classpath as an application would see it at run time: every entry but the
 * test framework's own jars and the test classes. Used by the sample apps under {@code examples/}
 * that depend on one artifact each, to check what that artifact brings.
 */
public final class RuntimeClasspath {
    private static final List<String> TEST_ONLY = List.of("/junit-", "/opentest4j-", "/apiguardian-", "/test-classes",
            "-tests.jar", "/surefire", "/emotion-core-0.1.0-SNAPSHOT-tests", "/emotion-core/target/test-classes");

    private RuntimeClasspath() {
    }

    /** The runtime entries (jars or class folders). */
    public static List<Path> entries() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String norm = e.replace('\\', '/');
            if (e.isBlank() || TEST_ONLY.stream().anyMatch(norm::contains)) {
                continue;
            }
            out.add(Path.of(e));
        }
        return out;
    }

    /** Entries whose file name contains {@code fragment} (case-insensitive). */
    public static List<Path> matching(String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        return entries().stream().filter(p -> p.toString().toLowerCase(Locale.ROOT).contains(f)).toList();
    }

    /** Bytes of all runtime entries (a class folder counts the files in it). */
    public static long bytes() {
        long total = 0;
        for (Path p : entries()) {
            total += size(p);
        }
        return total;
    }

    private static long size(Path p) {
        try {
            if (Files.isRegularFile(p)) {
                return Files.size(p);
            }
            if (!Files.isDirectory(p)) {
                return 0;
            }
            try (Stream<Path> s = Files.walk(p)) {
                return s.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listing, largest first, for failure messages. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        entries().stream().sorted((a, b) -> Long.compare(size(b), size(a)))
                .forEach(p -> sb.append(String.format(Locale.ROOT, "%n  %7.1f MB %s", size(p) / 1e6, p)));
        return sb.toString();
    }
}
