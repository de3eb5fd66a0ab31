/**
 * emotion4j's vision modality: {@link io.github.emotion4j.vision.VisionAnalyzer} finds faces in
 * images and videos, tracks them, reads their expressions with the face-api.js FaceExpressionNet
 * and summarises each face track per time window with lifting-scheme dynamics.
 * {@link io.github.emotion4j.vision.VisionAnalyzerProvider} registers it with
 * {@link io.github.emotion4j.core.EmotionRecognizer} (provider name {@code vision-face-api}).
 */
package io.github.emotion4j.vision;
