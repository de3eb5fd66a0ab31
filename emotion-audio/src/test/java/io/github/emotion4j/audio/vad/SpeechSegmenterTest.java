package io.github.emotion4j.audio.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.AudioStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {

    private static List<SpeechSegment> segments(float[] s, SpeechSegmenter.Config cfg) throws Exception {
        List<SpeechSegment> out = new ArrayList<>();
        try (AudioStream st = AudioDecoder.open(s, 16000, "test")) {
            new SpeechSegmenter(new EnergyVad(), cfg).run(st, out::add);
        }
        return out;
    }

    @Test
    void findsBurstsSeparatedByPauses() throws Exception {
        float[] sil = new float[16000];
        float[] s = TestAudio.concat(sil, TestAudio.voiced(1.0, 140, 16000, 0.4, 1), sil,
                TestAudio.voiced(1.5, 140, 16000, 0.4, 2), sil);
        List<SpeechSegment> seg = segments(s, SpeechSegmenter.Config.defaults());
        assertEquals(2, seg.size());
        assertEquals(1.0, seg.get(0).span().start(), 0.15);
        assertEquals(2.0, seg.get(0).span().end(), 0.15);
        assertEquals(3.0, seg.get(1).span().start(), 0.15);
        assertEquals(4.5, seg.get(1).span().end(), 0.15);
    }

    @Test
    void bridgesShortPausesAndSplitsLongSpeech() throws Exception {
        float[] gap = new float[3200];
        float[] s = TestAudio.concat(TestAudio.voiced(1.0, 140, 16000, 0.4, 1), gap, TestAudio.voiced(1.0, 140, 16000, 0.4, 2));
        assertEquals(1, segments(s, SpeechSegmenter.Config.defaults()).size());
        List<SpeechSegment> longOne = segments(TestAudio.voiced(25, 140, 16000, 0.4, 3), SpeechSegmenter.Config.defaults());
        assertEquals(3, longOne.size());
        for (SpeechSegment g : longOne) {
            assertTrue(g.seconds() <= 10.2, "segment of " + g.seconds() + " s");
        }
        assertEquals(25, longOne.get(2).span().end(), 0.05);
    }

    @Test
    void silenceAndShortBlipsGiveNoSegments() throws Exception {
        assertTrue(segments(new float[48000], SpeechSegmenter.Config.defaults()).isEmpty());
        float[] blip = TestAudio.concat(new float[16000], TestAudio.voiced(0.1, 140, 16000, 0.4, 1), new float[16000]);
        assertTrue(segments(blip, SpeechSegmenter.Config.defaults()).isEmpty());
        assertTrue(segments(new float[1], SpeechSegmenter.Config.defaults()).isEmpty());
    }

    @Test
    void constantNoiseStopsCountingOnceTheFloorAdapts() throws Exception {
        List<SpeechSegment> seg = segments(TestAudio.noise(20, 16000, 0.3, 4), SpeechSegmenter.Config.defaults());
        double total = seg.stream().mapToDouble(SpeechSegment::seconds).sum();
        assertTrue(total < 4, "noise counted as speech for " + total + " s");
    }
}
