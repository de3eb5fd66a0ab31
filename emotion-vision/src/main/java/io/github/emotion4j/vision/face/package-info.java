/**
 * Faces: the {@link io.github.emotion4j.vision.face.FaceDetector} interface with its default
 * implementation {@link io.github.emotion4j.vision.face.BlazeFaceDetector} (MediaPipe BlazeFace on
 * ONNX Runtime: anchors, decoding, weighted NMS, letterbox and tiles) and the OpenCV Haar cascade
 * one, an IoU {@link io.github.emotion4j.vision.face.FaceTracker} that keeps one id per person
 * across video frames, {@link io.github.emotion4j.vision.face.VideoFaceFinder} and
 * {@link io.github.emotion4j.vision.face.FaceCrops} (crop with margin). OpenCV objects never leave
 * this package.
 */
package io.github.emotion4j.vision.face;
