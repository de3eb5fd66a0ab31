package io.github.emotion4j.cli.bench;

import io.github.emotion4j.vision.decode.VideoFrame;
import io.github.emotion4j.vision.decode.VideoReader;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes every frame of a video as raw {@code rgb24} (what {@code ffmpeg -f rawvideo -pix_fmt rgb24}
 * writes), decoded with the library's {@link VideoReader} (JavaCV's FFmpeg): the input of
 * {@code ../shared/peers/faceapi-video-bench.js} on machines without the ffmpeg command.
 *
 * <p>Command line: {@code <video> <frames.rgb>}; prints the frame count and size.
 */
public final class RawFrames {
    private RawFrames() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RawFrames <video> <frames.rgb>");
            System.exit(2);
        }
        long n = 0;
        int w = 0;
        int h = 0;
        try (VideoReader r = VideoReader.open(Path.of(args[0]), 0);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20)) {
            for (Optional<VideoFrame> f = r.next(); f.isPresent(); f = r.next()) {
                BufferedImage img = f.get().image();
                w = img.getWidth();
                h = img.getHeight();
                byte[] rgb = new byte[w * h * 3];
                if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
                    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                    for (int i = 0; i < rgb.length; i += 3) {
                        rgb[i] = bgr[i + 2];
                        rgb[i + 1] = bgr[i + 1];
                        rgb[i + 2] = bgr[i];
                    }
                } else {
                    for (int y = 0, o = 0; y < h; y++) {
                        for (int x = 0; x < w; x++, o += 3) {
                            int p = img.getRGB(x, y);
                            rgb[o] = (byte) (p >> 16);
                            rgb[o + 1] = (byte) (p >> 8);
                            rgb[o + 2] = (byte) p;
                        }
                    }
                }
                out.write(rgb);
                n++;
            }
        }
        System.out.printf("%d frames of %dx%d written to %s%n", n, w, h, args[1]);
    }
}
