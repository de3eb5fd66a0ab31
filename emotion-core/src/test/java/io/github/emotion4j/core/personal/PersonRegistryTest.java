package io.github.emotion4j.core.personal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonRegistryTest {
    @TempDir
    Path tmp;

    static final List<Emotion> L = PersonalBaselineTest.L;

    private static PersonRegistry sample() {
        return new PersonRegistry()
                .register(PersonalBaseline.builder("Ross").modality(Modality.TEXT)
                        .addSample(PersonalBaselineTest.d(0.5, 0.2, 0.3), Emotion.SADNESS)
                        .addNeutral(PersonalBaselineTest.d(0.1, 0.1, 0.8)).build())
                .register(PersonalBaseline.builder("Ross").addNeutral(PersonalBaselineTest.d(0.3, 0.3, 0.4)).build())
                .register(PersonalBaseline.builder("Phoebe \"Regina\" Buffay").strength(1).modality(Modality.VISION)
                        .addSample(PersonalBaselineTest.d(0.2, 0.2, 0.6), Emotion.HAPPINESS).build());
    }

    @Test
    void roundTripsThroughAFileExactly() throws Exception {
        PersonRegistry r = sample();
        Path f = tmp.resolve("people.json");
        r.write(f);
        PersonRegistry back = PersonRegistry.read(f);
        assertEquals(r.baselines(), back.baselines());
        assertEquals(3, back.size());
        String json = Files.readString(f);
        assertTrue(json.contains("\"format\" : \"emotion4j-person-registry\"") && json.contains("\"version\" : 1"), json);
        // the text baseline adapts text, the fused one fused results, nobody else is touched
        EmotionDistribution d = PersonalBaselineTest.d(0.3, 0.3, 0.4);
        assertEquals(r.find("Ross", Optional.of(Modality.TEXT)).orElseThrow().adapt(d),
                back.adapt("Ross", Optional.of(Modality.TEXT), d));
        assertSame(d, back.adapt("Ross", Optional.of(Modality.AUDIO), d));
        assertSame(d, back.adapt("Joey", Optional.empty(), d));
        assertTrue(back.remove("Ross", Optional.empty()));
        assertEquals(2, back.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|found the end of the input",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[|not valid JSON",
        "[]|expected an object",
        "{\"format\":\"other\",\"version\":1,\"people\":[]}|format is \"other\"",
        "{\"format\":\"emotion4j-person-registry\",\"version\":2,\"people\":[]}|version 2 is not supported",
        "{\"format\":\"emotion4j-person-registry\",\"version\":\"1\",\"people\":[]}|must be an integer",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1}|needs \"format\", \"version\" and \"people\"",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[],\"extra\":0}|unknown field \"extra\"",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\"}]}|a person needs",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\",\"samples\":1,\"strength\":5,"
                + "\"labels\":[\"JOY\"],\"logShift\":[0]}]}|label \"JOY\" is none of",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\",\"samples\":1,\"strength\":5,"
                + "\"labels\":[\"NEUTRAL\",\"ANGER\"],\"logShift\":[0]}]}|2 labels but 1 shifts",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\",\"samples\":1,\"strength\":5,"
                + "\"labels\":[\"NEUTRAL\"],\"logShift\":[99]}]}|within +-5.0",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\",\"samples\":1,\"strength\":5,"
                + "\"labels\":[\"NEUTRAL\"],\"logShift\":[0],\"modality\":\"SMELL\"}]}|modality \"SMELL\" is none of",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[{\"id\":\"a\",\"samples\":1,\"strength\":5,"
                + "\"labels\":[\"NEUTRAL\"],\"logShift\":[0]},{\"id\":\"a\",\"samples\":2,\"strength\":5,"
                + "\"labels\":[\"NEUTRAL\"],\"logShift\":[0]}]}|listed twice",
        "{\"format\":\"emotion4j-person-registry\",\"version\":1,\"people\":[]} {}|content after the registry",
    })
    void aBrokenFileIsATypedErrorNamingTheFileAndLine(String content, String expected) throws Exception {
        Path f = tmp.resolve("broken.json");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        PersonRegistryFormatException e = assertThrows(PersonRegistryFormatException.class, () -> PersonRegistry.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(Optional.of(f), e.file());
    }

    @Test
    void deepNestingAndTooLargeFilesAreRefused() throws Exception {
        String deep = "[".repeat(100_000);
        assertThrows(PersonRegistryFormatException.class,
                () -> PersonRegistry.read(new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)), "deep"));
        Path big = tmp.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), PersonRegistry.MAX_FILE_BYTES + 1);
        }
        PersonRegistryFormatException e = assertThrows(PersonRegistryFormatException.class, () -> PersonRegistry.read(big));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }

    @Test
    void aStreamRoundTripsToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sample().write(out);
        PersonRegistry back = PersonRegistry.read(new ByteArrayInputStream(out.toByteArray()), "memory");
        assertEquals(sample().baselines(), back.baselines());
    }
}
