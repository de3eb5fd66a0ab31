package io.github.emotion4j.vision.identity;

import io.github.emotion4j.vision.face.FaceTracker;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives the tracked faces of a video their person numbers, frame after frame. Each IoU track
 * carries the person it was last identified as; a face is (re-)described by
 * {@link FaceDescriptorNet} when its track is new or its last descriptor is at least
 * {@code intervalSeconds} old, and {@link FaceIdentities} decides who it is: so two people who swap
 * places, a person who comes back after an occlusion or a cut (a new track), keep their numbers. A
 * face without landmarks (too small) keeps its track's person, or gets a new number on a new track.
 *
 * <p>Not thread-safe: one per video.
 */
public final class PersonAssigner {
    private final FaceDescriptorNet net;
    private final FaceIdentities identities;
    private final double intervalSeconds;
    private final Map<Integer, Integer> personOfTrack = new HashMap<>();
    private final Map<Integer, Double> describedAt = new HashMap<>();
    private long descriptors;

    /**
     * @param net             the descriptor network
     * @param identities      the video's people (fresh for a new video)
     * @param intervalSeconds seconds between two descriptors of one track, {@code >= 0}
     */
    public PersonAssigner(FaceDescriptorNet net, FaceIdentities identities, double intervalSeconds) {
        this.net = Objects.requireNonNull(net, "net");
        this.identities = Objects.requireNonNull(identities, "identities");
        if (!(intervalSeconds >= 0)) {
            throw new IllegalArgumentException("intervalSeconds must be >= 0, was " + intervalSeconds);
        }
        this.intervalSeconds = intervalSeconds;
    }

    /**
     * The person numbers of one frame's faces.
     *
     * @param frame     the frame
     * @param faces     the frame's tracked faces
     * @param landmarks their landmarks (empty where the face was too small), same order
     * @param time      the frame's time in seconds, non-decreasing
     * @return person numbers in the order of {@code faces}, all different
     */
    public int[] assign(BufferedImage frame, List<FaceTracker.TrackedFace> faces, List<Optional<FaceLandmarks>> landmarks,
                        double time) {
        Objects.requireNonNull(frame, "frame");
        if (faces.size() != landmarks.size()) {
            throw new IllegalArgumentException(faces.size() + " faces but " + landmarks.size() + " landmark entries");
        }
        int[] out = new int[faces.size()];
        List<Integer> toDescribe = new ArrayList<>();
        List<FaceLandmarks> lms = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            int track = faces.get(i).trackId();
            Integer person = personOfTrack.get(track);
            Double at = describedAt.get(track);
            boolean due = at == null || time - at >= intervalSeconds;
            if (landmarks.get(i).isPresent() && (person == null || due)) {
                toDescribe.add(i);
                lms.add(landmarks.get(i).get());
            } else if (person != null) {
                out[i] = person;
                kept.add(person);
            }
        }
        if (!toDescribe.isEmpty()) {
            List<float[]> d = net.describe(frame, lms);
            descriptors += d.size();
            int[] persons = identities.identify(d, kept.stream().mapToInt(Integer::intValue).toArray());
            for (int k = 0; k < persons.length; k++) {
                int i = toDescribe.get(k);
                out[i] = persons[k];
                personOfTrack.put(faces.get(i).trackId(), persons[k]);
                describedAt.put(faces.get(i).trackId(), time);
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                // a new track too small for landmarks: a person of its own until it can be described
                out[i] = identities.anonymous();
                personOfTrack.put(faces.get(i).trackId(), out[i]);
            }
        }
        return out;
    }

    /**
     * Whether {@link #assign} will describe a face of this track at this time (it has no person yet,
     * or its last descriptor is {@code intervalSeconds} old) when the face has landmarks.
     */
    public boolean due(int trackId, double time) {
        Double at = describedAt.get(trackId);
        return !personOfTrack.containsKey(trackId) || at == null || time - at >= intervalSeconds;
    }

    /**
     * Makes the next face of this track due for a descriptor (its box now shows another picture, e.g.
     * after a cut); the track keeps its person until then.
     */
    public void forget(int trackId) {
        describedAt.remove(trackId);
    }

    /** Number of descriptors computed so far. */
    public long descriptors() {
        return descriptors;
    }

    /** Number of people seen so far. */
    public int people() {
        return identities.people();
    }
}
