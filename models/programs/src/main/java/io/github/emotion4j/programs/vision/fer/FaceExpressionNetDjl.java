package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The whole of face-api.js's FaceExpressionNet re-built in DJL (four dense blocks 112 -> 56 -> 28
 * -> 14 -> 7 with 32, 64, 128, 256 channels, the mean over the 7x7 map, {@code fc}), with the
 * parameter names of {@code models/tools/face-expression-net/convert.py}
 * ({@code dense0.conv0.conv.weight}, {@code dense1.conv0.depthwise.conv.weight},
 * {@code dense1.conv0.pointwise.bias}, ..., {@code fc.bias}), so that a parameter file of
 * {@code finetune.py --whole --dump-weights} loads into it and {@code finetune.py --whole --weights}
 * exports what it learnt. TensorFlow's SAME padding of the stride-2 convolutions (one zero row and
 * column at the bottom/right of an even input) is written as a concatenation of zeros, the
 * stride-1 ones as the convolution's own padding of 1.
 *
 * <p>Input {@code [N, 3, 112, 112]} normalised as the library's preprocessor does
 * ({@code (pixel - mean) / 255}); output the 7 logits in the network's label order (neutral, happy,
 * sad, angry, fearful, disgusted, surprised).
 */
final class FaceExpressionNetDjl extends FaceApiBlockDjl {
    /** Input side. */
    static final int SIDE = 112;
    private static final int[] CHANNELS = {32, 64, 128, 256};

    /** Per dense block: the four depthwise convolutions (entry 0 of block 0 is its regular 3x3 convolution). */
    private final Conv2d[][] depthwise = new Conv2d[4][4];
    /** Per dense block: the pointwise convolutions (entry 0 of block 0 unused). */
    private final Conv2d[][] pointwise = new Conv2d[4][4];
    private final Linear fc;

    FaceExpressionNetDjl() {
        for (int k = 0; k < 4; k++) {
            int cin = k == 0 ? 3 : CHANNELS[k - 1];
            int c = CHANNELS[k];
            String d = "dense" + k;
            for (int j = 0; j < 4; j++) {
                int in = j == 0 ? cin : c;
                int stride = j == 0 ? 2 : 1;
                int pad = j == 0 ? 0 : 1;
                if (k == 0 && j == 0) {
                    depthwise[k][j] = add(d + ".conv0.conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(c)
                            .optStride(new Shape(2, 2)).optBias(true).build());
                    continue;
                }
                depthwise[k][j] = add(d + ".conv" + j + ".depthwise.conv", Conv2d.builder().setKernelShape(new Shape(3, 3))
                        .setFilters(in).optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optGroups(in)
                        .optBias(false).build());
                pointwise[k][j] = add(d + ".conv" + j + ".pointwise", Conv2d.builder().setKernelShape(new Shape(1, 1))
                        .setFilters(c).optBias(true).build());
            }
        }
        fc = add("fc", Linear.builder().setUnits(7).optBias(true).build());
    }

    /** TensorFlow SAME padding before a stride-2 3x3 convolution of an even map: a zero row and column after. */
    private static NDArray padAfter(NDArray x) {
        Shape s = x.getShape();
        NDArray row = x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3)), x.getDataType());
        NDArray tall = x.concat(row, 2);
        NDArray col = x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2) + 1, 1), x.getDataType());
        return tall.concat(col, 3);
    }

    private NDArray conv(int k, int j, ParameterStore ps, NDArray x, boolean training) {
        NDArray in = j == 0 ? padAfter(x) : x;
        NDArray d = depthwise[k][j].forward(ps, new NDList(in), training).singletonOrThrow();
        if (k == 0 && j == 0) {
            return d;
        }
        return pointwise[k][j].forward(ps, new NDList(d), training).singletonOrThrow();
    }

    /** The four convolutions of one dense block, by their index 0..3. */
    @FunctionalInterface
    interface BlockConv {
        NDArray apply(int j, NDArray x);
    }

    /**
     * One dense block's wiring (as in the model card): {@code a = relu(conv0(x))}, {@code b = conv1(a)},
     * {@code c = conv2(relu(a+b))}, {@code d = conv3(relu(a+b+c))}, output {@code relu(a+b+c+d)}.
     */
    static NDArray denseBlock(BlockConv conv, NDArray x) {
        NDArray a = Activation.relu(conv.apply(0, x));
        NDArray ab = a.add(conv.apply(1, a));
        NDArray abc = ab.add(conv.apply(2, Activation.relu(ab)));
        return Activation.relu(abc.add(conv.apply(3, Activation.relu(abc))));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int k = 0; k < 4; k++) {
            int block = k;
            x = denseBlock((j, v) -> conv(block, j, ps, v, training), x);
        }
        return head(fc, ps, x, training);
    }

    /** The classifier on a block's map: the mean over its positions, then {@code fc}. */
    static NDList head(Linear fc, ParameterStore ps, NDArray map, boolean training) {
        return fc.forward(ps, new NDList(map.mean(new int[] {3}).mean(new int[] {2})), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        int side = SIDE;
        for (int k = 0; k < 4; k++) {
            int cin = k == 0 ? 3 : CHANNELS[k - 1];
            int c = CHANNELS[k];
            int half = side / 2;
            depthwise[k][0].initialize(manager, dataType, new Shape(n, cin, side + 1, side + 1));
            if (k > 0) {
                pointwise[k][0].initialize(manager, dataType, new Shape(n, cin, half, half));
            }
            for (int j = 1; j < 4; j++) {
                depthwise[k][j].initialize(manager, dataType, new Shape(n, c, half, half));
                pointwise[k][j].initialize(manager, dataType, new Shape(n, c, half, half));
            }
            side = half;
        }
        fc.initialize(manager, dataType, new Shape(n, CHANNELS[3]));
    }
}
