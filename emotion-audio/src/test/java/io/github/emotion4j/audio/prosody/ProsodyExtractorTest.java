package io.github.emotion4j.audio.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import java.util.HashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProsodyExtractorTest {

    @ParameterizedTest
    @EnumSource(PitchAlgorithm.class)
    void tracksThePitchOfAVoicedSignal(PitchAlgorithm algorithm) {
        FeatureVector f = new ProsodyExtractor(algorithm).extract(TestAudio.voiced(2.0, 150, 16000, 0.5, 1));
        assertEquals(150, f.get("f0_mean_hz"), 10);
        assertTrue(f.get("voiced_ratio") > 0.8, "voiced ratio " + f.get("voiced_ratio"));
        // the 8% vibrato spans about 2.8 semitones between its 5th and 95th percentiles
        assertEquals(2.6, f.get("f0_semitone_range_p5_p95"), 1.0);
        assertTrue(f.get("speaking_rate_peaks_per_s") > 2 && f.get("speaking_rate_peaks_per_s") < 6,
                "rate " + f.get("speaking_rate_peaks_per_s"));
    }

    @Test
    void higherPitchAndLouderVoiceShowInTheFeatures() {
        ProsodyExtractor ex = new ProsodyExtractor();
        FeatureVector low = ex.extract(TestAudio.voiced(1.5, 110, 16000, 0.1, 2));
        FeatureVector high = ex.extract(TestAudio.voiced(1.5, 240, 16000, 0.6, 2));
        assertTrue(high.get("f0_semitone_mean") - low.get("f0_semitone_mean") > 12);
        assertTrue(high.get("loudness_mean") > low.get("loudness_mean"));
        assertTrue(high.get("rms_db_mean") - low.get("rms_db_mean") > 10);
    }

    @Test
    void namesAreUniqueAndStable() {
        assertEquals(75, ProsodyExtractor.FEATURE_NAMES.size());
        assertEquals(ProsodyExtractor.FEATURE_NAMES.size(), new HashSet<>(ProsodyExtractor.FEATURE_NAMES).size());
        assertEquals("f0_semitone_mean", ProsodyExtractor.FEATURE_NAMES.get(0));
    }

    @Test
    void degenerateInputGivesFiniteFeatures() {
        ProsodyExtractor ex = new ProsodyExtractor();
        for (float[] s : new float[][] {new float[0], new float[1], new float[16000], TestAudio.noise(1, 16000, 0.5, 3),
                TestAudio.sine(20, 1, 16000, 1.0)}) {
            FeatureVector f = ex.extract(s);
            for (double v : f.values()) {
                assertTrue(Double.isFinite(v));
            }
        }
        FeatureVector silence = ex.extract(new float[16000]);
        assertEquals(0, silence.get("voiced_ratio"));
        assertEquals(0, silence.get("f0_mean_hz"));
        assertTrue(ex.extract(TestAudio.noise(1, 16000, 0.5, 3)).get("voiced_ratio") < 0.15);
    }
}
