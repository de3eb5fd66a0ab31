package io.github.emotion4j.core.model;

import java.util.Locale;

/** File formats a model card may list. */
public enum ModelFormat {
    /** ONNX, run by ONNX Runtime. */
    ONNX,
    /** TorchScript, run by DJL's PyTorch engine. */
    TORCHSCRIPT,
    /** Anything else (weights read by Java code, tokenizers, tables). */
    RAW;

    static ModelFormat parse(String s, String context) throws ModelLoadException {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(context + ": unknown format '" + s + "', use ONNX, TORCHSCRIPT or RAW");
        }
    }
}
