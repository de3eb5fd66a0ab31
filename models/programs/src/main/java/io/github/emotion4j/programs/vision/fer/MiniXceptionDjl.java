package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mini-Xception (the emotion net of {@code @vladmandic/human@3.3.6}, batch norm folded) re-built in
 * DJL blocks with the same parameter names as {@code models/tools/mini-xception/convert.py}
 * ({@code conv1.weight}, {@code block1.res.bias}, ...), so a parameter file moves between the two.
 * Input {@code [N, 1, 64, 64]} grey {@code (g - 0.5) * 2}; output the 7 logits (before softmax),
 * label order angry, disgust, fear, happy, sad, surprise, neutral.
 */
final class MiniXceptionDjl {
    /** The network. */
    final SequentialBlock block = new SequentialBlock();
    /** Convolutions by parameter prefix. */
    final Map<String, Conv2d> convs = new LinkedHashMap<>();

    MiniXceptionDjl() {
        block.add(conv("conv1", 32, 3, 2, 0, 1, true)).add(Activation::relu)
                .add(conv("conv2", 64, 3, 1, 0, 1, true)).add(Activation::relu)
                .add(residual("block1", 64, 128, false))
                .add(residual("block2", 128, 256, true))
                .add(conv("head", 7, 3, 1, 1, 1, true))
                .add(new LambdaBlock(l -> new NDList(l.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2})), "globalMean"));
    }

    private Conv2d conv(String name, int filters, int k, int stride, int pad, int groups, boolean bias) {
        Conv2d c = Conv2d.builder().setKernelShape(new Shape(k, k)).setFilters(filters).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).optGroups(groups).optBias(bias).build();
        convs.put(name, c);
        return c;
    }

    private Block residual(String name, int cin, int cout, boolean reluInput) {
        SequentialBlock main = new SequentialBlock();
        if (reluInput) {
            main.add(Activation::relu);
        }
        main.add(conv(name + ".dw1", cin, 3, 1, 1, cin, false))
                .add(conv(name + ".pw1", cout, 1, 1, 0, 1, true)).add(Activation::relu)
                .add(conv(name + ".dw2", cout, 3, 1, 1, cout, false))
                .add(conv(name + ".pw2", cout, 1, 1, 0, 1, true))
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        Block res = conv(name + ".res", cout, 1, 2, 0, 1, true);
        return new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                List.of(main, res));
    }

    /** Copies a parameter file's values into the (initialised) network; every tensor must match. */
    void load(Map<String, ParamFile.Tensor> params) {
        ParamFile.copyInto(convs, params, "network");
    }

    /** Stops training the convolutions whose name starts with {@code prefix} ({@code conv1}, {@code block1}, ...). */
    void freeze(String prefix) {
        int n = 0;
        for (Map.Entry<String, Conv2d> e : convs.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                e.getValue().freezeParameters(true);
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no convolution named " + prefix + "*");
        }
    }

    /** The current values under convert.py's names. */
    Map<String, ParamFile.Tensor> save() {
        return ParamFile.copyOf(convs);
    }
}
