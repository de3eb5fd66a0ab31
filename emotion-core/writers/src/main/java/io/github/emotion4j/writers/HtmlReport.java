package io.github.emotion4j.writers;

import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A self-contained HTML report: the {@link TimelineChart} embedded as a base64 PNG, the summary,
 * one table row per modality, one per timeline segment, the faces ({@link EmotionPrediction#faces()}),
 * the cues, warnings and models. No scripts, no external files. Stateless and thread-safe.
 *
 * <p>Faces are drawn as an inline SVG: boxes, the 68 landmarks and the person number with the top
 * expression. Given the analysed picture ({@link #toHtml(EmotionPrediction, String, BufferedImage)};
 * for a video, any frame of it, e.g. a thumbnail), the SVG lies over the picture, in its pixel
 * coordinates; without one, the boxes are drawn on a blank canvas as large as the faces reach. For
 * a video each person's last window is drawn.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the report. */
    public static void write(EmotionPrediction prediction, String title, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        Files.writeString(file, toHtml(prediction, title), StandardCharsets.UTF_8);
    }

    /** Writes the report with the analysed picture (or a video frame) under the faces. */
    public static void write(EmotionPrediction prediction, String title, Path file, BufferedImage picture) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        Files.writeString(file, toHtml(prediction, title, picture), StandardCharsets.UTF_8);
    }

    /** The report as HTML text. */
    public static String toHtml(EmotionPrediction p, String title) {
        return toHtml(p, title, Optional.empty());
    }

    /** The report as HTML text, with the analysed picture (or a video frame) under the faces. */
    public static String toHtml(EmotionPrediction p, String title, BufferedImage picture) {
        return toHtml(p, title, Optional.of(Objects.requireNonNull(picture, "picture")));
    }

    private static String toHtml(EmotionPrediction p, String title, Optional<BufferedImage> picture) {
        Objects.requireNonNull(p, "prediction");
        Objects.requireNonNull(title, "title");
        StringBuilder h = new StringBuilder(64_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1240px}\n")
                .append("table{border-collapse:collapse;margin:8px 0 24px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:14px}\n")
                .append("th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}\n")
                .append("img{max-width:100%;border:1px solid #ddd}.muted{color:#666}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        LabelScore top = p.top();
        Dimensions d = p.dimensions();
        h.append("<p><b>Fused:</b> ").append(p.hasEvidence() ? label(top) : "<span class=\"muted\">no evidence</span>").append(String.format(Locale.ROOT,
                " &nbsp; <b>valence</b> %+.2f &nbsp; <b>arousal</b> %+.2f &nbsp; <b>dominance</b> %+.2f &nbsp; <b>fusion</b> %s",
                d.valence(), d.arousal(), d.dominance(), esc(p.fusion().strategy())));
        if (p.fusion().weights().size() > 1) {
            h.append(String.format(Locale.ROOT, " (inconsistency %.2f", p.fusion().inconsistency()));
            p.fusion().mostDisagreeing().ifPresent(m -> h.append(", most disagreeing: ").append(m.first().word())
                    .append(" vs ").append(m.second().word()));
            h.append(')');
        }
        h.append("</p>\n");
        h.append("<img alt=\"emotion timeline\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(TimelineChart.png(p, title))).append("\">\n");

        h.append("<h2>Modalities</h2>\n<table>\n<tr><th>modality</th><th>top</th><th>fusion weight</th>"
                + "<th>valence</th><th>arousal</th><th>segments</th><th>warnings</th></tr>\n");
        for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
            ModalityResult r = e.getValue();
            h.append("<tr><td>").append(e.getKey().word()).append("</td><td>")
                    .append(r.distribution().map(x -> label(x.top())).orElse("<span class=\"muted\">no evidence</span>"))
                    .append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.2f", p.fusion().weights().getOrDefault(e.getKey(), 0.0)))
                    .append("</td><td class=\"num\">").append(r.dimensions().map(x -> fmt(x.valence())).orElse(""))
                    .append("</td><td class=\"num\">").append(r.dimensions().map(x -> fmt(x.arousal())).orElse(""))
                    .append("</td><td class=\"num\">").append(r.segments().size())
                    .append("</td><td>").append(esc(String.join("; ", r.warnings()))).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Timeline</h2>\n");
        if (p.timeline().isEmpty()) {
            h.append("<p class=\"muted\">Timeless input: no segments.</p>\n");
        } else {
            h.append("<table>\n<tr><th>#</th><th>start (s)</th><th>end (s)</th><th>fused top</th>");
            for (Modality m : Modality.values()) {
                if (p.modalities().containsKey(m)) {
                    h.append("<th>").append(m.word()).append("</th>");
                }
            }
            h.append("<th>valence</th><th>arousal</th></tr>\n");
            int i = 1;
            for (Segment s : p.timeline()) {
                h.append("<tr><td class=\"num\">").append(i++).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.2f", s.span().start())).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.2f", s.span().end())).append("</td><td>")
                        .append(label(s.distribution().top())).append("</td>");
                for (Modality m : Modality.values()) {
                    if (p.modalities().containsKey(m)) {
                        EmotionDistribution md = s.modalities().get(m);
                        h.append("<td>").append(md == null ? "<span class=\"muted\">-</span>" : label(md.top())).append("</td>");
                    }
                }
                h.append("<td class=\"num\">").append(fmt(s.dimensions().valence())).append("</td><td class=\"num\">")
                        .append(fmt(s.dimensions().arousal())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        if (!p.faces().isEmpty()) {
            faces(h, p.faces(), picture);
        }
        if (!p.cues().isEmpty()) {
            h.append("<h2>Cues</h2>\n<ul>\n");
            for (Cue c : p.cues()) {
                h.append("<li><b>").append(c.modality().word()).append("</b>: ").append(esc(c.text())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (!p.warnings().isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>\n");
            p.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        List<ModelInfo> models = p.provenance().models();
        h.append("<h2>Provenance</h2>\n<table>\n<tr><th>model</th><th>version</th><th>engine</th><th>device</th><th>sha256</th></tr>\n");
        for (ModelInfo m : models) {
            h.append("<tr><td>").append(esc(m.id())).append("</td><td>").append(esc(m.version())).append("</td><td>")
                    .append(esc(m.engine())).append("</td><td>").append(esc(m.device())).append("</td><td><code>")
                    .append(esc(m.sha256().length() > 16 ? m.sha256().substring(0, 16) + "..." : m.sha256()))
                    .append("</code></td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">emotion4j ").append(esc(p.provenance().libraryVersion()))
                .append("</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void faces(StringBuilder h, List<FaceObservation> faces, Optional<BufferedImage> picture) {
        h.append("<h2>Faces</h2>\n");
        Map<Integer, FaceObservation> last = new LinkedHashMap<>();
        for (FaceObservation f : faces) {
            last.put(f.person(), f);
        }
        int w = picture.map(BufferedImage::getWidth).orElse(0);
        int ht = picture.map(BufferedImage::getHeight).orElse(0);
        if (picture.isEmpty()) {
            for (FaceObservation f : last.values()) {
                if (f.box().isPresent()) {
                    FaceObservation.Box b = f.box().get();
                    w = Math.max(w, b.x() + b.width() + 1);
                    ht = Math.max(ht, b.y() + b.height() + 1);
                }
            }
        }
        if (w > 0 && ht > 0) {
            double stroke = Math.max(1.0, Math.max(w, ht) / 400.0);
            h.append(String.format(Locale.ROOT, "<svg class=\"faces\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                    + "width=\"%d\" style=\"max-width:100%%;height:auto;border:1px solid #ddd;background:#fafafa\">\n",
                    w, ht, Math.min(w, 960)));
            picture.ifPresent(img -> h.append(String.format(Locale.ROOT,
                    "<image x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" href=\"data:image/jpeg;base64,%s\"/>\n",
                    img.getWidth(), img.getHeight(), Base64.getEncoder().encodeToString(jpeg(img)))));
            for (FaceObservation f : last.values()) {
                String color = TimelineChart.cssColor(f.top().label());
                if (f.box().isPresent()) {
                    FaceObservation.Box b = f.box().get();
                    h.append(String.format(Locale.ROOT, "<rect class=\"face\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                            + "fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>\n", b.x(), b.y(), b.width(), b.height(), color, 2 * stroke));
                    h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"%.1f\" fill=\"%s\" "
                            + "font-family=\"sans-serif\">#%d %s</text>\n", b.x(), Math.max(12 * stroke, b.y() - 3 * stroke),
                            12 * stroke, color, f.person(), esc(f.top().label().word())));
                }
                for (FaceObservation.Point q : f.landmarks()) {
                    h.append(String.format(Locale.ROOT, "<circle class=\"landmark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n",
                            q.x(), q.y(), 1.5 * stroke, color));
                }
            }
            h.append("</svg>\n");
        }
        h.append("<table>\n<tr><th>person</th><th>start (s)</th><th>end (s)</th><th>frames</th><th>box (x y w h)</th>"
                + "<th>score</th><th>landmarks</th><th>top</th><th>warnings</th></tr>\n");
        for (FaceObservation f : faces) {
            h.append("<tr><td class=\"num\">").append(f.person()).append("</td><td class=\"num\">")
                    .append(f.span().map(s -> String.format(Locale.ROOT, "%.2f", s.start())).orElse(""))
                    .append("</td><td class=\"num\">")
                    .append(f.span().map(s -> String.format(Locale.ROOT, "%.2f", s.end())).orElse(""))
                    .append("</td><td class=\"num\">").append(f.frames()).append("</td><td>")
                    .append(f.box().map(b -> b.x() + " " + b.y() + " " + b.width() + " " + b.height())
                            .orElse("<span class=\"muted\">whole image</span>"))
                    .append("</td><td class=\"num\">")
                    .append(Double.isFinite(f.score()) ? String.format(Locale.ROOT, "%.2f", f.score()) : "")
                    .append("</td><td class=\"num\">").append(f.landmarks().size()).append("</td><td>")
                    .append(label(f.top())).append("</td><td>").append(esc(String.join("; ", f.warnings())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The picture as JPEG, scaled down to at most 1280 pixels a side (the SVG keeps its coordinates). */
    private static byte[] jpeg(BufferedImage img) {
        double f = Math.min(1.0, 1280.0 / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int hh = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage rgb = new BufferedImage(w, hh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, hh, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the report picture", e);
        }
        return out.toByteArray();
    }

    private static String label(LabelScore s) {
        return "<span class=\"sw\" style=\"background:" + TimelineChart.cssColor(s.label()) + "\"></span>"
                + s.label().word() + String.format(Locale.ROOT, " %.0f%%", 100 * s.probability());
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%+.2f", x);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
