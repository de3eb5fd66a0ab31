package io.github.emotion4j.audio.decode;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks shared by the audio decoders: a stereo (or multichannel) signal whose channels cancel
 * when averaged to mono. Truncation is checked with {@link io.github.emotion4j.core.spi.TruncationCheck}.
 */
final class DecodeChecks {
    private DecodeChecks() {
    }

    /**
     * Compares the power of the channels with that of their mono average; when the average is
     * far quieter than the channels (phase-inverted stereo), the mono signal the analysis sees
     * is not the one a listener hears. Not thread-safe.
     */
    static final class Downmix {
        private double channelPower;
        private double mixPower;
        private long frames;

        /** Adds one frame: the mean of the squared channel samples and the square of their average. */
        void add(double meanChannelSquare, double mixSquare) {
            channelPower += meanChannelSquare;
            mixPower += mixSquare;
            frames++;
        }

        Optional<String> note() {
            if (frames == 0) {
                return Optional.empty();
            }
            double ch = channelPower / frames;
            double mix = mixPower / frames;
            // channels at least -50 dBFS, their mono mix 20 dB (100x in power) quieter
            if (ch > 1e-5 && mix < 0.01 * ch) {
                return Optional.of(String.format(Locale.ROOT, "channels cancel out when mixed to mono (phase-inverted"
                        + " stereo?): the mono mix is %.0f dB below the channels; analyse one channel instead",
                        10 * Math.log10(Math.max(1e-12, mix) / ch) * -1));
            }
            return Optional.empty();
        }
    }
}
