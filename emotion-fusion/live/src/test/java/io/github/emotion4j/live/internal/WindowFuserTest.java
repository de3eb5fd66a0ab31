package io.github.emotion4j.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowFuserTest {
    private static final Instant NOW = Instant.EPOCH;

    private static EmotionDistribution peaked(Emotion e) {
        return EmotionDistribution.fromScores(Map.of(e, 0.9, Emotion.NEUTRAL == e ? Emotion.SADNESS : Emotion.NEUTRAL, 0.1));
    }

    @Test
    void framesCloseWindowsAndSpeechJoinsThem() {
        WindowFuser f = new WindowFuser(2.0, Fusions.probabilityGuided(), true);
        assertTrue(f.face(0.0, peaked(Emotion.HAPPINESS), NOW).isEmpty());
        assertTrue(f.face(1.0, peaked(Emotion.HAPPINESS), NOW).isEmpty());
        assertTrue(f.speech(new TimeSpan(0.5, 1.8), peaked(Emotion.HAPPINESS), NOW).isEmpty(), "video drives");
        List<WindowFuser.Fused> out = f.face(2.1, peaked(Emotion.ANGER), NOW);
        assertEquals(1, out.size());
        WindowFuser.Fused w = out.get(0);
        assertEquals(new TimeSpan(0, 2), w.segment().span());
        assertEquals(2.0, w.streamTime());
        assertEquals("fused", w.segment().source());
        assertEquals(Emotion.HAPPINESS, w.segment().distribution().top().label());
        assertEquals(2, w.segment().modalities().size());
        assertTrue(w.fusion().weights().containsKey(Modality.AUDIO));
        // speech is kept for the next window too (decided late), and a frame without face still advances time
        assertTrue(f.face(3.0, null, NOW).isEmpty());
        List<WindowFuser.Fused> next = f.face(4.5, null, NOW);
        assertEquals(1, next.size());
        assertEquals(new TimeSpan(2, 4), next.get(0).segment().span());
        assertEquals(Emotion.ANGER, next.get(0).segment().modalities().get(Modality.VISION).top().label());
        assertEquals(2, next.get(0).segment().modalities().size(), "speech of [0.5, 1.8] reaches one window on");
        assertTrue(f.flush(NOW).isEmpty(), "the last window holds no face, and that speech is too old for it");
    }

    @Test
    void emptyWindowsAreSkippedAndGapsJumped() {
        WindowFuser f = new WindowFuser(1.0, Fusions.late(), true);
        f.face(0.2, null, NOW);
        assertTrue(f.face(50.0, peaked(Emotion.SADNESS), NOW).isEmpty(), "nothing to fuse in [0, 1)");
        List<WindowFuser.Fused> out = f.flush(NOW);
        assertEquals(1, out.size());
        assertEquals(new TimeSpan(50, 51), out.get(0).segment().span());
        assertTrue(f.flush(NOW).isEmpty());
    }

    @Test
    void speechDrivesAudioOnlySessions() {
        WindowFuser f = new WindowFuser(2.0, Fusions.probabilityGuided(), false);
        assertTrue(f.speech(new TimeSpan(0.2, 1.5), peaked(Emotion.ANGER), NOW).isEmpty());
        List<WindowFuser.Fused> out = f.speech(new TimeSpan(2.5, 4.5), peaked(Emotion.SADNESS), NOW);
        assertEquals(1, out.size());
        assertEquals(Emotion.ANGER, out.get(0).segment().distribution().top().label());
        assertEquals(Map.of(Modality.AUDIO, out.get(0).segment().modalities().get(Modality.AUDIO)),
                out.get(0).segment().modalities());
    }

    @Test
    void windowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new WindowFuser(0, Fusions.late(), true));
    }
}
