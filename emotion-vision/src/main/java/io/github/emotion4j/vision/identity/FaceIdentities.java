package io.github.emotion4j.vision.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Re-identifies people by face descriptor across a video: a descriptor joins the known person
 * nearest to it (smallest Euclidean distance to any of the person's kept descriptors) when that
 * distance is below {@link #threshold()}, else it starts a new person. Person numbers count up
 * from 1 and are never reused; people are never forgotten within a video, so a person who leaves
 * (occlusion, a cut, leaving the frame) gets the same number on return.
 *
 * <p>Within one frame the assignment is one-to-one ({@link #identify(List)}): two faces of one frame
 * are never the same person; pairs are taken greedily in order of increasing distance.
 *
 * <p>Default threshold {@value #DEFAULT_THRESHOLD}: face-api.js's {@code FaceMatcher} default,
 * checked on CK+48 (981 images, 118 subjects; pairs of the same subject from different sequences
 * vs pairs of different subjects): equal error rate 0.034 at 0.585, ROC AUC 0.995; at 0.6, 97.6%
 * of same-subject pairs and 5.1% of different-subject pairs fall below it (emotion-vision README,
 * "Landmarks, alignment and identity", for the command).
 *
 * <p>Not thread-safe: one per video.
 */
public final class FaceIdentities {
    /** Default distance threshold. */
    public static final double DEFAULT_THRESHOLD = 0.6;
    /** Descriptors kept per person (the first ones, then a ring of the latest). */
    public static final int KEPT = 16;

    private static final class Person {
        final int id;
        final List<float[]> kept = new ArrayList<>();
        int seen;

        Person(int id) {
            this.id = id;
        }

        double distance(float[] d) {
            double best = Double.POSITIVE_INFINITY;
            for (float[] k : kept) {
                best = Math.min(best, FaceDescriptorNet.distance(k, d));
            }
            return best;
        }

        void add(float[] d) {
            seen++;
            if (kept.size() < KEPT) {
                kept.add(d.clone());
            } else {
                // keep the first half (how the person first looked), cycle the second half
                int half = KEPT / 2;
                kept.set(half + (seen % (KEPT - half)), d.clone());
            }
        }
    }

    private final double threshold;
    private final List<Person> people = new ArrayList<>();

    /** With {@link #DEFAULT_THRESHOLD}. */
    public FaceIdentities() {
        this(DEFAULT_THRESHOLD);
    }

    /**
     * @param threshold largest descriptor distance of the same person, {@code > 0}
     */
    public FaceIdentities(double threshold) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and > 0, was " + threshold);
        }
        this.threshold = threshold;
    }

    /** The distance threshold. */
    public double threshold() {
        return threshold;
    }

    /** Number of people seen so far. */
    public int people() {
        return people.size();
    }

    /** The person of one descriptor (a new one when nobody known is near enough). */
    public int identify(float[] descriptor) {
        return identify(List.of(descriptor))[0];
    }

    /**
     * The people of the descriptors of one frame, one-to-one.
     *
     * @return person numbers in the order of {@code descriptors}
     */
    public int[] identify(List<float[]> descriptors) {
        return identify(descriptors, new int[0]);
    }

    /**
     * The people of the descriptors of one frame, one-to-one, never one of {@code taken} (people
     * already placed in this frame by other means, e.g. tracked faces without a new descriptor).
     */
    public int[] identify(List<float[]> descriptors, int[] taken) {
        Objects.requireNonNull(descriptors, "descriptors");
        record Pair(int face, Person person, double distance) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            float[] d = Objects.requireNonNull(descriptors.get(i), "descriptor");
            if (d.length != FaceDescriptorNet.DIMENSION) {
                throw new IllegalArgumentException("a descriptor has " + FaceDescriptorNet.DIMENSION + " values, got " + d.length);
            }
            for (Person p : people) {
                if (Arrays.stream(taken).noneMatch(t -> t == p.id)) {
                    double dist = p.distance(d);
                    if (dist < threshold) {
                        pairs.add(new Pair(i, p, dist));
                    }
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(a.distance(), b.distance()));
        int[] out = new int[descriptors.size()];
        List<Person> used = new ArrayList<>();
        for (Pair p : pairs) {
            if (out[p.face()] == 0 && !used.contains(p.person())) {
                out[p.face()] = p.person().id;
                used.add(p.person());
                p.person().add(descriptors.get(p.face()));
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                Person p = new Person(people.size() + 1);
                p.add(descriptors.get(i));
                people.add(p);
                out[i] = p.id;
            }
        }
        return out;
    }

    /** A new person number for a face that has no descriptor (too small) and no earlier person. */
    public int anonymous() {
        Person p = new Person(people.size() + 1);
        people.add(p);
        return p.id;
    }
}
