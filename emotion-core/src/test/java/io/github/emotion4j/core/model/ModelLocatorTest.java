package io.github.emotion4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
    @TempDir
    Path tmp;

    private Path model(String weights, String shaOverride, String extra) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Path w = dir.resolve("weights.bin");
        Files.writeString(w, weights);
        String sha = shaOverride != null ? shaOverride : Checksums.sha256(w);
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), String.join("\n",
                "id=demo", "version=1", "task=classification", "modality=TEXT", "files=weights.bin",
                "sha256.weights.bin=" + sha, "labels=angry,happy", "activation=softmax",
                "inputs=features:float32:[-1,8],mask:int64:[-1,8]", "outputs=probs:float32:[-1,2]",
                "metric.dev.accuracy=0.5", extra));
        return dir;
    }

    @Test
    void loadsAVerifiedFolder() throws Exception {
        ModelBundle b = ModelLocator.fromDirectory(model("abc", null, ""));
        ModelCard c = b.card();
        assertEquals("demo", c.id());
        assertEquals(Modality.TEXT, c.modality());
        assertEquals(2, c.inputs().size());
        assertEquals("mask", c.inputs().get(1).name());
        assertEquals(8, c.inputs().get(0).shape()[1]);
        assertEquals("0.5", c.metrics().get("dev.accuracy"));
        assertEquals(Emotion.HAPPINESS, c.labelSetOrParsed().emotionAt(1));
        assertTrue(Files.isRegularFile(b.file("weights.bin")));
        assertThrows(IllegalArgumentException.class, () -> b.file("other.bin"));
    }

    @Test
    void checksumMismatchNamesTheFile() throws Exception {
        Path dir = model("abc", "0".repeat(64), "");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLocator.fromDirectory(dir));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("weights.bin"), e.getMessage());
        assertEquals(dir.resolve("weights.bin"), e.file().orElseThrow());
    }

    @Test
    void tamperedFileIsRejected() throws Exception {
        Path dir = model("abc", null, "");
        Files.writeString(dir.resolve("weights.bin"), "abd");
        assertThrows(ModelLoadException.class, () -> ModelLocator.fromDirectory(dir));
    }

    @Test
    void missingFileAndMissingCardAreClear() throws Exception {
        Path dir = model("abc", null, "");
        Files.delete(dir.resolve("weights.bin"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLocator.fromDirectory(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        ModelLoadException noCard = assertThrows(ModelLoadException.class, () -> ModelLocator.fromDirectory(tmp.resolve("none")));
        assertTrue(noCard.getMessage().contains("model.properties"), noCard.getMessage());
    }

    @Test
    void cardWithoutChecksumOrWithBadValuesIsRejected() {
        String noSha = "id=x\nversion=1\nmodality=TEXT\nfiles=a.bin\n";
        assertThrows(ModelLoadException.class, () -> ModelCard.read(stream(noSha), "t"));
        String badModality = "id=x\nversion=1\nmodality=SMELL\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64);
        assertThrows(ModelLoadException.class, () -> ModelCard.read(stream(badModality), "t"));
        String badSet = "id=x\nversion=1\nmodality=TEXT\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64) + "\nlabelSet=NOPE";
        assertThrows(ModelLoadException.class, () -> ModelCard.read(stream(badSet), "t"));
        String noId = "version=1\nmodality=TEXT\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelCard.read(stream(noId), "t"));
        assertTrue(e.getMessage().contains("'id'"), e.getMessage());
    }

    @Test
    void outputLabelsComeFromTheSetTheWordsTheMapOrTheFallback() throws Exception {
        String base = "id=x\nversion=1\nmodality=TEXT\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64) + "\n";
        ModelCard named = ModelCard.read(stream(base + "labelSet=FER2013"), "t");
        assertEquals("FER2013", named.outputLabels(l -> java.util.Optional.empty()).name());
        ModelCard words = ModelCard.read(stream(base + "labels=furious,grin,zorp\nlabelMap.grin=happiness\n"), "t");
        io.github.emotion4j.core.label.LabelSet set = words.outputLabels(
                l -> l.equals("zorp") ? java.util.Optional.of(Emotion.NEUTRAL) : java.util.Optional.empty());
        assertEquals(java.util.List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL), set.emotions());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> words.outputLabels(l -> java.util.Optional.empty()));
        assertTrue(unknown.getMessage().contains("labelMap.zorp"), unknown.getMessage());
        ModelCard none = ModelCard.read(stream(base), "t");
        assertThrows(IllegalStateException.class, () -> none.outputLabels(l -> java.util.Optional.empty()));
        ModelCard badMap = ModelCard.read(stream(base + "labels=grin\nlabelMap.grin=hungry\n"), "t");
        assertThrows(IllegalArgumentException.class, () -> badMap.outputLabels(l -> java.util.Optional.empty()));
    }

    @Test
    void multimodalCardListsItsModalities() throws Exception {
        String fusion = "id=f\nversion=1\ntask=fusion\nmodalities=AUDIO,VISION,TEXT\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64);
        ModelCard c = ModelCard.read(stream(fusion), "t");
        assertEquals(Modality.AUDIO, c.modality());
        assertEquals(java.util.List.of(Modality.AUDIO, Modality.VISION, Modality.TEXT), c.modalities());
        String single = "id=x\nversion=1\nmodality=TEXT\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64);
        assertEquals(java.util.List.of(Modality.TEXT), ModelCard.read(stream(single), "t").modalities());
        String neither = "id=x\nversion=1\nfiles=a.bin\nsha256.a.bin=" + "a".repeat(64);
        assertThrows(ModelLoadException.class, () -> ModelCard.read(stream(neither), "t"));
    }

    @Test
    void classpathModelsAreExtractedAndVerified() throws Exception {
        Path root = classpathWithDemoModel();
        Path dir = root.resolve(ModelLocator.CLASSPATH_ROOT + "demo");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            ModelBundle b = ModelLocator.fromClasspath("demo", cl);
            assertEquals("weights!", Files.readString(b.file("weights.bin")));
            assertTrue(b.origin().startsWith("classpath:"));
            // a damaged cache copy is replaced on the next load
            Files.writeString(b.file("weights.bin"), "garbage");
            assertEquals("weights!", Files.readString(ModelLocator.fromClasspath("demo", cl).file("weights.bin")));
            // a damaged jar resource is refused
            Files.writeString(dir.resolve("weights.bin"), "tampered");
            Files.delete(b.file("weights.bin"));
            assertThrows(ModelLoadException.class, () -> ModelLocator.fromClasspath("demo", cl));
            ModelLoadException absent = assertThrows(ModelLoadException.class, () -> ModelLocator.fromClasspath("nope", cl));
            assertTrue(absent.getMessage().contains("emotion4j-models"), absent.getMessage());
        }
    }

    @Test
    void aResourceFromAnotherJarThatIsMissingNamesItsArtifactEvenWhenCached() throws Exception {
        Path root = classpathWithDemoModel();
        Path dir = root.resolve(ModelLocator.CLASSPATH_ROOT + "demo");
        // the card reads its weights from another jar's path, as the optional text encoders do
        Path other = Files.createDirectories(tmp.resolve("otherjar"));
        Files.move(dir.resolve("weights.bin"), other.resolve("weights-other.bin"));
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), Files.readString(dir.resolve(ModelCard.FILE_NAME))
                + "\nresource.weights.bin=/weights-other.bin\nresource.artifact=org.example:weights-jar:1.0\n");
        try (URLClassLoader both = new URLClassLoader(new URL[] {root.toUri().toURL(), other.toUri().toURL()}, null);
             URLClassLoader cardOnly = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            assertEquals("weights!", Files.readString(ModelLocator.fromClasspath("demo", both).file("weights.bin")));
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLocator.fromClasspath("demo", cardOnly));
            assertTrue(e.getMessage().contains("org.example:weights-jar:1.0") && e.getMessage().contains("/weights-other.bin"),
                    e.getMessage());
        }
    }

    @Test
    void manyThreadsExtractTheSameClasspathModelAtOnce() throws Exception {
        // two Spark tasks in one executor build recognizers side by side: the shared cache must not race
        Path root = classpathWithDemoModel();
        Path dir = root.resolve(ModelLocator.CLASSPATH_ROOT + "demo");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (URLClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            for (int round = 0; round < 200; round++) {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<ModelBundle>> loads = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    loads.add(pool.submit(() -> {
                        start.await();
                        return ModelLocator.fromClasspath("demo", cl);
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<ModelBundle> f : loads) {
                    assertEquals("weights!", Files.readString(f.get().file("weights.bin")));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String cacheBefore;
    private boolean cacheChanged;

    /** A classpath folder holding the model "demo", with the extraction cache under this test's folder. */
    private Path classpathWithDemoModel() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("cp"));
        Path dir = Files.createDirectories(root.resolve(ModelLocator.CLASSPATH_ROOT + "demo"));
        Path src = model("weights!", null, "");
        Files.copy(src.resolve("weights.bin"), dir.resolve("weights.bin"));
        Files.copy(src.resolve(ModelCard.FILE_NAME), dir.resolve(ModelCard.FILE_NAME));
        cacheBefore = System.getProperty("emotion4j.cache.dir");
        cacheChanged = true;
        System.setProperty("emotion4j.cache.dir", tmp.resolve("cache").toString());
        return root;
    }

    @org.junit.jupiter.api.AfterEach
    void restoreCache() {
        if (!cacheChanged) {
            return;
        }
        if (cacheBefore == null) {
            System.clearProperty("emotion4j.cache.dir");
        } else {
            System.setProperty("emotion4j.cache.dir", cacheBefore);
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingBundledModelNamesTheArtifactThatHoldsIt() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            for (String[] c : new String[][] {{"face-expression-net", "emotion4j-models "},
                    {"face-descriptor-128", "emotion4j-models-face-identity"}, {"mini-xception-fer", "emotion4j-models-extra"},
                    {"audio-learned-encoder-emodb-4class", "emotion4j-models-extra"},
                    {"text-goemotions-ekman-e5-small", "emotion4j-models-text-encoders"},
                    {"text-dialogue-context-minilm-meld", "emotion4j-models-text-encoders"},
                    {"text-e5-meld-lora", "emotion4j-models-text-encoders"},
                    {"text-dialogue-context-e5-meld", "emotion4j-models-text-encoders"},
                    {"text-minilm-l3-q", "emotion4j-models-text-encoders"},
                    {"text-goemotions-28-minilm-l3", "emotion4j-models-text-encoders"},
                    {"text-minilm-l6-v2-q", "emotion4j-models "}}) {
                ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLocator.fromClasspath(c[0], empty));
                assertTrue(e.getMessage().contains("io.github.emotion4j:" + c[1]), e.getMessage());
            }
        }
    }
}
