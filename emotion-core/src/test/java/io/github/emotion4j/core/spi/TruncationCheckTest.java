package io.github.emotion4j.core.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruncationCheckTest {
    @TempDir
    Path dir;

    @Test
    void durationsWithinCodecDelayAreNotTruncation() {
        assertFalse(TruncationCheck.shortOf(5.9, 6.0));
        assertFalse(TruncationCheck.shortOf(1.0, 0));
        assertTrue(TruncationCheck.shortOf(1.9, 6.0));
        assertTrue(TruncationCheck.note(1.9, 6.0).startsWith(TruncationCheck.TRUNCATED + ": decoded 1.90 s of 6.00 s"));
    }

    @Test
    void containerSizesAgainstTheFile() throws Exception {
        ByteBuffer riff = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(1000).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        Path cut = Files.write(dir.resolve("cut.wav"), riff.array());
        assertTrue(TruncationCheck.containerShortfall(cut).orElseThrow().contains("declares 1008 bytes, the file has 100"));
        riff.putInt(4, 92);
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("whole.wav"), riff.array())).isEmpty());
        // an empty EBML header, then a Matroska segment whose 2-byte size (0x41F4 -> 500) outruns a 60-byte file
        byte[] mkv = new byte[60];
        byte[] head = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x80, 0x18, 0x53, (byte) 0x80, 0x67, 0x41, (byte) 0xF4};
        System.arraycopy(head, 0, mkv, 0, head.length);
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("cut.mkv"), mkv)).orElseThrow()
                .contains("Matroska segment"));
        mkv[9] = (byte) (0x80 | 50); // a 1-byte size of 50: the segment ends exactly at 10 + 50 = 60
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("whole.mkv"), mkv)).isEmpty());
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("other.bin"), new byte[50])).isEmpty());
    }

    @Test
    void mp4BoxesMustFitTheFile() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putInt(16).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.putInt(48).put("mdat".getBytes(StandardCharsets.US_ASCII));
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("whole.mp4"), b.array())).isEmpty());
        b.putInt(16, 4000);
        assertTrue(TruncationCheck.containerShortfall(Files.write(dir.resolve("cut.mp4"), b.array())).orElseThrow()
                .contains("MP4 box 'mdat' declares 4016 bytes, the file has 64"));
    }

    @Test
    void oggNeedsACompleteEndOfStreamPage() throws Exception {
        byte[] page = new byte[27 + 1 + 10];
        System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, page, 0, 4);
        page[26] = 1;
        page[27] = 10;
        page[5] = 0x04;
        assertTrue(TruncationCheck.oggTail(Files.write(dir.resolve("whole.ogg"), page)).isEmpty());
        page[5] = 0;
        assertTrue(TruncationCheck.oggTail(Files.write(dir.resolve("noeos.ogg"), page)).isPresent());
        page[5] = 0x04;
        byte[] cut = Arrays.copyOf(page, page.length - 3);
        assertTrue(TruncationCheck.oggTail(Files.write(dir.resolve("cut.ogg"), cut)).orElseThrow().contains("cut short"));
    }
}
