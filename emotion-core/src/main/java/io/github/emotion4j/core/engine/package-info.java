/**
 * The engine boundary: the {@link io.github.emotion4j.core.engine.EngineProvider} SPI, sessions
 * ({@link io.github.emotion4j.core.engine.InferenceSession}) and run-time engine and device selection
 * ({@link io.github.emotion4j.core.engine.EngineRuntime}). Holds no engine: ONNX Runtime and DJL
 * PyTorch come as plug-ins in their own artifacts.
 */
package io.github.emotion4j.core.engine;
