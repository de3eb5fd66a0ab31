/**
 * The facial expression model: {@link io.github.emotion4j.vision.expression.FacePreprocessor}
 * (pad to square, TensorFlow-classic bilinear resize and normalisation in plain Java, exactly as the
 * model card says) and {@link io.github.emotion4j.vision.expression.ExpressionNet}, which runs the
 * converted face-api.js FaceExpressionNet through emotion-core's engines (ONNX Runtime or DJL's
 * PyTorch engine).
 */
package io.github.emotion4j.vision.expression;
