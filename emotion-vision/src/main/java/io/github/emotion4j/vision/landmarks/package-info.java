/**
 * Facial landmarks and alignment: {@link io.github.emotion4j.vision.landmarks.LandmarkNet} (face-api.js's
 * 68-point FaceLandmark68Net on ONNX Runtime or DJL), {@link io.github.emotion4j.vision.landmarks.FaceLandmarks}
 * (the points in image pixels) and {@link io.github.emotion4j.vision.landmarks.FaceAligner} (eyes level, scaled by
 * the eye distance) used before the expression model.
 */
package io.github.emotion4j.vision.landmarks;
