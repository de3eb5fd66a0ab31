package io.github.emotion4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local paths are used in place; a path on another Hadoop file system is copied and the copy deleted. */
class InputFileTest {
    @TempDir
    Path tmp;

    /** The local disk under another scheme, standing in for hdfs:// or s3a://. */
    public static final class OtherFs extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("otherfs:///");
        }

        @Override
        public String getScheme() {
            return "otherfs";
        }
    }

    @Test
    void localPathsAndFileUrisAreReadInPlace() throws IOException {
        Path f = Files.writeString(tmp.resolve("a b.txt"), "hello");
        try (InputFile plain = InputFile.fetch(f.toString(), null);
             InputFile uri = InputFile.fetch("file:" + f, null)) {
            assertFalse(plain.copied());
            assertEquals(f, plain.local());
            assertFalse(uri.copied());
            assertEquals(f, uri.local());
        }
    }

    @Test
    void remotePathsAreCopiedAndTheCopyDeleted() throws IOException {
        Path f = Files.write(tmp.resolve("clip.wav"), new byte[] {1, 2, 3, 4});
        Configuration conf = new Configuration(false);
        conf.set("fs.otherfs.impl", OtherFs.class.getName());
        conf.setBoolean("fs.otherfs.impl.disable.cache", true);
        Path copy;
        try (InputFile remote = InputFile.fetch("otherfs://" + f, conf)) {
            assertTrue(remote.copied());
            copy = remote.local();
            assertEquals("clip.wav", copy.getFileName().toString(), "the name (and extension) is kept");
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(copy));
        }
        assertFalse(Files.exists(copy));
        assertFalse(Files.exists(copy.getParent()));
        assertThrows(IOException.class, () -> InputFile.fetch("otherfs://" + tmp.resolve("missing.wav"), conf));
    }
}
