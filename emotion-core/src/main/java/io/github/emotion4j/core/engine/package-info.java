/** The engine boundary: ONNX Runtime and DJL's PyTorch engine behind {@link io.github.emotion4j.core.engine.InferenceSession}, with run-time engine and device selection. The only package that touches engine classes. */
package io.github.emotion4j.core.engine;
