package io.github.emotion4j.vision;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.identity.FaceDescriptorNet;
import io.github.emotion4j.vision.identity.FaceIdentities;
import io.github.emotion4j.vision.identity.PersonAssigner;
import io.github.emotion4j.vision.landmarks.FaceAligner;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The landmark and descriptor networks of the vision analyser and how they are used
 * ({@link FaceAnalysisOptions}). Thread-safe (the networks are; per-video state lives in the
 * {@link PersonAssigner}s made by {@link #newAssigner()}).
 *
 * @param landmarks   the landmark net; empty = no landmarks, no alignment, identity by track
 * @param descriptors the descriptor net; empty = identity by track
 * @param aligner     the alignment geometry
 * @param options     the settings
 */
public record FaceModels(Optional<LandmarkNet> landmarks, Optional<FaceDescriptorNet> descriptors, FaceAligner aligner,
                         FaceAnalysisOptions options) {
    /** Checks the components. */
    public FaceModels {
        Objects.requireNonNull(landmarks, "landmarks");
        Objects.requireNonNull(descriptors, "descriptors");
        Objects.requireNonNull(aligner, "aligner");
        Objects.requireNonNull(options, "options");
    }

    /** No landmark or descriptor net: the analyser works as before they existed. */
    public static FaceModels none() {
        return new FaceModels(Optional.empty(), Optional.empty(), FaceAligner.DEFAULT, FaceAnalysisOptions.none());
    }

    /** Whether landmarks are computed. */
    public boolean locates() {
        return options.landmarks() && landmarks.isPresent();
    }

    /** The landmarks of each box (empty for boxes too small, or when landmarks are off). */
    public List<Optional<FaceLandmarks>> locate(BufferedImage image, List<FaceBox> boxes) {
        if (!locates()) {
            return Collections.nCopies(boxes.size(), Optional.empty());
        }
        return landmarks.get().locate(image, boxes);
    }

    /** The landmarks of whole face crops (dataset images), empty for crops too small or when off. */
    public List<Optional<FaceLandmarks>> locateCrops(List<BufferedImage> crops) {
        List<Optional<FaceLandmarks>> out = new ArrayList<>(Collections.nCopies(crops.size(), Optional.empty()));
        if (!locates()) {
            return out;
        }
        List<Integer> idx = new ArrayList<>();
        List<BufferedImage> big = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            if (Math.min(crops.get(i).getWidth(), crops.get(i).getHeight()) >= LandmarkNet.MIN_FACE_SIDE) {
                idx.add(i);
                big.add(crops.get(i));
            }
        }
        if (!big.isEmpty()) {
            List<FaceLandmarks> lm = landmarks.get().ofCrops(big);
            for (int k = 0; k < idx.size(); k++) {
                out.set(idx.get(k), Optional.of(lm.get(k)));
            }
        }
        return out;
    }

    /**
     * The picture the expression model reads for one face: aligned by its landmarks when
     * {@code vision.align} applies to them, else the box widened by {@code margin}.
     */
    public BufferedImage expressionCrop(BufferedImage image, Optional<FaceBox> box, Optional<FaceLandmarks> lm, double margin) {
        if (lm.isPresent() && options.align().applies(lm.get())) {
            return aligner.align(image, lm.get());
        }
        return box.map(b -> FaceCrops.crop(image, b, margin)).orElse(image);
    }

    /** A person assigner for a new video, when identity is by descriptor and the nets are there. */
    public Optional<PersonAssigner> newAssigner() {
        if (options.identity() == FaceAnalysisOptions.Identity.TRACK || !locates() || descriptors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PersonAssigner(descriptors.get(), new FaceIdentities(options.threshold()),
                options.intervalSeconds()));
    }

    /**
     * The warning of a video result whose people are told apart by track only because
     * {@code vision.identity=auto} found no descriptor net, empty otherwise.
     */
    public Optional<String> identityWarning() {
        if (options.identity() == FaceAnalysisOptions.Identity.AUTO && locates() && descriptors.isEmpty()) {
            return Optional.of("people told apart by IoU track only (one person may get several ids across cuts and"
                    + " occlusions): add " + FaceDescriptorNet.ARTIFACT + " for re-identification by face descriptor");
        }
        return Optional.empty();
    }

    /** The models in use: the landmark net when landmarks are on, the descriptor net when identity uses it. */
    public List<ModelInfo> models() {
        List<ModelInfo> out = new ArrayList<>();
        if (locates()) {
            out.add(landmarks.get().info());
            if (options.identity() != FaceAnalysisOptions.Identity.TRACK) {
                descriptors.ifPresent(d -> out.add(d.info()));
            }
        }
        return out;
    }
}
