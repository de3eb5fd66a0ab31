package io.github.emotion4j.audio.classify;

import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.audio.vad.EnergyVad;
import io.github.emotion4j.audio.vad.SpeechSegment;
import io.github.emotion4j.audio.vad.SpeechSegmenter;
import io.github.emotion4j.core.AudioClip;
import java.io.IOException;
import java.util.Arrays;

/**
 * The prosodic features of one labelled utterance as the bundled speech models were trained on
 * them, for training your own head on the same features (see {@code emotion-training}).
 */
public final class UtteranceFeatures {
    private UtteranceFeatures() {
    }

    /** The features of one utterance: the span from the first to the last speech segment. */
    public static FeatureVector of(ProsodyExtractor extractor, AudioClip clip16k) throws IOException {
        float[] s = clip16k.samples();
        long[] span = {Long.MAX_VALUE, -1};
        SpeechSegmenter seg = new SpeechSegmenter(new EnergyVad(), SpeechSegmenter.Config.defaults());
        try (AudioStream st = AudioDecoder.open(s, AudioStream.SAMPLE_RATE, "utterance")) {
            seg.run(st, (SpeechSegment g) -> {
                span[0] = Math.min(span[0], g.startSample());
                span[1] = Math.max(span[1], g.startSample() + g.samples().length);
            });
        }
        float[] part = span[1] > span[0] ? Arrays.copyOfRange(s, (int) span[0], (int) Math.min(s.length, span[1])) : s;
        return extractor.extract(part);
    }
}
