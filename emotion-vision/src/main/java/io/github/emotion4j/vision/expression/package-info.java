/**
 * The facial expression model: {@link io.github.emotion4j.vision.expression.FacePreprocessor}
 * (pad to square, TensorFlow-classic bilinear resize and normalisation in plain Java, exactly as the
 * model card says) and {@link io.github.emotion4j.vision.expression.ExpressionNet}, which runs the
 * converted face-api.js FaceExpressionNet through emotion-core's engines (ONNX Runtime or DJL's
 * PyTorch engine), optionally followed by an
 * {@link io.github.emotion4j.vision.expression.ExpressionHead}: a user-trained dense head over the
 * network's clamped log-probabilities.
 */
package io.github.emotion4j.vision.expression;
