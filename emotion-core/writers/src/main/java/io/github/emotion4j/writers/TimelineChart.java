package io.github.emotion4j.writers;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws a prediction's timeline as a picture with Java2D (works headless):
 * <ul>
 *   <li>top panel: the fused probabilities of every emotion stacked over time;</li>
 *   <li>middle panel: valence and arousal over time on [-1, 1];</li>
 *   <li>bottom lanes: each modality's own segments (and the fused timeline), coloured by their top
 *       emotion, more opaque when more certain, labelled where they are wide enough.</li>
 * </ul>
 * A timeless input (a photo, a plain text) is drawn as one stretch labelled "whole input".
 * Stateless and thread-safe.
 */
public final class TimelineChart {
    /** Picture width in pixels. */
    public static final int WIDTH = 1200;

    private static final int LEFT = 96;
    private static final int RIGHT = 150;
    private static final int TOP = 86;
    private static final int STACK_H = 230;
    private static final int GAP = 34;
    private static final int DIM_H = 120;
    private static final int LANE_H = 30;
    private static final int BOTTOM = 46;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x66, 0x66, 0x66);
    private static final Color VALENCE = new Color(0x1B, 0x7F, 0x3B);
    private static final Color AROUSAL = new Color(0xC0, 0x39, 0x2B);
    private static final Map<Emotion, Color> COLORS = new EnumMap<>(Emotion.class);

    static {
        COLORS.put(Emotion.ANGER, new Color(0xD6, 0x27, 0x28));
        COLORS.put(Emotion.DISGUST, new Color(0x7E, 0x8C, 0x1E));
        COLORS.put(Emotion.FEAR, new Color(0x7B, 0x4F, 0xA0));
        COLORS.put(Emotion.HAPPINESS, new Color(0xF2, 0xB7, 0x01));
        COLORS.put(Emotion.SADNESS, new Color(0x1F, 0x77, 0xB4));
        COLORS.put(Emotion.SURPRISE, new Color(0xFF, 0x7F, 0x0E));
        COLORS.put(Emotion.NEUTRAL, new Color(0xA8, 0xA8, 0xA8));
        COLORS.put(Emotion.CONTEMPT, new Color(0x8C, 0x56, 0x4B));
        COLORS.put(Emotion.BOREDOM, new Color(0x17, 0xBE, 0xCF));
        COLORS.put(Emotion.OTHER, new Color(0xE3, 0x77, 0xC2));
    }

    private TimelineChart() {
    }

    /** The colour the chart and the HTML report use for an emotion. */
    public static Color color(Emotion e) {
        return COLORS.get(e);
    }

    /** CSS hex of {@link #color(Emotion)}. */
    public static String cssColor(Emotion e) {
        Color c = color(e);
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Writes the chart as a PNG file. */
    public static void writePng(EmotionPrediction prediction, String title, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        BufferedImage img = render(prediction, title);
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** The chart as PNG bytes. */
    public static byte[] png(EmotionPrediction prediction, String title) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(prediction, title), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One row of the bottom lanes. */
    private record Lane(String name, List<Segment> segments) {
    }

    /** Draws the chart. */
    public static BufferedImage render(EmotionPrediction prediction, String title) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(title, "title");
        boolean timeless = prediction.timeline().isEmpty();
        List<Segment> fusedLine = timeless
                ? List.of(new Segment(new TimeSpan(0, 1), prediction.fused(), prediction.dimensions(), Map.of(), "whole input"))
                : prediction.timeline();
        List<Lane> lanes = lanes(prediction, timeless, fusedLine);
        double end = fusedLine.stream().mapToDouble(s -> s.span().end()).max().orElse(1);
        for (Lane l : lanes) {
            end = Math.max(end, l.segments().stream().mapToDouble(s -> s.span().end()).max().orElse(0));
        }
        int lanesTop = TOP + STACK_H + GAP + DIM_H + GAP;
        int height = lanesTop + Math.max(1, lanes.size()) * LANE_H + BOTTOM;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            Axis x = new Axis(0, end, LEFT, WIDTH - RIGHT);
            header(g, prediction, title);
            stack(g, x, fusedLine, timeless);
            dimensions(g, x, fusedLine, TOP + STACK_H + GAP);
            lanes(g, x, lanes, lanesTop);
            timeAxis(g, x, lanesTop + Math.max(1, lanes.size()) * LANE_H, timeless);
            legend(g, fusedLine);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static List<Lane> lanes(EmotionPrediction p, boolean timeless, List<Segment> fusedLine) {
        List<Lane> lanes = new ArrayList<>();
        for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
            ModalityResult r = e.getValue();
            if (!r.segments().isEmpty()) {
                lanes.add(new Lane(e.getKey().word(), r.segments()));
            } else if (r.distribution().isPresent()) {
                // a timeless result (a photo, a plain text): one bar over the whole time axis
                double end = fusedLine.stream().mapToDouble(s -> s.span().end()).max().orElse(1);
                lanes.add(new Lane(e.getKey().word(), List.of(Segment.of(e.getKey(), new TimeSpan(0, end),
                        r.distribution().get(), "whole input"))));
            } else {
                lanes.add(new Lane(e.getKey().word(), List.of()));
            }
        }
        lanes.add(new Lane("fused", fusedLine));
        return lanes;
    }

    private static void header(Graphics2D g, EmotionPrediction p, String title) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(ellipsize(g, title, WIDTH - 40), 20, 30);
        LabelScore top = p.top();
        Dimensions d = p.dimensions();
        String sub = String.format(Locale.ROOT, "fused: %s %.0f%%   valence %+.2f   arousal %+.2f   dominance %+.2f   fusion: %s%s",
                top.label().word(), 100 * top.probability(), d.valence(), d.arousal(), d.dominance(),
                p.fusion().strategy(), p.fusion().weights().size() > 1
                        ? String.format(Locale.ROOT, " (inconsistency %.2f)", p.fusion().inconsistency()) : "");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(MUTED);
        g.drawString(ellipsize(g, sub, WIDTH - 40), 20, 54);
    }

    private static void stack(Graphics2D g, Axis x, List<Segment> line, boolean timeless) {
        int top = TOP;
        int bottom = TOP + STACK_H;
        panelTitle(g, "emotion probabilities (fused, stacked)", top);
        g.setColor(new Color(0xF4, 0xF4, 0xF4));
        g.fillRect(x.left, top, x.right - x.left, STACK_H);
        for (Segment s : line) {
            int x0 = x.px(s.span().start());
            int x1 = Math.max(x0 + 1, x.px(s.span().end()));
            double acc = 0;
            for (Emotion e : Emotion.values()) {
                double p = s.distribution().probability(e);
                if (p <= 0) {
                    continue;
                }
                int y1 = bottom - (int) Math.round(acc * STACK_H);
                acc += p;
                int y0 = bottom - (int) Math.round(acc * STACK_H);
                g.setColor(COLORS.get(e));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
            LabelScore top1 = s.distribution().top();
            String label = top1.label().word() + String.format(Locale.ROOT, " %.0f%%", 100 * top1.probability());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            FontMetrics fm = g.getFontMetrics();
            if (fm.stringWidth(label) + 8 < x1 - x0) {
                int ty = bottom - (int) Math.round(STACK_H * cumulativeMid(s.distribution(), top1.label())) + 4;
                g.setColor(new Color(255, 255, 255, 200));
                g.fillRoundRect(x0 + (x1 - x0 - fm.stringWidth(label)) / 2 - 3, ty - 12, fm.stringWidth(label) + 6, 16, 6, 6);
                g.setColor(INK);
                g.drawString(label, x0 + (x1 - x0 - fm.stringWidth(label)) / 2, ty);
            }
        }
        g.setColor(MUTED);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x.left, top, x.right - x.left, STACK_H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) {
            int y = bottom - k * STACK_H / 4;
            String t = (k * 25) + "%";
            g.drawString(t, x.left - 8 - g.getFontMetrics().stringWidth(t), y + 4);
        }
        if (timeless) {
            g.setColor(MUTED);
            g.drawString("timeless input: one distribution for the whole input", x.left + 6, top - 6 + STACK_H + 20);
        }
    }

    private static double cumulativeMid(EmotionDistribution d, Emotion target) {
        double acc = 0;
        for (Emotion e : Emotion.values()) {
            double p = d.probability(e);
            if (e == target) {
                return acc + p / 2;
            }
            acc += p;
        }
        return 0.5;
    }

    private static void dimensions(Graphics2D g, Axis x, List<Segment> line, int top) {
        panelTitle(g, "valence and arousal (-1 .. +1)", top);
        g.setColor(new Color(0xFA, 0xFA, 0xFA));
        g.fillRect(x.left, top, x.right - x.left, DIM_H);
        g.setColor(GRID);
        for (double v : new double[] {-0.5, 0.5}) {
            int y = dimY(v, top);
            g.drawLine(x.left, y, x.right, y);
        }
        g.setColor(MUTED);
        g.drawLine(x.left, dimY(0, top), x.right, dimY(0, top));
        g.drawRect(x.left, top, x.right - x.left, DIM_H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double v : new double[] {-1, 0, 1}) {
            String t = String.format(Locale.ROOT, "%+.0f", v).replace("+0", "0");
            g.drawString(t, x.left - 8 - g.getFontMetrics().stringWidth(t), dimY(v, top) + 4);
        }
        line(g, x, line, top, VALENCE, new BasicStroke(2.5f), true);
        line(g, x, line, top, AROUSAL, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {7f, 5f}, 0f), false);
        g.setStroke(new BasicStroke(1f));
    }

    private static void line(Graphics2D g, Axis x, List<Segment> line, int top, Color c, Stroke stroke, boolean valence) {
        Path2D path = new Path2D.Double();
        boolean started = false;
        double lastEnd = -1;
        for (Segment s : line) {
            double v = valence ? s.dimensions().valence() : s.dimensions().arousal();
            int y = dimY(v, top);
            int x0 = x.px(s.span().start());
            int x1 = x.px(s.span().end());
            if (!started || s.span().start() - lastEnd > 1e-3) {
                path.moveTo(x0, y);
                started = true;
            } else {
                path.lineTo(x0, y);
            }
            path.lineTo(x1, y);
            lastEnd = s.span().end();
        }
        g.setColor(c);
        g.setStroke(stroke);
        g.draw(path);
    }

    private static int dimY(double v, int top) {
        return top + (int) Math.round((1 - (v + 1) / 2) * DIM_H);
    }

    private static void lanes(Graphics2D g, Axis x, List<Lane> lanes, int top) {
        panelTitle(g, "what each modality saw (colour = top emotion, opacity = its probability)", top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            int y = top + i * LANE_H;
            g.setColor(i % 2 == 0 ? new Color(0xF7, 0xF7, 0xF7) : Color.WHITE);
            g.fillRect(x.left, y, x.right - x.left, LANE_H);
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(lane.name(), x.left - 8 - g.getFontMetrics().stringWidth(lane.name()), y + LANE_H / 2 + 5);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            if (lane.segments().isEmpty()) {
                g.setColor(MUTED);
                g.drawString("no evidence", x.left + 6, y + LANE_H / 2 + 4);
            }
            for (Segment s : lane.segments()) {
                int x0 = x.px(s.span().start());
                int x1 = Math.max(x0 + 2, x.px(s.span().end()));
                LabelScore t = s.distribution().top();
                Color c = COLORS.get(t.label());
                int alpha = (int) Math.round(255 * (0.25 + 0.75 * t.probability()));
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(255, alpha)));
                g.fillRect(x0, y + 4, x1 - x0 - 1, LANE_H - 8);
                String label = t.label().word();
                FontMetrics fm = g.getFontMetrics();
                if (fm.stringWidth(label) + 6 < x1 - x0) {
                    g.setColor(INK);
                    g.drawString(label, x0 + 4, y + LANE_H / 2 + 4);
                }
            }
        }
        g.setColor(MUTED);
        g.drawRect(x.left, top, x.right - x.left, Math.max(1, lanes.size()) * LANE_H);
    }

    private static void timeAxis(Graphics2D g, Axis x, int y, boolean timeless) {
        g.setColor(MUTED);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (timeless) {
            g.drawString("whole input (no timing)", x.left, y + 18);
            return;
        }
        double step = niceStep(x.max - x.min);
        for (double t = 0; t <= x.max + 1e-9; t += step) {
            int px = x.px(t);
            g.setColor(GRID);
            g.drawLine(px, TOP, px, TOP + STACK_H);
            g.drawLine(px, TOP + STACK_H + GAP, px, TOP + STACK_H + GAP + DIM_H);
            g.setColor(MUTED);
            g.drawLine(px, y, px, y + 5);
            String label = step < 1 ? String.format(Locale.ROOT, "%.1f", t) : String.format(Locale.ROOT, "%.0f", t);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, y + 18);
        }
        g.drawString("time (s)", x.right - g.getFontMetrics().stringWidth("time (s)"), y + 34);
    }

    static double niceStep(double range) {
        double raw = range / 10;
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static void legend(Graphics2D g, List<Segment> line) {
        int x = WIDTH - RIGHT + 18;
        int y = TOP + 6;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<Emotion> shown = new ArrayList<>(Emotion.CANONICAL);
        for (Emotion e : Emotion.values()) {
            if (!e.isCanonical() && line.stream().anyMatch(s -> s.distribution().probability(e) > 0)) {
                shown.add(e);
            }
        }
        for (Emotion e : shown) {
            g.setColor(COLORS.get(e));
            g.fillRect(x, y, 14, 14);
            g.setColor(INK);
            g.drawString(e.word(), x + 20, y + 12);
            y += 22;
        }
        y = TOP + STACK_H + GAP + 16;
        g.setColor(VALENCE);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(x, y, x + 22, y);
        g.setColor(INK);
        g.drawString("valence", x + 28, y + 4);
        y += 22;
        g.setColor(AROUSAL);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f));
        g.drawLine(x, y, x + 22, y);
        g.setStroke(new BasicStroke(1f));
        g.setColor(INK);
        g.drawString("arousal", x + 28, y + 4);
    }

    private static void panelTitle(Graphics2D g, String text, int top) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(text, LEFT, top - 7);
    }

    private static String ellipsize(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "...") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }

    /** Maps seconds to pixels. */
    private record Axis(double min, double max, int left, int right) {
        int px(double t) {
            double span = max - min <= 0 ? 1 : max - min;
            return left + (int) Math.round((t - min) / span * (right - left));
        }
    }
}
