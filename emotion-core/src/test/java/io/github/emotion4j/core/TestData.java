package io.github.emotion4j.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates {@code src-test-data} and the optional {@code ../shared/data} for tests of every module. */
public final class TestData {
    private TestData() {
    }

    /** The repository's {@code src-test-data} folder. */
    public static Path root() {
        String p = System.getProperty("emotion4j.testdata.dir");
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("src-test-data"))) {
                return dir.resolve("src-test-data");
            }
        }
        throw new IllegalStateException("src-test-data not found; run tests from the repository");
    }

    /** A path inside {@code src-test-data}. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** {@code ../shared/data}, when this checkout sits beside it (never in a fresh clone). */
    public static Optional<Path> sharedData() {
        String p = System.getProperty("emotion4j.shared.dir");
        Path shared = p != null ? Path.of(p) : root().getParent().resolve("../shared").normalize();
        Path data = shared.resolve("data");
        return Files.isDirectory(data) ? Optional.of(data) : Optional.empty();
    }
}
