/*
 * Sentences/s of several ONNX files of the MiniLM encoder on the same GoEmotions texts, interleaved
 * rounds, plus langchain4j's AllMiniLmL6V2QuantizedEmbeddingModel; cosine of each file's pooled
 * vectors against the first file's. Flags: -Dtexts=TSV -Dtokenizer=tokenizer.json -Dthreads=N
 * (ORT intra-op threads) -Dbatch=N -Dtokin=true (tokenise inside the timing) -Dpar=N -Dmicro=N
 * -Dgroup=N (N worker threads taking micro-batches, sorted within groups of N texts). See run.sh.
 */
import ai.onnxruntime.*;
import ai.djl.huggingface.tokenizers.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

public class Compare {
    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(System.getProperty("threads", "1"));
        int bs = Integer.getInteger("batch", 1);
        int rounds = Integer.getInteger("rounds", 4);
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("texts")))) { texts.add(line.split("\t")[0]); if (texts.size() >= 512) break; }
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(Path.of(System.getProperty("tokenizer")), Map.of("padding","false","truncation","true","maxLength","256"));
        long[][] ids = new long[texts.size()][];
        for (int i = 0; i < texts.size(); i++) ids[i] = tok.encode(texts.get(i)).getIds();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        for (String m : a) {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(threads);
            if (m.contains("split")) { o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL); o.setInterOpNumThreads(Integer.getInteger("inter", 2)); }
            sessions.add(env.createSession(m, o));
        }
        boolean tokIn = Boolean.getBoolean("tokin");
        var lcm = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
        var segs = texts.stream().map(dev.langchain4j.data.segment.TextSegment::from).toList();
        double lcBest = 0;
        double[] best = new double[a.length];
        float[][] ref = null;
        for (int round = 0; round < rounds; round++) {
            StringBuilder sb = new StringBuilder("round " + round + ":");
            for (int k = 0; k < a.length; k++) {
                float[][] out = new float[ids.length][];
                long t = System.nanoTime();
                Integer[] order = new Integer[ids.length]; for (int i=0;i<order.length;i++) order[i]=i;
                int grp = Integer.getInteger("group", 0);
                if (bs > 1 && grp == 0) Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
                if (grp > 0) for (int g0 = 0; g0 < order.length; g0 += grp) Arrays.sort(order, g0, Math.min(order.length, g0 + grp), Comparator.comparingInt(i -> ids[i].length));
                int par = Integer.getInteger("par", 1);
                final int kk = k; final Integer[] ord = order;
                if (par > 1) {
                    int micro = Integer.getInteger("micro", 8);
                    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                    Thread[] th = new Thread[par];
                    for (int w = 0; w < par; w++) { th[w] = new Thread(() -> { try {
                        for (int from; (from = next.getAndAdd(micro)) < ids.length; ) {
                            int b = Math.min(micro, ids.length - from); int len = 0;
                            for (int i = 0; i < b; i++) len = Math.max(len, ids[ord[from + i]].length);
                            long[] x = new long[b*len], mk = new long[b*len];
                            for (int i=0;i<b;i++){ long[] c = ids[ord[from+i]]; System.arraycopy(c,0,x,i*len,c.length); Arrays.fill(mk,i*len,i*len+c.length,1L);}
                            Map<String, OnnxTensor> in = new HashMap<>();
                            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(x), new long[]{b,len}));
                            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mk), new long[]{b,len}));
                            in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b*len]), new long[]{b,len}));
                            try (OrtSession.Result r = sessions.get(kk).run(in)) { r.get(0); }
                            in.values().forEach(OnnxTensor::close);
                        } } catch (Exception e) { throw new RuntimeException(e); } }); th[w].start(); }
                    for (Thread x : th) x.join();
                } else
                for (int from = 0; from < ids.length; from += bs) {
                    int b = Math.min(bs, ids.length - from); int len = 0;
                    for (int i = 0; i < b; i++) len = Math.max(len, ids[order[from + i]].length);
                    if (tokIn) { for (int i = 0; i < b; i++) ids[order[from+i]] = tok.encode(texts.get(order[from+i])).getIds(); }
                    long[] x = new long[b*len], mk = new long[b*len];
                    for (int i=0;i<b;i++){ long[] c = ids[order[from+i]]; System.arraycopy(c,0,x,i*len,c.length); Arrays.fill(mk,i*len,i*len+c.length,1L);}
                    Map<String, OnnxTensor> in = new HashMap<>();
                    in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(x), new long[]{b,len}));
                    in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mk), new long[]{b,len}));
                    in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b*len]), new long[]{b,len}));
                    try (OrtSession.Result r = sessions.get(k).run(in)) {
                        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        for (int i = 0; i < b; i++) {
                            float[] v = new float[384]; int n = 0;
                            for (int p = 0; p < len; p++) { if (mk[i*len+p]==0) continue; n++; for (int d = 0; d < 384; d++) v[d] += fb.get((i*len+p)*384+d); }
                            out[order[from+i]] = v;
                        }
                    }
                    in.values().forEach(OnnxTensor::close);
                }
                double rate = ids.length / ((System.nanoTime() - t) / 1e9);
                best[k] = Math.max(best[k], rate);
                sb.append(String.format(" %.0f", rate));
                if (round == rounds - 1 && Integer.getInteger("par", 1) == 1) {
                    if (k == 0) ref = out;
                    else {
                        double min = 1, sum = 0; int worst = 0;
                        for (int i = 0; i < out.length; i++) { double c = cos(out[i], ref[i]); if (c < min) { min = c; worst = i; } sum += c; }
                        System.out.printf("%s: cosine vs first min %.5f (text %d, %d tokens) mean %.6f%n", a[k], min, worst, ids[worst].length, sum / out.length);
                    }
                }
            }
            long t0 = System.nanoTime();
            if (bs == 1) for (String x : texts) lcm.embed(x);
            else for (int from = 0; from < segs.size(); from += bs) lcm.embedAll(segs.subList(from, Math.min(segs.size(), from + bs)));
            double lr = texts.size() / ((System.nanoTime() - t0) / 1e9);
            lcBest = Math.max(lcBest, lr);
            sb.append(String.format(" | langchain4j %.0f", lr));
            System.out.println(sb);
        }
        for (int k = 0; k < a.length; k++) System.out.printf("best %-40s %.1f/s  ratio vs first %.2f  vs langchain4j %.2f%n", a[k], best[k], best[k] / best[0], best[k] / lcBest);
        System.out.printf("langchain4j best %.1f/s%n", lcBest);
    }
    static double cos(float[] a, float[] b) { double d=0,x=0,y=0; for (int i=0;i<a.length;i++){d+=a[i]*b[i];x+=a[i]*a[i];y+=b[i]*b[i];} return d/Math.sqrt(x*y); }
}
