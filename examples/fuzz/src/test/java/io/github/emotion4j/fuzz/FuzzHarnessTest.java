package io.github.emotion4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz harness: its runner tells results, typed exceptions, untyped exceptions, hangs and
 * crashes apart and survives the last two; its cases are reproducible; and a corpus of generated
 * cases (300 by default, {@code -Pfuzz} 10,000) goes through one shared recognizer with every
 * bundled model without a crash, a hang or an untyped exception.
 */
class FuzzHarnessTest {
    @TempDir
    Path tmp;

    @Test
    void runnerTellsTheOutcomesApartAndSurvivesCrashesAndHangs() throws Exception {
        List<FuzzCases.Case> cases = new ArrayList<>();
        String[] names = {"result", "crash", "result", "hang", "typed", "untyped", "result"};
        for (int i = 0; i < names.length; i++) {
            cases.add(new FuzzCases.Case(i, Files.writeString(tmp.resolve(names[i] + "-" + i), "x"), names[i]));
        }
        FuzzRunner.Report r = new FuzzRunner(CanaryWorker.class.getName(), 3_000, 60_000).run(cases);
        assertEquals(Map.of(FuzzRunner.Outcome.RESULT, 3, FuzzRunner.Outcome.TYPED, 1, FuzzRunner.Outcome.UNTYPED, 1,
                FuzzRunner.Outcome.HANG, 1, FuzzRunner.Outcome.CRASH, 1), r.counts(), r.summary());
        assertEquals(List.of(1, 3, 5), r.failures().stream().map(FuzzRunner.Finding::id).toList());
        assertTrue(!r.clean());
    }

    @Test
    void casesAreReproducible() throws Exception {
        List<Path> seeds = SeedMedia.write(tmp.resolve("seeds"));
        assertTrue(seeds.size() >= 10, "seeds: " + seeds);
        List<FuzzCases.Case> a = new ArrayList<>();
        List<FuzzCases.Case> b = new ArrayList<>();
        FuzzCases ga = new FuzzCases(seeds, 7);
        FuzzCases gb = new FuzzCases(seeds, 7);
        for (int i = 0; i < 40; i++) {
            a.add(ga.write(i, Files.createDirectories(tmp.resolve("a"))));
            b.add(gb.write(i, Files.createDirectories(tmp.resolve("b"))));
        }
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).mutation(), b.get(i).mutation());
            assertArrayEquals(Files.readAllBytes(a.get(i).file()), Files.readAllBytes(b.get(i).file()), a.get(i).mutation());
        }
        assertTrue(a.stream().map(FuzzCases.Case::mutation).distinct().count() > 30, "varied mutations");
    }

    @Test
    void generatedCorpusThroughOneSharedRecognizer() throws Exception {
        int n = Integer.getInteger("emotion4j.fuzz.cases", 300);
        long seed = Long.getLong("emotion4j.fuzz.seed", 1);
        List<FuzzCases.Case> cases = FuzzRunner.generate(tmp, n, seed);
        FuzzRunner.Report r = new FuzzRunner(FuzzWorker.class.getName(), 120_000, 300_000).run(cases);
        System.out.println("fuzz (seed " + seed + "): " + r.summary());
        assertTrue(r.clean(), r.summary());
        assertEquals(n, r.counts().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.counts().get(FuzzRunner.Outcome.RESULT) > 0 && r.counts().get(FuzzRunner.Outcome.TYPED) > 0,
                "both results and typed exceptions occur: " + r.summary());
    }
}
