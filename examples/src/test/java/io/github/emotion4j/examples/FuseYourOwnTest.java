package io.github.emotion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FuseYourOwnTest {
    @Test
    void everyPlainStrategyAgreesOnHappiness() {
        for (String name : new String[] {"probability", "late", "product"}) {
            FusionResult r = FuseYourOwn.fuse(Fusions.named(name), FuseYourOwn.exampleEvidence(1));
            assertEquals(Emotion.HAPPINESS, r.distribution().top().label(), name);
            assertEquals(3, r.weights().size());
            assertTrue(r.mostDisagreeing().isPresent());
        }
    }

    @Test
    void evidenceWeightShiftsThePlainStrategies() {
        for (String name : new String[] {"probability", "late"}) {
            double normal = FuseYourOwn.fuse(Fusions.named(name), FuseYourOwn.exampleEvidence(1)).weights().get(Modality.VISION);
            double trusted = FuseYourOwn.fuse(Fusions.named(name), FuseYourOwn.exampleEvidence(4)).weights().get(Modality.VISION);
            assertTrue(trusted > normal, name + ": " + trusted + " vs " + normal);
        }
    }

    @Test
    void mainPrintsOneLinePerStrategy() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            FuseYourOwn.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(3, out.lines().count(), out);
        assertTrue(out.contains("probability-guided") && out.contains("happiness"), out);
    }
}
