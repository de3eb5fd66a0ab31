package io.github.emotion4j.audio.vad;

/**
 * The default detector: a 20 ms frame is speech when its energy stands clearly above the noise
 * floor (the quietest frame of the last 3 s, starting from a quiet-room prior of -60 dBFS) and
 * above an absolute floor of -55 dBFS. Constant noise or hum therefore stops counting as
 * speech once the floor has adapted; segments without voicing are dropped later by the analyser.
 * Immutable and thread-safe.
 */
public final class EnergyVad implements VoiceActivityDetector {
    /** Frame length: 20 ms at 16 kHz. */
    public static final int FRAME = 320;

    private final double marginDb;
    private final double absoluteDb;
    private final int window;

    /** The default detector: 10 dB above the floor, absolute floor -55 dBFS, 3 s floor window. */
    public EnergyVad() {
        this(10, -55, 3.0);
    }

    /**
     * @param marginDb      how far above the noise floor speech must be
     * @param absoluteDb    frames quieter than this are never speech
     * @param windowSeconds how far back the noise floor looks
     */
    public EnergyVad(double marginDb, double absoluteDb, double windowSeconds) {
        if (!(marginDb > 0) || !(windowSeconds > 0)) {
            throw new IllegalArgumentException("marginDb and windowSeconds must be > 0");
        }
        this.marginDb = marginDb;
        this.absoluteDb = absoluteDb;
        this.window = (int) Math.max(1, Math.round(windowSeconds * 16_000 / FRAME));
    }

    @Override
    public String name() {
        return "energy";
    }

    @Override
    public int frameSize() {
        return FRAME;
    }

    @Override
    public Session newSession() {
        double[] ring = new double[window];
        java.util.Arrays.fill(ring, -60);
        return new Session() {
            private int pos;

            @Override
            public double speechProbability(float[] frame) {
                double e = 0;
                for (float v : frame) {
                    e += v * v;
                }
                double db = 10 * Math.log10(e / frame.length + 1e-12);
                double floor = Double.MAX_VALUE;
                for (double r : ring) {
                    floor = Math.min(floor, r);
                }
                // digital silence does not drag the floor down
                ring[pos] = Math.max(db, -75);
                pos = (pos + 1) % ring.length;
                if (db < absoluteDb) {
                    return 0;
                }
                double x = (db - (floor + marginDb)) / 1.5;
                return 1 / (1 + Math.exp(-x));
            }
        };
    }
}
