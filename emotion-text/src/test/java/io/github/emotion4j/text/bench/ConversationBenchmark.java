package io.github.emotion4j.text.bench;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.text.conversation.ConversationAnalyzer;
import io.github.emotion4j.text.conversation.ConversationReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time of reading and analysing conversations with the bundled text models (no context model):
 * MELD dev (when {@code ../shared/data} is there) and one generated dialogue of
 * {@link Conversation#MAX_TURNS} turns (the limit), with the peak heap in use while it is analysed.
 * Each figure is the median of {@code R} runs after one warm-up. Prints figures; asserts nothing.
 *
 * <pre>
 * ./mvnw -o -q -B -pl emotion-text test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.github.emotion4j.text.bench.ConversationBenchmark -Dexec.classpathScope=test [-Dexec.args="3"]
 * </pre>
 */
public final class ConversationBenchmark {
    private static final String[] WORDS = {"I", "can't", "believe", "you", "did", "that", "again", "we", "were", "so",
        "happy", "yesterday", "but", "now", "it", "feels", "strange", "and", "a", "little", "sad", "honestly", "what",
        "a", "surprise", "oh", "no", "please", "stop", "great", "news", "terrible", "idea", "fine", "whatever"};

    private ConversationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(Locale.ROOT, "cores=%d, max heap=%d MB, runs=%d (median after one warm-up)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, runs);
        long t0 = System.nanoTime();
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().build()) {
            System.out.printf(Locale.ROOT, "recognizer build: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            ConversationAnalyzer analyzer = ConversationAnalyzer.builder(recognizer).build();
            var shared = TestData.sharedData();
            if (shared.isPresent()) {
                Path meld = shared.get().resolve("conversation/meld/dev.tsv");
                measure("MELD dev", meld, analyzer, runs);
            } else {
                System.out.println("MELD dev: skipped (no ../shared/data)");
            }
            Path dir = Files.createTempDirectory("e4j-conv-bench");
            Path big = dir.resolve("ten-thousand.tsv");
            StringBuilder sb = new StringBuilder("dialogue\tturn\tspeaker\ttext\n");
            java.util.Random rnd = new java.util.Random(14);
            for (int i = 0; i < Conversation.MAX_TURNS; i++) {
                sb.append("long\t").append(i).append('\t').append("S").append(rnd.nextInt(4)).append('\t');
                int len = 4 + rnd.nextInt(12);
                for (int k = 0; k < len; k++) {
                    sb.append(k == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
                }
                sb.append('\n');
            }
            Files.writeString(big, sb);
            measure("10,000 turns", big, analyzer, runs);
            Files.delete(big);
            Files.delete(dir);
        }
    }

    private static void measure(String name, Path file, ConversationAnalyzer analyzer, int runs) throws Exception {
        double[] read = new double[runs];
        double[] analyse = new double[runs];
        long[] peak = new long[runs];
        int utterances = 0;
        int dialogues = 0;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int r = -1; r < runs; r++) {
            System.gc();
            long base = mem.getHeapMemoryUsage().getUsed();
            AtomicLong max = new AtomicLong(base);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    max.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long a = System.nanoTime();
            List<Conversation> cs = ConversationReader.defaults().read(file);
            long b = System.nanoTime();
            List<ConversationResult> out = new ArrayList<>();
            for (Conversation c : cs) {
                out.add(analyzer.analyze(c));
            }
            long e = System.nanoTime();
            sampler.interrupt();
            sampler.join();
            utterances = out.stream().mapToInt(x -> x.utterances().size()).sum();
            dialogues = out.size();
            if (r >= 0) {
                read[r] = (b - a) / 1e6;
                analyse[r] = (e - b) / 1e6;
                peak[r] = (max.get() - base) >> 20;
            }
        }
        double rd = median(read);
        double an = median(analyse);
        System.out.printf(Locale.ROOT, "%s: %d dialogues, %d utterances: read %.0f ms, analyse %.0f ms (%.2f ms/utterance),"
                        + " total %.1f s; heap above baseline, peak %d MB (runs: read %s ms, analyse %s ms, peak %s MB)%n",
                name, dialogues, utterances, rd, an, an / utterances, (rd + an) / 1000, (long) median(toDouble(peak)),
                Arrays.toString(round(read)), Arrays.toString(round(analyse)), Arrays.toString(peak));
    }

    private static double[] toDouble(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static long[] round(double[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i]);
        }
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
