package io.github.emotion4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, so that progress may be drawn with carriage returns.
 * {@link System#console()} says whether stdin and stdout are one; on Linux the target of
 * {@code /proc/self/fd/2} says whether stderr is too (a redirected stderr points at a file or pipe).
 * Tests set the answer with {@link #override(Boolean)}.
 */
final class Terminal {
    private static volatile Boolean override;

    private Terminal() {
    }

    /** Whether a person is watching standard error. */
    static boolean stderrIsTerminal() {
        Boolean o = override;
        if (o != null) {
            return o;
        }
        if (System.console() == null) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
        return true;
    }

    /** Forces the answer ({@code null} = detect again); for tests. */
    static void override(Boolean isTerminal) {
        override = isTerminal;
    }
}
