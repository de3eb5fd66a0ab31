package io.github.emotion4j.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.testing.FakeModalities;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals("#" + EmotionMl.CATEGORY_VOCABULARY, root.getAttribute("category-set"));
        NodeList vocab = doc.getElementsByTagNameNS(EmotionMl.NS, "vocabulary");
        assertEquals(2, vocab.getLength());
        NodeList emotions = doc.getElementsByTagNameNS(EmotionMl.NS, "emotion");
        // fused + 3 modalities + fused timeline + 3 + 8 + 3 modality segments
        assertEquals(1 + 3 + p.timeline().size() + 3 + 8 + 3, emotions.getLength());
        for (int i = 0; i < emotions.getLength(); i++) {
            Element e = (Element) emotions.item(i);
            NodeList dims = e.getElementsByTagNameNS(EmotionMl.NS, "dimension");
            assertEquals(3, dims.getLength());
            for (int k = 0; k < dims.getLength(); k++) {
                double v = Double.parseDouble(((Element) dims.item(k)).getAttribute("value"));
                assertTrue(v >= 0 && v <= 1, "EmotionML values are in [0,1]");
            }
            NodeList cats = e.getElementsByTagNameNS(EmotionMl.NS, "category");
            assertTrue(cats.getLength() >= 7);
        }
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
        assertEquals(2, emotions.getLength());
        assertFalse(xml.contains("offset-to-start"));
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
