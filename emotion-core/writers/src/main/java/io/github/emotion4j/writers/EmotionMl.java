package io.github.emotion4j.writers;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Exports an {@link EmotionPrediction} as W3C Emotion Markup Language (EmotionML) 1.0.
 *
 * <p>Vocabularies: the W3C's own where they fit. Categories come from {@link #BIG6}
 * (anger, disgust, fear, happiness, sadness, surprise) and dimensions from {@link #PAD}
 * (pleasure, arousal, dominance; emotion4j's valence is PAD's pleasure). The document declares
 * one vocabulary of its own, {@code #emotion4j-categories} ({@link #CATEGORY_VOCABULARY}), for
 * the labels big6 lacks: neutral, contempt, boredom, other. EmotionML allows one category set per
 * {@code <emotion>}, so every distribution is written as a pair of elements with the same timing
 * and references:
 * <ul>
 *   <li>{@code <emotion id="X">}: the six big6 {@code <category name value>}s (value = probability,
 *       0 where the model has no such class) and the three PAD {@code <dimension>}s;</li>
 *   <li>{@code <emotion id="X-extra" category-set="#emotion4j-categories">}: neutral, contempt,
 *       boredom and other, with the rest of the same distribution (the two together sum to 1).</li>
 * </ul>
 * The document holds
 * <ol>
 *   <li>the pair {@code fused} for the whole input, but only when the prediction has evidence
 *       ({@link EmotionPrediction#hasEvidence()}); otherwise no whole-input {@code <emotion>} at all
 *       (no category claim) and the {@code <info>} starts with {@code no evidence};</li>
 *   <li>a pair {@code audio|vision|text} per modality with evidence,
 *       {@code expressed-through} = {@code voice}, {@code face} or {@code text};</li>
 *   <li>a pair {@code t1 ...} per fused timeline segment and one per modality segment
 *       ({@code audio-1 ...}), timed with {@code offset-to-start} and {@code duration} in milliseconds
 *       relative to the start of the media ({@code time-ref-uri} = the media,
 *       {@code time-ref-anchor-point="start"}), and a {@code <reference role="expressedBy">} with a
 *       media-fragment URI ({@code #t=start,end}).</li>
 * </ol>
 * EmotionML scale values lie in [0, 1]: emotion4j's dimensions on [-1, 1] are mapped with
 * {@code (x + 1) / 2}. Stateless and thread-safe.
 */
public final class EmotionMl {
    /** The EmotionML 1.0 namespace. */
    public static final String NS = "http://www.w3.org/2009/10/emotionml";
    /** The W3C category vocabulary of Ekman's six basic emotions. */
    public static final String BIG6 = "http://www.w3.org/TR/emotion-voc/xml#big6";
    /** The W3C pleasure-arousal-dominance dimension vocabulary. */
    public static final String PAD = "http://www.w3.org/TR/emotion-voc/xml#pad-dimensions";
    /** Id of the category vocabulary the document declares for the labels big6 lacks. */
    public static final String CATEGORY_VOCABULARY = "emotion4j-categories";
    /** Suffix of the id of the second {@code <emotion>} of a pair, the one in {@link #CATEGORY_VOCABULARY}. */
    public static final String EXTRA_SUFFIX = "-extra";
    /** The labels written with {@link #BIG6}, in order. */
    public static final List<Emotion> BIG6_LABELS = List.of(Emotion.ANGER, Emotion.DISGUST, Emotion.FEAR,
            Emotion.HAPPINESS, Emotion.SADNESS, Emotion.SURPRISE);
    /** The labels of the document's own vocabulary, in order. */
    public static final List<Emotion> EXTRA_LABELS = List.of(Emotion.NEUTRAL, Emotion.CONTEMPT, Emotion.BOREDOM,
            Emotion.OTHER);

    private EmotionMl() {
    }

    /** The EmotionML word for how a modality is expressed: voice, face or text. */
    public static String expressedThrough(Modality m) {
        return switch (m) {
            case AUDIO -> "voice";
            case VISION -> "face";
            case TEXT -> "text";
        };
    }

    /**
     * The prediction as an EmotionML document.
     *
     * @param prediction the prediction
     * @param mediaUri   the analysed media as a (relative) URI, e.g. {@code demo.mp4}; empty for plain text
     */
    public static Document toDocument(EmotionPrediction prediction, Optional<String> mediaUri) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(mediaUri, "mediaUri");
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not configured", e);
        }
        Element root = doc.createElementNS(NS, "emotionml");
        root.setAttribute("version", "1.0");
        root.setAttribute("category-set", BIG6);
        root.setAttribute("dimension-set", PAD);
        doc.appendChild(root);

        Element info = el(doc, root, "info");
        info.setTextContent((prediction.hasEvidence() ? "" : "no evidence: no modality found anything to judge, "
                + "so there is no whole-input emotion; ") + "emotion4j " + prediction.provenance().libraryVersion() + "; fusion "
                + prediction.fusion().strategy() + "; models " + prediction.provenance().models().stream()
                .map(m -> m.id() + " " + m.version()).distinct().toList()
                + "; valence is PAD pleasure; dimensions mapped from [-1,1] to [0,1] as (x+1)/2; each emotion X"
                + " continues in X" + EXTRA_SUFFIX + " with the labels big6 lacks");

        Element cats = el(doc, root, "vocabulary");
        cats.setAttribute("type", "category");
        cats.setAttribute("id", CATEGORY_VOCABULARY);
        for (Emotion e : EXTRA_LABELS) {
            el(doc, cats, "item").setAttribute("name", e.word());
        }

        StringJoiner through = new StringJoiner(" ");
        prediction.modalities().forEach((m, r) -> {
            if (r.hasEvidence()) {
                through.add(expressedThrough(m));
            }
        });
        if (prediction.hasEvidence()) {
            double end = prediction.timeline().stream().mapToDouble(s -> s.span().end()).max().orElse(0);
            for (Element fused : emotion(doc, root, "fused", prediction.fused(), prediction.dimensions())) {
                if (through.length() > 0) {
                    fused.setAttribute("expressed-through", through.toString());
                }
                if (end > 0) {
                    time(fused, new TimeSpan(0, end), mediaUri);
                }
                mediaUri.ifPresent(uri -> reference(doc, fused, uri));
            }
        }

        for (Map.Entry<Modality, ModalityResult> e : prediction.modalities().entrySet()) {
            ModalityResult r = e.getValue();
            if (r.distribution().isEmpty()) {
                continue;
            }
            for (Element m : emotion(doc, root, e.getKey().word(), r.distribution().get(),
                    r.dimensions().orElse(r.distribution().get().dimensions()))) {
                m.setAttribute("expressed-through", expressedThrough(e.getKey()));
                mediaUri.ifPresent(uri -> reference(doc, m, uri));
            }
        }

        int i = 1;
        for (Segment s : prediction.timeline()) {
            StringJoiner j = new StringJoiner(" ");
            for (Modality m : Modality.values()) {
                if (s.modalities().containsKey(m)) {
                    j.add(expressedThrough(m));
                }
            }
            for (Element t : emotion(doc, root, "t" + i++, s.distribution(), s.dimensions())) {
                if (j.length() > 0) {
                    t.setAttribute("expressed-through", j.toString());
                }
                timed(doc, t, s.span(), mediaUri);
            }
        }
        for (Map.Entry<Modality, ModalityResult> e : prediction.modalities().entrySet()) {
            int k = 1;
            for (Segment s : e.getValue().segments()) {
                for (Element t : emotion(doc, root, e.getKey().word() + "-" + k++, s.distribution(), s.dimensions())) {
                    t.setAttribute("expressed-through", expressedThrough(e.getKey()));
                    timed(doc, t, s.span(), mediaUri);
                }
            }
        }
        return doc;
    }

    /** The document as indented UTF-8 text. */
    public static String toXml(EmotionPrediction prediction, Optional<String> mediaUri) {
        StringWriter w = new StringWriter();
        transform(toDocument(prediction, mediaUri), new StreamResult(w));
        return w.toString();
    }

    /** Writes the document to a file. */
    public static void write(EmotionPrediction prediction, Optional<String> mediaUri, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            transform(toDocument(prediction, mediaUri), new StreamResult(out));
        }
    }

    private static void transform(Document doc, StreamResult result) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(doc), result);
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write EmotionML: " + e.getMessage(), e);
        }
    }

    private static Element el(Document doc, Element parent, String name) {
        Element e = doc.createElementNS(NS, name);
        parent.appendChild(e);
        return e;
    }

    /** The pair: big6 categories and PAD dimensions, then the labels big6 lacks in the own vocabulary. */
    private static List<Element> emotion(Document doc, Element root, String id, EmotionDistribution d, Dimensions dims) {
        Element e = el(doc, root, "emotion");
        e.setAttribute("id", id);
        categories(doc, e, d, BIG6_LABELS);
        dimension(doc, e, "pleasure", dims.valence());
        dimension(doc, e, "arousal", dims.arousal());
        dimension(doc, e, "dominance", dims.dominance());
        Element extra = el(doc, root, "emotion");
        extra.setAttribute("id", id + EXTRA_SUFFIX);
        extra.setAttribute("category-set", "#" + CATEGORY_VOCABULARY);
        categories(doc, extra, d, EXTRA_LABELS);
        return List.of(e, extra);
    }

    private static void categories(Document doc, Element e, EmotionDistribution d, List<Emotion> labels) {
        for (Emotion label : labels) {
            Element c = el(doc, e, "category");
            c.setAttribute("name", label.word());
            c.setAttribute("value", num(d.probability(label)));
        }
    }

    private static void dimension(Document doc, Element parent, String name, double value) {
        Element d = el(doc, parent, "dimension");
        d.setAttribute("name", name);
        d.setAttribute("value", num(toUnit(value)));
    }

    /** Maps a dimension on [-1, 1] to EmotionML's [0, 1]. */
    public static double toUnit(double x) {
        return Math.max(0, Math.min(1, (x + 1) / 2));
    }

    private static void timed(Document doc, Element e, TimeSpan span, Optional<String> mediaUri) {
        time(e, span, mediaUri);
        mediaUri.ifPresent(uri -> reference(doc, e, uri + String.format(Locale.ROOT, "#t=%.3f,%.3f", span.start(), span.end())));
    }

    private static void time(Element e, TimeSpan span, Optional<String> mediaUri) {
        mediaUri.ifPresent(uri -> {
            e.setAttribute("time-ref-uri", uri);
            e.setAttribute("time-ref-anchor-point", "start");
        });
        e.setAttribute("offset-to-start", Long.toString(Math.round(span.start() * 1000)));
        e.setAttribute("duration", Long.toString(Math.round(span.duration() * 1000)));
    }

    private static void reference(Document doc, Element e, String uri) {
        Element r = el(doc, e, "reference");
        r.setAttribute("uri", uri);
        r.setAttribute("role", "expressedBy");
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
