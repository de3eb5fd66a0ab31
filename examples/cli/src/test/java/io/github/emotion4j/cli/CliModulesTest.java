package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.writers.CsvWriter;
import io.github.emotion4j.writers.EmotionMl;
import io.github.emotion4j.writers.PredictionJson;
import io.github.emotion4j.core.testing.Modules;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI commands end to end with the real modules and bundled models (each skipped while its module is absent). */
class CliModulesTest {
    private static final List<String> HAPPY = List.of("What a wonderful surprise, I am so happy to see you!",
            "I love this, thank you so much, it is perfect!", "We won! This is the best day of my life!",
            "Great news, I am thrilled and delighted.", "How lovely, that made me smile all day.",
            "I'm so glad you came, what a joy.");
    private static final List<String> ANGRY = List.of("This delay is outrageous, it makes me really angry.",
            "I am furious, you lied to me again!", "Stop it, I hate being treated like this.",
            "That is infuriating and completely unacceptable.", "Get out, I am so mad at you right now.",
            "How dare you speak to me like that!");
    private static final List<String> SAD = List.of("Now everyone has gone, and I feel sad and alone.",
            "I miss her so much, I cried all night.", "Nothing matters anymore, I feel empty.",
            "It breaks my heart that he is gone.", "I am so lonely and unhappy these days.",
            "We lost everything in the fire, I am devastated.");

    @TempDir
    Path tmp;

    @Test
    void analyzeTextWritesEveryOutput() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path json = tmp.resolve("t.json");
        Path xml = tmp.resolve("t.xml");
        Path png = tmp.resolve("t.png");
        Path html = tmp.resolve("t.html");
        Path csv = tmp.resolve("t.csv");
        CliRunner r = CliRunner.run("analyze", "--text", "I am furious, you lied to me again!", "--json", json.toString(),
                "--emotionml", xml.toString(), "--timeline", png.toString(), "--timeline", html.toString(),
                "--csv", csv.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("wrote " + csv), r.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", CsvWriter.HEADER), lines.get(0));
        assertEquals(3, lines.size(), "header, fused row, text row: " + lines);
        assertTrue(lines.get(1).startsWith("text,,,fused,,,true,anger,"), lines.get(1));
        assertTrue(r.out().startsWith("text: anger"), r.toString());
        JsonNode root = PredictionJson.read(json);
        assertEquals("anger", root.at("/top/label").asText());
        assertTrue(root.at("/modalities/text/evidence").asBoolean());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        assertEquals(EmotionMl.NS, f.newDocumentBuilder().parse(xml.toFile()).getDocumentElement().getNamespaceURI());
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 1000);
        assertTrue(Files.readString(html).contains("data:image/png;base64,"));
    }

    @Test
    void analyzeJsonToStdout() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        CliRunner r = CliRunner.run("analyze", "--text", "What a lovely surprise!", "--json", "-");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = PredictionJson.mapper().readTree(r.out());
        assertEquals(PredictionJson.SCHEMA, root.get("schema").asText());
    }

    @Test
    void analyzeCsvToStdout() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        CliRunner r = CliRunner.run("analyze", TestData.resolve("demo/demo.srt").toString(), "--csv", "-");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(String.join(",", CsvWriter.HEADER), lines.get(0), r.toString());
        // header, fused, text, 3 fused timeline segments, 3 subtitles
        assertEquals(9, lines.size(), r.toString());
    }

    @Test
    void analyzeAFacelessImageSaysNoEvidence() throws Exception {
        assumeTrue(Modules.present(Modality.VISION), "emotion-vision not on the classpath");
        BufferedImage white = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 160, 120);
        g.dispose();
        Path png = tmp.resolve("wall.png");
        ImageIO.write(white, "png", png.toFile());
        Path json = tmp.resolve("wall.json");
        Path csv = tmp.resolve("wall.csv");
        CliRunner r = CliRunner.run("analyze", png.toString(), "--modalities", "vision", "-o", "vision.detect=always",
                "--json", json.toString(), "--csv", csv.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith(png + ": no evidence"), r.toString());
        assertTrue(!r.out().contains("anger"), r.toString());
        JsonNode root = PredictionJson.read(json);
        assertTrue(!root.get("evidence").asBoolean(true) && root.get("top").isNull(), root.toPrettyString());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(1).contains(",fused,,,false,,,"), lines.get(1));
    }

    @Test
    void analyzeSubtitlesGivesATimeline() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path json = tmp.resolve("srt.json");
        CliRunner r = CliRunner.run("analyze", TestData.resolve("demo/demo.srt").toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode root = PredictionJson.read(json);
        assertEquals(3, root.get("timeline").size(), root.toPrettyString());
        assertEquals("happiness", root.at("/timeline/0/top/label").asText());
        assertEquals("anger", root.at("/timeline/1/top/label").asText());
        assertEquals("sadness", root.at("/timeline/2/top/label").asText());
    }

    @Test
    void analyzeTheDemoVideoWithEveryModality() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT) && Modules.present(Modality.VISION) && Modules.present(Modality.AUDIO),
                "all three modality modules needed");
        Path json = tmp.resolve("demo.json");
        Path png = tmp.resolve("demo.png");
        CliRunner r = CliRunner.run("analyze", TestData.resolve("demo/demo.mp4").toString(), "--transcript",
                TestData.resolve("demo/demo.srt").toString(), "--json", json.toString(), "--timeline", png.toString(),
                "--no-progress");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = PredictionJson.read(json);
        for (String m : List.of("audio", "vision", "text")) {
            assertTrue(root.at("/modalities/" + m + "/evidence").asBoolean(), m + " found nothing: " + r);
        }
        assertEquals(3, root.at("/fusion/weights").size());
        assertTrue(root.get("timeline").size() >= 3);
        assertTrue(Files.size(png) > 10_000);
    }

    @Test
    void evaluateAndTrainHeadOnATinyTextSet() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path tsv = tmp.resolve("tiny.tsv");
        Path labels = tmp.resolve("labels.txt");
        Files.writeString(labels, "anger\njoy\nsadness\n", StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("text\tlabels\tid\n");
        int id = 0;
        for (int k = 0; k < HAPPY.size(); k++) {
            sb.append(HAPPY.get(k)).append("\t1\tr").append(id++).append('\n');
            sb.append(ANGRY.get(k)).append("\t0\tr").append(id++).append('\n');
            sb.append(SAD.get(k)).append("\t2\tr").append(id++).append('\n');
        }
        sb.append("Mixed feelings today\t1,2\tr").append(id).append('\n');
        Files.writeString(tsv, sb.toString(), StandardCharsets.UTF_8);

        CliRunner eval = CliRunner.run("evaluate", "--modality", "text", "--data", tsv.toString(), "--json");
        assertEquals(0, eval.code(), eval.toString());
        JsonNode report = PredictionJson.mapper().readTree(eval.out());
        assertEquals(18, report.get("n").asInt());
        for (String f : List.of("accuracy", "macroF1", "perClass", "confusion")) {
            assertTrue(report.has(f), f);
        }
        assertTrue(report.get("accuracy").asDouble() >= 0.8, eval.out());

        Path model = tmp.resolve("my-text-head");
        CliRunner train = CliRunner.run("train-head", "--modality", "text", "--data", tsv.toString(), "--out", model.toString(),
                "--holdout", "0.34");
        assertEquals(0, train.code(), train.toString());
        assertTrue(Files.isRegularFile(model.resolve("model.properties")), train.toString());
        assertTrue(train.out().contains("loads with --model"), train.toString());

        CliRunner withModel = CliRunner.run("analyze", "--text", "I am furious, you lied to me again!", "--model",
                model.toString(), "--json", "-");
        assertEquals(0, withModel.code(), withModel.toString());
        JsonNode p = PredictionJson.mapper().readTree(withModel.out());
        assertEquals("anger", p.at("/top/label").asText());
        assertTrue(p.at("/provenance/models").toString().contains("my-text-head"), p.toPrettyString());

        CliRunner models = CliRunner.run("models", "--model", model.toString());
        assertEquals(0, models.code(), models.toString());
        assertTrue(models.out().contains("my-text-head") && models.out().contains("holdout.accuracy"), models.toString());
    }

    /** A voiced-sounding tone: harmonics of a gliding pitch, gated into syllables, with a little noise. */
    static void writeVoice(Path file, double pitch, double syllablesPerSecond, double loudness, long seed) throws Exception {
        int rate = 16_000;
        int n = (int) (1.6 * rate);
        java.util.Random rnd = new java.util.Random(seed);
        byte[] pcm = new byte[2 * n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double f0 = pitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * f0 / rate;
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += Math.sin(h * phase) / h;
            }
            double gate = t < 0.2 || t > 1.4 ? 0 : 0.5 + 0.5 * Math.abs(Math.sin(Math.PI * syllablesPerSecond * t));
            double x = loudness * (0.4 * v * gate + 0.002 * rnd.nextGaussian());
            short sample = (short) Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm), fmt, n)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    @Test
    void trainAnAudioHeadOnGeneratedVoices() throws Exception {
        assumeTrue(Modules.present(Modality.AUDIO), "emotion-audio not on the classpath");
        Path happy = Files.createDirectories(tmp.resolve("voices/happy"));
        Path sad = Files.createDirectories(tmp.resolve("voices/sad"));
        for (int i = 0; i < 4; i++) {
            writeVoice(happy.resolve("h" + i + ".wav"), 260 + 15 * i, 5, 0.8, i);
            writeVoice(sad.resolve("s" + i + ".wav"), 105 + 5 * i, 2, 0.3, 10 + i);
        }
        Path model = tmp.resolve("my-audio-head");
        CliRunner train = CliRunner.run("train-head", "--modality", "audio", "--data", tmp.resolve("voices").toString(),
                "--out", model.toString(), "--holdout", "0", "--epochs", "60", "--members", "1");
        assertEquals(0, train.code(), train.toString());
        assertTrue(Files.isRegularFile(model.resolve("corpus-stats.properties")), train.toString());
        CliRunner a = CliRunner.run("analyze", happy.resolve("h0.wav").toString(), "--model", model.toString(), "--json", "-");
        assertEquals(0, a.code(), a.toString());
        JsonNode p = PredictionJson.mapper().readTree(a.out());
        assertEquals("happiness", p.at("/modalities/audio/top/label").asText(), p.toPrettyString());
        assertTrue(p.at("/provenance/models").toString().contains("my-audio-head"), p.toPrettyString());
        CliRunner eval = CliRunner.run("evaluate", "--modality", "audio", "--data", tmp.resolve("voices").toString(), "--model",
                model.toString(), "--json");
        assertEquals(0, eval.code(), eval.toString());
        JsonNode report = PredictionJson.mapper().readTree(eval.out());
        assertEquals(8, report.get("n").asInt());
        assertTrue(report.get("accuracy").asDouble() >= 0.75, eval.out());
    }

    @Test
    void benchPrintsFiguresAndRatios() {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        CliRunner r = CliRunner.run("bench", "--modalities", "text", "-n", "2", "--warmup", "1", "--fusion-calls", "200",
                "--compare-engines", "--no-vision-benchmark");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("text    sentence"), r.toString());
        assertTrue(r.out().contains("ratio text sentence"), r.toString());
        assertTrue(r.out().contains("x late") && r.out().contains("moe"), r.toString());
    }

    /** A variant of the committed face: optionally mirrored, scaled in brightness, cropped by {@code crop} px a side. */
    static BufferedImage faceVariant(BufferedImage src, boolean flip, double brightness, int crop) {
        int w = src.getWidth() - 2 * crop;
        int h = src.getHeight() - 2 * crop;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = src.getRGB(flip ? src.getWidth() - 1 - crop - x : crop + x, crop + y);
                int r = (int) Math.min(255, (rgb >> 16 & 0xff) * brightness);
                int g = (int) Math.min(255, (rgb >> 8 & 0xff) * brightness);
                int b = (int) Math.min(255, (rgb & 0xff) * brightness);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    @Test
    void trainAVisionHeadOnGeneratedFaces() throws Exception {
        assumeTrue(Modules.present(Modality.VISION), "emotion-vision not on the classpath");
        BufferedImage face = ImageIO.read(TestData.resolve("vision/astronaut-face.jpg").toFile());
        Path happy = Files.createDirectories(tmp.resolve("faces/happy"));
        Path sad = Files.createDirectories(tmp.resolve("faces/sad"));
        for (int i = 0; i < 6; i++) {
            ImageIO.write(faceVariant(face, i % 2 == 0, 0.9 + 0.1 * (i / 2), 2 * (i / 2)), "png", happy.resolve("h" + i + ".png").toFile());
            ImageIO.write(faceVariant(face, i % 2 == 1, 0.45 + 0.05 * i, 6 + 3 * (i / 2)), "png", sad.resolve("s" + i + ".png").toFile());
        }
        Path model = tmp.resolve("my-vision-head");
        CliRunner train = CliRunner.run("train-head", "--modality", "vision", "--data", tmp.resolve("faces").toString(),
                "--out", model.toString(), "--face-crops", "--holdout", "0.34", "--threads", "2");
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().contains("described 12 vision examples with face-expression-net"), train.toString());
        assertTrue(train.out().contains("held-out"), train.toString());
        assertTrue(train.out().contains("loads with --model"), train.toString());
        for (String f : List.of("head.bin", "model.properties", "MODEL_CARD.md")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        String card = Files.readString(model.resolve("model.properties"));
        assertTrue(card.contains("head.layers=7x2\\:none") || card.contains("head.layers=7x2:none"), card);
        assertTrue(card.contains("encoder=face-expression-net") && card.contains("modality=VISION"), card);

        CliRunner a = CliRunner.run("analyze", happy.resolve("h0.png").toString(), "--model", model.toString(), "--json", "-");
        assertEquals(0, a.code(), a.toString());
        JsonNode p = PredictionJson.mapper().readTree(a.out());
        String top = p.at("/modalities/vision/top/label").asText();
        assertTrue(List.of("happiness", "sadness").contains(top), p.toPrettyString());
        assertTrue(p.at("/provenance/models").toString().contains("my-vision-head"), p.toPrettyString());
        assertTrue(p.at("/provenance/models").toString().contains("face-expression-net"), p.toPrettyString());

        CliRunner refused = CliRunner.run("train-head", "--modality", "vision", "--data", tmp.resolve("faces").toString(),
                "--out", tmp.resolve("x").toString(), "--model", model.toString());
        assertTrue(refused.code() != 0, refused.toString());
        assertTrue(refused.toString().contains("drop --model"), refused.toString());
    }

    @Test
    void evaluateVisionOnAFolderOfFaceCrops() throws Exception {
        assumeTrue(Modules.present(Modality.VISION), "emotion-vision not on the classpath");
        Path happy = Files.createDirectories(tmp.resolve("faces/happy"));
        Files.copy(TestData.resolve("demo/face.jpg"), happy.resolve("a.jpg"));
        Files.createDirectories(tmp.resolve("faces/sad"));
        Files.createDirectories(tmp.resolve("faces/not-an-emotion"));
        CliRunner r = CliRunner.run("evaluate", "--modality", "vision", "--data", tmp.resolve("faces").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("accuracy=1.0000"), r.toString());
        assertTrue(r.out().contains("not-an-emotion"), r.toString());
    }
}
