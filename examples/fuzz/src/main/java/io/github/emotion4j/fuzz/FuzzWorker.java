package io.github.emotion4j.fuzz;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of the fuzz run: builds one recognizer with every bundled model, then reads
 * {@code id<TAB>path} lines from standard input and answers each with one line
 * {@code OUT<TAB>id<TAB>outcome<TAB>detail} on standard output, where outcome is {@code RESULT},
 * {@code TYPED} (a checked exception, e.g. MediaDecodeException) or {@code UNTYPED} (anything
 * else). Hangs and crashes are seen by the parent ({@link FuzzRunner}).
 */
public final class FuzzWorker {
    private FuzzWorker() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().build();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("READY");
            for (String line; (line = in.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                String id = line.substring(0, tab);
                Path file = Path.of(line.substring(tab + 1));
                out.println("OUT\t" + id + "\t" + outcome(recognizer, file));
            }
        }
    }

    /** The outcome of one input: {@code RESULT<TAB>top}, {@code TYPED<TAB>class} or {@code UNTYPED<TAB>class: message}. */
    static String outcome(EmotionRecognizer recognizer, Path file) {
        try {
            EmotionPrediction p = recognizer.predict(MediaInput.ofFile(file));
            return "RESULT\t" + p.fused().top().label() + " " + p.warnings().size() + " warnings";
        } catch (Exception e) {
            if (!(e instanceof RuntimeException)) {
                return "TYPED\t" + e.getClass().getSimpleName();
            }
            return "UNTYPED\t" + e.getClass().getName() + ": " + oneLine(e);
        } catch (Throwable t) {
            return "UNTYPED\t" + t.getClass().getName() + ": " + oneLine(t);
        }
    }

    private static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            sb.append(" at ").append(st[i]);
        }
        return sb.toString().replace('\n', ' ').replace('\t', ' ');
    }
}
