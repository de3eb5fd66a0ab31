/**
 * Faces: the {@link io.github.emotion4j.vision.face.FaceDetector} interface and its OpenCV Haar
 * cascade implementation, an IoU {@link io.github.emotion4j.vision.face.FaceTracker} that keeps
 * one id per person across video frames, and {@link io.github.emotion4j.vision.face.FaceCrops}
 * (crop with margin). OpenCV objects never leave this package.
 */
package io.github.emotion4j.vision.face;
