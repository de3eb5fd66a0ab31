package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the DJL re-builds of face-api.js's expression net ({@link Dense3Djl}, {@link FaceExpressionNetDjl})
 * share: child blocks kept under {@code convert.py}'s parameter names, parameter files read into and
 * written from them, and the 7 logits as output.
 */
abstract class FaceApiBlockDjl extends AbstractBlock {
    private final Map<String, Block> named = new LinkedHashMap<>();

    /** Adds a child block whose tensors are {@code name.weight} / {@code name.bias} in parameter files. */
    protected final <B extends Block> B add(String name, B block) {
        named.put(name, block);
        return addChildBlock(name.replace('.', '_'), block);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 7)};
    }

    /** Copies a parameter file's values into the (initialised) block; every tensor must match. */
    void load(Map<String, ParamFile.Tensor> params) {
        ParamFile.copyInto(named, params, "block");
    }

    /** The current values under convert.py's names. */
    Map<String, ParamFile.Tensor> save() {
        return ParamFile.copyOf(named);
    }
}
