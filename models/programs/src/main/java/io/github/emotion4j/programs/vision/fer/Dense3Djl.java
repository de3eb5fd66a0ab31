package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The last dense block ({@code dense3}, 256 channels, 14 -> 7) and the classifier ({@code fc}) of
 * face-api.js's FaceExpressionNet re-built in DJL, with the parameter names of
 * {@code models/tools/face-expression-net/convert.py} ({@code dense3.conv0.depthwise.conv.weight},
 * {@code fc.bias}, ...), so a parameter file moves between the two ({@code finetune.py}).
 *
 * <p>Input: the trunk's output {@code [N, 128, 15, 15]} (dense2's 14x14 map padded by one row and
 * column at the bottom/right, TensorFlow's SAME padding of the stride-2 depthwise convolution);
 * output the 7 logits in the network's label order (neutral, happy, sad, angry, fearful,
 * disgusted, surprised). Wiring as in the model card: {@code a = relu(conv0(x))},
 * {@code b = conv1(a)}, {@code c = conv2(relu(a+b))}, {@code d = conv3(relu(a+b+c))},
 * {@code relu(a+b+c+d)}, mean over the 7x7 map, {@code fc}.
 */
final class Dense3Djl extends FaceApiBlockDjl {
    /** Trunk output channels and side (padded). */
    static final int IN_CHANNELS = 128;
    static final int IN_SIDE = 15;
    private static final int C = 256;

    private final Conv2d[] depthwise = new Conv2d[4];
    private final Conv2d[] pointwise = new Conv2d[4];
    private final Linear fc;

    Dense3Djl() {
        for (int j = 0; j < 4; j++) {
            int cin = j == 0 ? IN_CHANNELS : C;
            int stride = j == 0 ? 2 : 1;
            int pad = j == 0 ? 0 : 1; // conv0's SAME pad is already in the input
            depthwise[j] = add("dense3.conv" + j + ".depthwise.conv", Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .setFilters(cin).optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optGroups(cin)
                    .optBias(false).build());
            pointwise[j] = add("dense3.conv" + j + ".pointwise", Conv2d.builder().setKernelShape(new Shape(1, 1))
                    .setFilters(C).optBias(true).build());
        }
        fc = add("fc", Linear.builder().setUnits(7).optBias(true).build());
    }

    private NDArray conv(int j, ParameterStore ps, NDArray x, boolean training) {
        NDArray d = depthwise[j].forward(ps, new NDList(x), training).singletonOrThrow();
        return pointwise[j].forward(ps, new NDList(d), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray out = FaceExpressionNetDjl.denseBlock((j, v) -> conv(j, ps, v, training), inputs.singletonOrThrow());
        return FaceExpressionNetDjl.head(fc, ps, out, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        depthwise[0].initialize(manager, dataType, new Shape(n, IN_CHANNELS, IN_SIDE, IN_SIDE));
        pointwise[0].initialize(manager, dataType, new Shape(n, IN_CHANNELS, 7, 7));
        for (int j = 1; j < 4; j++) {
            depthwise[j].initialize(manager, dataType, new Shape(n, C, 7, 7));
            pointwise[j].initialize(manager, dataType, new Shape(n, C, 7, 7));
        }
        fc.initialize(manager, dataType, new Shape(n, C));
    }
}
