package io.github.emotion4j.audio.prosody;

import be.tarsos.dsp.pitch.PitchProcessor.PitchEstimationAlgorithm;

/** The TarsosDSP pitch trackers the extractor can use. */
public enum PitchAlgorithm {
    /** YIN with FFT-based difference function (TarsosDSP {@code FastYin}); the default. */
    YIN(PitchEstimationAlgorithm.FFT_YIN),
    /** McLeod Pitch Method (TarsosDSP {@code McLeodPitchMethod}). */
    MPM(PitchEstimationAlgorithm.MPM);

    private final PitchEstimationAlgorithm tarsos;

    PitchAlgorithm(PitchEstimationAlgorithm tarsos) {
        this.tarsos = tarsos;
    }

    PitchEstimationAlgorithm tarsos() {
        return tarsos;
    }

    /** Parses {@code yin} or {@code mpm} (case-insensitive). */
    public static PitchAlgorithm parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yin", "fastyin", "fft_yin" -> YIN;
            case "mpm", "mcleod" -> MPM;
            default -> throw new IllegalArgumentException("unknown pitch algorithm '" + s + "'; use yin or mpm");
        };
    }
}
