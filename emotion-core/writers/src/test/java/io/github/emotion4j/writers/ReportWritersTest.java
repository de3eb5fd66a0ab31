package io.github.emotion4j.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.FakeModalities;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportWritersTest {
    @TempDir
    Path tmp;

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        EmotionPrediction p = FakeModalities.timedPrediction();
        Path file = tmp.resolve("out/p.json");
        PredictionJson.write(p, "demo.mp4", file);
        JsonNode root = PredictionJson.read(file);
        for (String f : List.of("schema", "input", "evidence", "top", "fused", "dimensions", "modalities", "timeline",
                "cues", "fusion", "warnings", "provenance")) {
            assertTrue(root.has(f), f);
        }
        assertEquals(PredictionJson.SCHEMA, root.get("schema").asText());
        assertEquals(p.top().label().word(), root.at("/top/label").asText());
        double sum = 0;
        for (JsonNode v : root.get("fused")) {
            sum += v.asDouble();
        }
        assertEquals(1.0, sum, 1e-5);
        for (String m : List.of("audio", "vision", "text")) {
            JsonNode mod = root.at("/modalities/" + m);
            for (String f : List.of("evidence", "top", "distribution", "dimensions", "segments", "cues", "warnings", "details",
                    "embeddings", "models")) {
                assertTrue(mod.has(f), m + "." + f);
            }
        }
        assertEquals(3, root.at("/modalities/audio/segments").size());
        assertEquals(p.timeline().size(), root.get("timeline").size());
        JsonNode seg = root.get("timeline").get(0);
        for (String f : List.of("start", "end", "source", "top", "distribution", "dimensions", "modalities")) {
            assertTrue(seg.has(f), "timeline." + f);
        }
        for (String f : List.of("strategy", "weights", "inconsistency", "mostDisagreeing", "details", "abstained")) {
            assertTrue(root.get("fusion").has(f), "fusion." + f);
        }
        assertEquals(3, root.at("/fusion/weights").size());
        assertEquals(0.8, root.at("/modalities/text/details/joy").asDouble(), 1e-9);
        assertTrue(root.at("/provenance/models").size() >= 3);
        assertTrue(root.get("warnings").get(0).asText().startsWith("vision: "));
        assertTrue(root.at("/modalities/audio/embeddings").isArray());
    }

    @Test
    void jsonHasAStableShape() throws Exception {
        JsonNode root = PredictionJson.mapper().readTree(PredictionJson.toJson(FakeModalities.timedPrediction(), "demo.mp4"));
        List<String> labels = PredictionJson.LABELS.stream().map(Emotion::word).toList();
        assertEquals(Emotion.CANONICAL, PredictionJson.LABELS.subList(0, 7));
        List<JsonNode> distributions = new ArrayList<>();
        distributions.add(root.get("fused"));
        root.get("modalities").forEach(m -> distributions.add(m.get("distribution")));
        for (JsonNode seg : root.get("timeline")) {
            distributions.add(seg.get("distribution"));
            seg.get("modalities").forEach(m -> distributions.add(m.get("distribution")));
        }
        root.get("modalities").forEach(m -> m.get("segments").forEach(seg -> distributions.add(seg.get("distribution"))));
        assertTrue(distributions.size() > 20);
        for (JsonNode d : distributions) {
            List<String> keys = new ArrayList<>();
            d.fieldNames().forEachRemaining(keys::add);
            assertEquals(labels, keys, "every distribution has the same keys in the same order");
            d.forEach(v -> assertTrue(v.isDouble(), "probabilities are numbers: " + d));
        }
        assertEquals(0.0, root.at("/fused/boredom").asDouble(-1));
        assertCamelCase(root);
    }

    @Test
    void jsonWithoutEvidenceMakesNoClaim() throws Exception {
        EmotionPrediction p = FakeModalities.noEvidencePrediction();
        assertFalse(p.hasEvidence());
        JsonNode root = PredictionJson.mapper().readTree(PredictionJson.toJson(p, "wall.png"));
        assertFalse(root.get("evidence").asBoolean(true));
        for (String f : List.of("top", "fused", "dimensions")) {
            assertTrue(root.get(f).isNull(), f + " is null without evidence: " + root);
        }
        assertFalse(root.toString().contains("\"anger\""), "no uniform anger: " + root);
        JsonNode vision = root.at("/modalities/vision");
        assertFalse(vision.get("evidence").asBoolean(true));
        assertTrue(vision.get("top").isNull());
        assertTrue(vision.at("/details/faces").isIntegralNumber(), "counts are integers: " + vision.get("details"));
        assertTrue(root.get("warnings").toString().contains("no face found"));
    }

    @Test
    void detailNamesAreCamelCase() {
        assertEquals("durationSeconds", PredictionJson.camelCase("duration_seconds"));
        assertEquals("feature.pitchRangeSemitones", PredictionJson.camelCase("feature.pitch_range_semitones"));
        assertEquals("frames.withFace", PredictionJson.camelCase("frames.withFace"));
        assertEquals("gate.crossModal", PredictionJson.camelCase("gate.cross-modal"));
    }

    private static void assertCamelCase(JsonNode n) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                assertTrue(e.getKey().matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*"), "camelCase key: " + e.getKey());
                assertCamelCase(e.getValue());
            });
        } else if (n.isArray()) {
            n.forEach(ReportWritersTest::assertCamelCase);
        }
    }

    @Test
    void emotionMlIsWellFormedAndUsesTheDeclaredVocabularies() throws Exception {
        EmotionPrediction p = FakeModalities.timedPrediction();
        Path file = tmp.resolve("p.emotionml.xml");
        EmotionMl.write(p, Optional.of("demo%20clip.mp4"), file);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        assertEquals(EmotionMl.NS, root.getNamespaceURI());
        assertEquals("emotionml", root.getLocalName());
        assertEquals("1.0", root.getAttribute("version"));
        assertEquals("http://www.w3.org/TR/emotion-voc/xml#big6", root.getAttribute("category-set"));
        assertEquals("http://www.w3.org/TR/emotion-voc/xml#pad-dimensions", root.getAttribute("dimension-set"));
        NodeList vocab = doc.getElementsByTagNameNS(EmotionMl.NS, "vocabulary");
        assertEquals(1, vocab.getLength(), "only the labels big6 lacks get an own vocabulary");
        Element own = (Element) vocab.item(0);
        assertEquals("category", own.getAttribute("type"));
        assertEquals(EmotionMl.CATEGORY_VOCABULARY, own.getAttribute("id"));
        assertEquals(List.of("neutral", "contempt", "boredom", "other"), names(own.getElementsByTagNameNS(EmotionMl.NS, "item")));
        NodeList emotions = doc.getElementsByTagNameNS(EmotionMl.NS, "emotion");
        // (fused + 3 modalities + fused timeline + 3 + 8 + 3 modality segments), each a big6 + extra pair
        assertEquals(2 * (1 + 3 + p.timeline().size() + 3 + 8 + 3), emotions.getLength());
        checkPairs(emotions);
        assertEquals("fused", ((Element) emotions.item(0)).getAttribute("id"));
        Element audio = byId(emotions, "audio");
        assertEquals("voice", audio.getAttribute("expressed-through"));
        Element seg = byId(emotions, "audio-2");
        assertEquals("3200", seg.getAttribute("offset-to-start"));
        assertEquals("2400", seg.getAttribute("duration"));
        Element ref = (Element) seg.getElementsByTagNameNS(EmotionMl.NS, "reference").item(0);
        assertEquals("demo%20clip.mp4#t=3.200,5.600", ref.getAttribute("uri"));
        assertEquals("face", byId(emotions, "vision").getAttribute("expressed-through"));
        assertTrue(byId(emotions, "fused").getAttribute("expressed-through").contains("text"));
    }

    @Test
    void emotionMlForPlainTextHasNoTiming() throws Exception {
        String xml = EmotionMl.toXml(FakeModalities.textPrediction(), Optional.empty());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList emotions = doc.getElementsByTagNameNS(EmotionMl.NS, "emotion");
        assertEquals(4, emotions.getLength());
        checkPairs(emotions);
        assertFalse(xml.contains("offset-to-start"));
    }

    @Test
    void emotionMlWithoutEvidenceHasNoCategoryClaim() throws Exception {
        String xml = EmotionMl.toXml(FakeModalities.noEvidencePrediction(), Optional.of("wall.png"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, doc.getElementsByTagNameNS(EmotionMl.NS, "emotion").getLength(), xml);
        assertEquals(0, doc.getElementsByTagNameNS(EmotionMl.NS, "category").getLength(), xml);
        String info = doc.getElementsByTagNameNS(EmotionMl.NS, "info").item(0).getTextContent();
        assertTrue(info.startsWith("no evidence"), info);
    }

    /**
     * The EmotionML rules the W3C checker enforces that apply here: ids unique, every emotion with at
     * least one category or dimension, names from the emotion's category set, none twice, values in [0, 1].
     */
    private static void checkPairs(NodeList emotions) {
        List<String> big6 = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise");
        List<String> own = List.of("neutral", "contempt", "boredom", "other");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < emotions.getLength(); i += 2) {
            Element e = (Element) emotions.item(i);
            Element x = (Element) emotions.item(i + 1);
            assertTrue(ids.add(e.getAttribute("id")) && ids.add(x.getAttribute("id")), "unique ids");
            assertEquals(e.getAttribute("id") + EmotionMl.EXTRA_SUFFIX, x.getAttribute("id"));
            assertEquals("", e.getAttribute("category-set"), "big6 from the root");
            assertEquals("#" + EmotionMl.CATEGORY_VOCABULARY, x.getAttribute("category-set"));
            assertEquals(big6, names(e.getElementsByTagNameNS(EmotionMl.NS, "category")));
            assertEquals(own, names(x.getElementsByTagNameNS(EmotionMl.NS, "category")));
            assertEquals(List.of("pleasure", "arousal", "dominance"), names(e.getElementsByTagNameNS(EmotionMl.NS, "dimension")));
            assertEquals(0, x.getElementsByTagNameNS(EmotionMl.NS, "dimension").getLength());
            assertEquals(e.getAttribute("offset-to-start"), x.getAttribute("offset-to-start"));
            assertEquals(e.getAttribute("expressed-through"), x.getAttribute("expressed-through"));
            double sum = 0;
            for (Element el : List.of(e, x)) {
                NodeList values = el.getElementsByTagNameNS(EmotionMl.NS, "*");
                for (int k = 0; k < values.getLength(); k++) {
                    Element v = (Element) values.item(k);
                    if (v.hasAttribute("value")) {
                        double d = Double.parseDouble(v.getAttribute("value"));
                        assertTrue(d >= 0 && d <= 1, "EmotionML values are in [0,1]");
                        if (v.getLocalName().equals("category")) {
                            sum += d;
                        }
                    }
                }
            }
            assertEquals(1.0, sum, 1e-3, "the pair holds one distribution");
        }
    }

    private static List<String> names(NodeList list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(((Element) list.item(i)).getAttribute("name"));
        }
        return out;
    }

    @Test
    void pngChartHasTheExpectedSizeAndColours() throws Exception {
        EmotionPrediction p = FakeModalities.timedPrediction();
        Path file = tmp.resolve("chart.png");
        TimelineChart.writePng(p, "emotion4j: fake.mp4", file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(TimelineChart.WIDTH, img.getWidth());
        assertTrue(img.getHeight() > 400);
        // the happiness colour appears in the stacked panel (the first seconds are happy in every modality)
        int happy = TimelineChart.color(io.github.emotion4j.core.label.Emotion.HAPPINESS).getRGB() & 0xFFFFFF;
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == happy) {
                    count++;
                }
            }
        }
        assertTrue(count > 1000, "happiness pixels: " + count);
        BufferedImage timeless = TimelineChart.render(FakeModalities.textPrediction(), "text");
        assertEquals(TimelineChart.WIDTH, timeless.getWidth());
    }

    @Test
    void htmlIsSelfContainedAndEscaped() throws Exception {
        EmotionPrediction p = FakeModalities.timedPrediction();
        Path file = tmp.resolve("report.html");
        HtmlReport.write(p, "emotion4j: <fake>.mp4", file);
        String html = Files.readString(file);
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("&lt;fake&gt;"));
        assertFalse(html.contains("<fake>"));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src=\"http"));
        assertEquals(p.timeline().size(), html.split("<tr><td class=\"num\">", -1).length - 1);
        String none = HtmlReport.toHtml(FakeModalities.noEvidencePrediction(), "wall.png");
        assertTrue(none.contains("<b>Fused:</b> <span class=\"muted\">no evidence</span>"));
    }

    private static Element byId(NodeList list, String id) {
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no emotion with id " + id);
    }
}
