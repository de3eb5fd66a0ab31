package io.github.emotion4j.programs.conversation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads named float32 tensors in the {@code weights.bin} format emotion-text's
 * {@code DialogueContextModel} reads (the fusion weights' format: {@code "E4JF"}, version 1,
 * little-endian, matrices {@code [in, out]}).
 */
final class WeightsFile {
    private WeightsFile() {
    }

    static void write(Path file, Map<String, int[]> shapes, Map<String, float[]> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {'E', '4', 'J', 'F'}).putInt(1).putInt(shapes.size());
        out.write(head.array());
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] s = e.getValue();
            float[] v = values.get(e.getKey());
            ByteBuffer b = ByteBuffer.allocate(8 + name.length + 4 * s.length + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(name.length).put(name).putInt(s.length);
            for (int d : s) {
                b.putInt(d);
            }
            for (float f : v) {
                b.putFloat(f);
            }
            out.write(b.array());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.toByteArray());
    }

    /** Reads tensors back: values by name, shapes into {@code shapes}. */
    static Map<String, float[]> read(Path file, Map<String, int[]> shapes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int n = b.getInt();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[b.getInt()];
            b.get(name);
            int[] s = new int[b.getInt()];
            int size = 1;
            for (int r = 0; r < s.length; r++) {
                s[r] = b.getInt();
                size *= s[r];
            }
            float[] v = new float[size];
            for (int j = 0; j < size; j++) {
                v[j] = b.getFloat();
            }
            String key = new String(name, StandardCharsets.UTF_8);
            out.put(key, v);
            shapes.put(key, s);
        }
        return out;
    }
}
