package io.github.emotion4j.server.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Generates speech-like test audio (a voiced tone with a gliding pitch and syllable envelope) as WAV bytes. Stateless. */
public final class SyntheticWav {
    private SyntheticWav() {
    }

    /** A mono 16-bit PCM WAV of a tone with a syllable-like envelope, {@code seconds} long. */
    public static byte[] wav(double seconds, int rate) {
        int n = (int) Math.round(seconds * rate);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + 2 * n);
        int data = 2 * n;
        writeAscii(out, "RIFF");
        le32(out, 36 + data);
        writeAscii(out, "WAVEfmt ");
        le32(out, 16);
        le16(out, 1);
        le16(out, 1);
        le32(out, rate);
        le32(out, rate * 2);
        le16(out, 2);
        le16(out, 16);
        writeAscii(out, "data");
        le32(out, data);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double f0 = 160 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / rate;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.0 * t));
            double v = 0.4 * env * (Math.sin(phase) + 0.4 * Math.sin(2 * phase) + 0.2 * Math.sin(3 * phase));
            le16(out, (int) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
        }
        return out.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write(v >> 8 & 0xFF);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xFFFF);
        le16(out, v >>> 16);
    }
}
