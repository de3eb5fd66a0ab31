package io.github.emotion4j.text.encoder.adapt;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The float32 initializers and the node list of an ONNX model, read with protobuf's
 * {@link CodedInputStream} from the {@code onnx.proto} field numbers ({@code ModelProto.graph} 7;
 * {@code GraphProto.node} 1, {@code initializer} 5; {@code NodeProto.input} 1, {@code output} 2,
 * {@code op_type} 4; {@code TensorProto.dims} 1, {@code data_type} 2, {@code float_data} 4,
 * {@code name} 8, {@code raw_data} 9, {@code data_location} 14). Only what the low-rank adapter needs:
 * float32 tensors stored inside the file (an external-data tensor or another type is listed in
 * {@link #skipped()}, never guessed).
 */
public final class OnnxWeights {
    /** A float32 tensor. */
    public record Tensor(long[] dims, float[] values) {
        public Tensor {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }
    }

    /** One graph node: its operator and the names of its inputs and outputs. */
    public record Node(String opType, List<String> inputs, List<String> outputs) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    private final Map<String, Tensor> tensors;
    private final Map<String, long[]> shapes;
    private final List<Node> nodes;
    private final List<String> skipped;

    private OnnxWeights(Map<String, Tensor> tensors, Map<String, long[]> shapes, List<Node> nodes, List<String> skipped) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.shapes = shapes;
        this.nodes = List.copyOf(nodes);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Parses a serialised {@code ModelProto}.
     *
     * @throws IOException when the bytes are not a well-formed ONNX model (truncated, not protobuf,
     *                     no graph, a float tensor whose size does not match its dims)
     */
    public static OnnxWeights parse(byte[] model) throws IOException {
        return parse(model, name -> true);
    }

    /**
     * Parses a serialised {@code ModelProto}, decoding the values of only the float32 initializers
     * {@code keep} accepts (the others are listed with their shapes: {@link #shape(String)}), so that
     * reading a few matrices of a large model does not copy all of its weights.
     *
     * @throws IOException as {@link #parse(byte[])}
     */
    public static OnnxWeights parse(byte[] model, Predicate<String> keep) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean graph = false;
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    graph = true;
                    int limit = in.pushLimit(in.readRawVarint32());
                    readGraph(in, keep, tensors, shapes, nodes, skipped);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException("not a well-formed ONNX model: " + e.getMessage(), e);
        }
        if (!graph) {
            throw new IOException("not an ONNX model: no graph field");
        }
        return new OnnxWeights(tensors, shapes, nodes, skipped);
    }

    private static void readGraph(CodedInputStream in, Predicate<String> keep, Map<String, Tensor> tensors,
                                  Map<String, long[]> shapes, List<Node> nodes, List<String> skipped) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == 1 || field == 5) && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                if (field == 1) {
                    nodes.add(readNode(in));
                } else {
                    readTensor(in, keep, tensors, shapes, skipped);
                }
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readStringRequireUtf8());
                case 2 -> outputs.add(in.readStringRequireUtf8());
                case 4 -> op = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        return new Node(op, inputs, outputs);
    }

    private static void readTensor(CodedInputStream in, Predicate<String> keep, Map<String, Tensor> tensors,
                                   Map<String, long[]> shapes, List<String> skipped) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        com.google.protobuf.ByteString raw = null;
        List<Float> floats = new ArrayList<>();
        boolean external = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> type = in.readInt32();
                case 4 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> name = in.readStringRequireUtf8();
                case 9 -> raw = in.readBytes();
                case 14 -> external = in.readEnum() == 1;
                default -> in.skipField(tag);
            }
        }
        if (type != 1 || external) {
            skipped.add(name);
            return;
        }
        long count = 1;
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
            count *= d[i];
        }
        if (raw != null ? raw.size() != count * 4 : floats.size() != count) {
            throw new IOException("tensor " + name + ": " + (raw != null ? raw.size() + " bytes" : floats.size() + " floats")
                    + " for " + count + " floats");
        }
        shapes.put(name, d);
        if (!keep.test(name)) {
            return;
        }
        float[] values;
        if (raw != null) {
            values = new float[(int) count];
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        tensors.put(name, new Tensor(d, values));
    }

    /** The float32 initializers whose values were read, by name, in file order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The shape of a float32 initializer stored in the file (read or not), or null when there is none of that name. */
    public long[] shape(String name) {
        long[] d = shapes.get(name);
        return d == null ? null : d.clone();
    }

    /** The graph's nodes in file order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Initializers that are not float32 or live in external files (not read). */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * Names the weight of each {@code MatMul} that is followed by an {@code Add} of a named bias: the
     * map goes from the bias name without its {@code .bias} suffix plus {@code .weight} (Hugging Face's
     * parameter name, e.g. {@code encoder.layer.0.attention.self.query.weight}) to the initializer the
     * exporter gave an anonymous name ({@code onnx::MatMul_...}). Its layout is {@code [in, out]}.
     */
    public Map<String, String> matMulWeightsByParameter() {
        Map<String, Node> producer = new HashMap<>();
        for (Node n : nodes) {
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (!n.opType().equals("Add") || n.inputs().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                String bias = n.inputs().get(side);
                Node mm = producer.get(n.inputs().get(1 - side));
                if (bias.endsWith(".bias") && shapes.containsKey(bias) && mm != null && mm.opType().equals("MatMul")
                        && mm.inputs().size() == 2 && shapes.containsKey(mm.inputs().get(1))) {
                    out.put(bias.substring(0, bias.length() - ".bias".length()) + ".weight", mm.inputs().get(1));
                }
            }
        }
        return out;
    }
}
