package io.github.emotion4j.audio.decode;

/** Raw samples already in memory. */
final class ArraySource implements MonoSource {
    private final float[] samples;
    private final int rate;
    private final String name;
    private int pos;

    ArraySource(float[] samples, int rate, String name) {
        this.samples = samples;
        this.rate = rate;
        this.name = name;
    }

    @Override
    public String source() {
        return name;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int read(float[] dst) {
        if (pos >= samples.length) {
            return -1;
        }
        int n = Math.min(dst.length, samples.length - pos);
        System.arraycopy(samples, pos, dst, 0, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
