package io.github.emotion4j.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A media path from the input table as a local file: a path without scheme or a {@code file:} URI is used
 * where it is; any other Hadoop file system URI ({@code hdfs://}, {@code s3a://}, ...) is copied to a
 * temporary folder, which {@link #close()} deletes. The recognizer reads local files only.
 */
final class InputFile implements Closeable {
    private final Path local;
    private final Path tempFolder;

    private InputFile(Path local, Path tempFolder) {
        this.local = local;
        this.tempFolder = tempFolder;
    }

    /**
     * Resolves {@code path}; copies a remote one with {@code conf} (a new default configuration when
     * {@code null}).
     */
    static InputFile fetch(String path, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
        URI uri = hadoopPath.toUri();
        if (uri.getScheme() == null) {
            return new InputFile(Path.of(path), null);
        } else if (uri.getScheme().equals("file")) {
            return new InputFile(Path.of(uri.getPath()), null);
        }
        Path folder = Files.createTempDirectory("emotion4j-spark-");
        Path target = folder.resolve(hadoopPath.getName().isEmpty() ? "input" : hadoopPath.getName());
        try {
            FileSystem fs = hadoopPath.getFileSystem(conf == null ? new Configuration() : conf);
            fs.copyToLocalFile(false, hadoopPath, new org.apache.hadoop.fs.Path(target.toUri()), true);
        } catch (IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
        return new InputFile(target, folder);
    }

    /** Whether the file was copied here from a remote file system. */
    boolean copied() {
        return tempFolder != null;
    }

    /** The local file to read. */
    Path local() {
        return local;
    }

    /** Deletes the temporary copy, if any. Idempotent. */
    @Override
    public void close() {
        if (tempFolder != null) {
            delete(tempFolder);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary copy " + folder, e);
        }
    }
}
