/** The ONNX Runtime engine plug-in. */
package io.github.emotion4j.engine.onnxruntime;
