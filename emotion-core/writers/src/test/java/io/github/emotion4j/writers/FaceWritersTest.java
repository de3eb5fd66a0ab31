package io.github.emotion4j.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.FakeModalities;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Faces ({@link EmotionPrediction#faces()}) in the JSON, the CSV and the HTML report. */
class FaceWritersTest {
    private static List<FaceObservation.Point> landmarks(double x0, double y0) {
        List<FaceObservation.Point> p = new ArrayList<>();
        for (int i = 0; i < FaceObservation.LANDMARKS; i++) {
            p.add(new FaceObservation.Point(x0 + i * 0.5, y0 + (i % 7) * 1.25));
        }
        return p;
    }

    /** Two people in an image: one with a box and landmarks, one read as a whole crop with a warning. */
    private static EmotionPrediction prediction(boolean video) throws Exception {
        FaceObservation a = new FaceObservation(1, video ? Optional.of(new TimeSpan(0, 2)) : Optional.empty(),
                Optional.of(new FaceObservation.Box(40, 30, 120, 130)), 0.97, landmarks(50, 60),
                FakeModalities.peaked(Emotion.HAPPINESS, 0.8), video ? 8 : 1, List.of());
        FaceObservation b = new FaceObservation(2, video ? Optional.of(new TimeSpan(2, 4)) : Optional.empty(),
                Optional.of(new FaceObservation.Box(200, 20, 24, 26)), 0.51, List.of(),
                FakeModalities.peaked(Emotion.ANGER, 0.6), video ? 3 : 1, List.of("face of 24 px is too small for landmarks"));
        var vision = new FakeModalities.Scripted(Modality.VISION, (m, in, ctx) -> ModalityResult.builder(m)
                .distribution(FakeModalities.peaked(Emotion.HAPPINESS, 0.7)).face(a).face(b).build());
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(vision).build()) {
            return r.predict(MediaInput.ofText("fake"));
        }
    }

    @Test
    void predictionExposesTheVisionFaces() throws Exception {
        EmotionPrediction p = prediction(false);
        assertEquals(2, p.faces().size());
        assertEquals(List.of(1, 2), p.faces().stream().map(FaceObservation::person).toList());
        assertEquals(Emotion.HAPPINESS, p.faces().get(0).top().label());
        assertTrue(FakeModalities.textPrediction().faces().isEmpty(), "no vision, no faces");
    }

    @Test
    void jsonHasOneObjectPerFaceWithBoxLandmarksAndDistribution() throws Exception {
        JsonNode root = PredictionJson.toTree(prediction(true), "clip.mp4");
        JsonNode faces = root.get("faces");
        assertEquals(2, faces.size());
        JsonNode f = faces.get(0);
        assertEquals(1, f.get("person").asInt());
        assertEquals(0.0, f.get("start").asDouble());
        assertEquals(2.0, f.get("end").asDouble());
        assertEquals(8, f.get("frames").asInt());
        assertEquals(40, f.get("box").get("x").asInt());
        assertEquals(130, f.get("box").get("height").asInt());
        assertEquals(0.97, f.get("score").asDouble(), 1e-9);
        assertEquals(68, f.get("landmarks").size());
        assertEquals(50.0, f.get("landmarks").get(0).get(0).asDouble(), 1e-9);
        assertEquals(61.25, f.get("landmarks").get(1).get(1).asDouble(), 1e-9);
        assertEquals("happiness", f.get("top").get("label").asText());
        assertEquals(PredictionJson.LABELS.size(), f.get("distribution").size());
        JsonNode g = faces.get(1);
        assertEquals(0, g.get("landmarks").size());
        assertEquals("face of 24 px is too small for landmarks", g.get("warnings").get(0).asText());
        JsonNode still = PredictionJson.toTree(prediction(false), "photo.jpg").get("faces").get(0);
        assertTrue(still.get("start").isNull() && still.get("end").isNull(), still.toString());
    }

    @Test
    void csvFillsTheBoxColumnOnFaceRows() throws Exception {
        String csv = CsvWriter.toCsv("clip.mp4", prediction(true));
        List<CSVRecord> rows;
        try (CSVParser p = CSVParser.parse(csv, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            rows = p.getRecords();
        }
        List<CSVRecord> faces = rows.stream().filter(r -> r.get("modality").equals("face")).toList();
        assertEquals(2, faces.size());
        assertEquals("1", faces.get(0).get("person"));
        assertEquals("40 30 120 130", faces.get(0).get("box"));
        assertEquals("0.000", faces.get(0).get("start"));
        assertEquals("2.000", faces.get(0).get("end"));
        assertEquals("happiness", faces.get(0).get("top"));
        assertEquals("200 20 24 26", faces.get(1).get("box"));
        assertEquals("face of 24 px is too small for landmarks", faces.get(1).get("warnings"));
        rows.stream().filter(r -> !r.get("modality").equals("face")).forEach(r -> assertEquals("", r.get("box")));
    }

    @Test
    void htmlDrawsBoxesAndLandmarksOverThePicture() throws Exception {
        EmotionPrediction p = prediction(false);
        String plain = HtmlReport.toHtml(p, "photo.jpg");
        assertTrue(plain.contains("<h2>Faces</h2>"), "faces section");
        assertEquals(2, count(plain, "<rect class=\"face\""));
        assertEquals(68, count(plain, "<circle class=\"landmark\""));
        assertFalse(plain.contains("<image "), "no picture given");
        Matcher vb = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(plain);
        assertTrue(vb.find());
        assertTrue(Integer.parseInt(vb.group(1)) >= 224 && Integer.parseInt(vb.group(2)) >= 160, vb.group());

        String withPicture = HtmlReport.toHtml(p, "photo.jpg", new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR));
        assertTrue(withPicture.contains("viewBox=\"0 0 320 240\""), "the SVG uses the picture's pixels");
        assertTrue(withPicture.contains("<image x=\"0\" y=\"0\" width=\"320\" height=\"240\" href=\"data:image/jpeg;base64,"));
        assertTrue(withPicture.contains("<rect class=\"face\" x=\"40\" y=\"30\" width=\"120\" height=\"130\""));
        assertTrue(withPicture.contains("#1 happiness"));
        assertFalse(HtmlReport.toHtml(FakeModalities.textPrediction(), "t").contains("<h2>Faces</h2>"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
