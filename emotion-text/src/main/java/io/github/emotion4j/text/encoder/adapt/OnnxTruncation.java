package io.github.emotion4j.text.encoder.adapt;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a Hugging Face BERT-style ONNX encoder after its first {@code k} transformer layers, in
 * memory: the new graph keeps the nodes that layer {@code k}'s output needs (backward reachability
 * from it), their initializers and the graph inputs they read, and gives layer {@code k}'s output
 * under the original output's name and type ({@code last_hidden_state}, {@code [batch, tokens,
 * hidden]}: every layer's output has that shape). Everything else of the model (opset, IR version,
 * metadata) is copied as it was.
 *
 * <p>The layers are found by the node names the PyTorch exporter gives ({@code /encoder/layer.N/...},
 * kept by the int8 quantiser): layer {@code k}'s output is the output of the node
 * {@value #LAYER_OUTPUT_NODE} with {@code {N}} = k - 1 (the layer's closing LayerNorm). A file without
 * such names is refused, never guessed.
 *
 * <p>Read and written with protobuf's {@link CodedInputStream} / {@link CodedOutputStream} from the
 * {@code onnx.proto} field numbers ({@code ModelProto.graph} 7; {@code GraphProto.node} 1,
 * {@code initializer} 5, {@code input} 11, {@code output} 12, {@code value_info} 13,
 * {@code sparse_initializer} 15; {@code NodeProto.input} 1, {@code output} 2, {@code name} 3,
 * {@code op_type} 4, {@code attribute} 5; {@code AttributeProto.g} 6, {@code graphs} 11;
 * {@code TensorProto.name} 8; {@code ValueInfoProto.name} 1). Fields it does not look at are
 * copied byte for byte.
 */
public final class OnnxTruncation {
    /** The name of the node whose output is the hidden state after layer N (0-based), with N for the layer. */
    public static final String LAYER_OUTPUT_NODE = "/encoder/layer.{N}/output/LayerNorm/Add_1";
    private static final Pattern LAYER = Pattern.compile("^/encoder/layer\\.(\\d+)/");

    private OnnxTruncation() {
    }

    /** One field of a message: its number, and its bytes with the tag. */
    private record Field(int number, byte[] raw, int valueOffset, int valueLength) {
    }

    /** A graph node: its field bytes and what it reads and writes. */
    private record Node(byte[] raw, String name, String opType, List<String> inputs, List<String> outputs,
                        boolean hasSubgraph) {
    }

    /**
     * The number of transformer layers of a serialised BERT-style {@code ModelProto} (the distinct
     * {@code N} of its {@code /encoder/layer.N/} node names).
     *
     * @throws IOException when the bytes are not an ONNX model
     */
    public static int layerCount(byte[] model) throws IOException {
        byte[] graph = graphOf(model);
        return layers(graphNodes(fields(graph, 0, graph.length)));
    }

    /**
     * The model cut after its first {@code layers} transformer layers, serialised.
     *
     * @param layers 1 to {@link #layerCount(byte[])}; the full count gives a model that computes
     *               what the original does (the graph rewritten, nothing dropped that the output needs)
     * @throws IOException              when the bytes are not an ONNX model, or not one whose layers
     *                                  can be found by their node names, or when a node the cut graph
     *                                  keeps has a subgraph (If, Loop, Scan: not handled)
     * @throws IllegalArgumentException when {@code layers} is not between 1 and the layer count
     */
    public static byte[] truncate(byte[] model, int layers) throws IOException {
        List<Field> top = fields(model, 0, model.length);
        Field graphField = null;
        for (Field f : top) {
            if (f.number() == 7) {
                graphField = f;
            }
        }
        if (graphField == null) {
            throw new IOException("not an ONNX model: no graph field");
        }
        byte[] graph = Arrays.copyOfRange(graphField.raw(), graphField.valueOffset(),
                graphField.valueOffset() + graphField.valueLength());
        List<Field> graphFields = fields(graph, 0, graph.length);
        List<Node> nodes = graphNodes(graphFields);
        int count = layers(nodes);
        if (count == 0) {
            throw new IOException("no node is named /encoder/layer.N/...: this is not a BERT-style export whose layers"
                    + " can be cut by name");
        }
        if (layers < 1 || layers > count) {
            throw new IllegalArgumentException("the model has " + count + " transformer layers; cannot keep " + layers);
        }
        String targetNode = LAYER_OUTPUT_NODE.replace("{N}", Integer.toString(layers - 1));
        String target = null;
        for (Node n : nodes) {
            if (n.name().equals(targetNode)) {
                if (n.outputs().size() != 1) {
                    throw new IOException("node " + targetNode + " has " + n.outputs().size() + " outputs; expected one");
                }
                target = n.outputs().get(0);
            }
        }
        if (target == null) {
            throw new IOException("no node named " + targetNode + " (the end of layer " + layers + ")");
        }
        List<Field> outputs = new ArrayList<>();
        for (Field f : graphFields) {
            if (f.number() == 12) {
                outputs.add(f);
            }
        }
        if (outputs.size() != 1) {
            throw new IOException("the graph has " + outputs.size() + " outputs; a cut is defined for one (last_hidden_state)");
        }
        Field output = outputs.get(0);
        String outputName = valueInfoName(output);

        // backward reachability from the target tensor
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                producer.put(o, i);
            }
        }
        boolean[] keep = new boolean[nodes.size()];
        Set<String> used = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!used.add(t)) {
                continue;
            }
            Integer p = producer.get(t);
            if (p != null && !keep[p]) {
                keep[p] = true;
                Node n = nodes.get(p);
                if (n.hasSubgraph()) {
                    throw new IOException("node " + n.name() + " (" + n.opType() + ") has a subgraph; cutting such graphs"
                            + " is not supported");
                }
                for (String in : n.inputs()) {
                    if (!in.isEmpty()) {
                        todo.push(in);
                    }
                }
            }
        }
        // the tensor produced by the target node takes the name of the graph's output; the old
        // producer of that name (the last layer) is gone, so the name is free
        boolean rename = !target.equals(outputName);
        if (rename && used.contains(outputName)) {
            throw new IOException("layer " + layers + "'s output cannot be renamed " + outputName + ": the kept graph uses that name");
        }

        ByteArrayOutputStream graphOut = new ByteArrayOutputStream(graph.length);
        CodedOutputStream g = CodedOutputStream.newInstance(graphOut);
        int nodeIndex = 0;
        for (Field f : graphFields) {
            switch (f.number()) {
                case 1 -> {
                    int i = nodeIndex++;
                    if (keep[i]) {
                        g.writeRawBytes(rename ? renamed(nodes.get(i), target, outputName) : nodes.get(i).raw());
                    }
                }
                case 5, 15 -> {
                    if (used.contains(f.number() == 5 ? tensorName(f) : sparseTensorName(f))) {
                        g.writeRawBytes(f.raw());
                    }
                }
                case 11 -> {
                    if (used.contains(valueInfoName(f))) {
                        g.writeRawBytes(f.raw());
                    }
                }
                case 13 -> {
                    String name = valueInfoName(f);
                    // shape annotations of dropped tensors go; so does the old one of the renamed tensor
                    if (used.contains(name) && !(rename && name.equals(target))) {
                        g.writeRawBytes(f.raw());
                    }
                }
                default -> g.writeRawBytes(f.raw());
            }
        }
        g.flush();
        byte[] newGraph = graphOut.toByteArray();
        ByteArrayOutputStream modelOut = new ByteArrayOutputStream(newGraph.length + 1024);
        CodedOutputStream m = CodedOutputStream.newInstance(modelOut);
        for (Field f : top) {
            if (f.number() == 7) {
                m.writeByteArray(7, newGraph);
            } else {
                m.writeRawBytes(f.raw());
            }
        }
        m.flush();
        return modelOut.toByteArray();
    }

    /** The distinct layer numbers of the nodes' names. */
    private static int layers(List<Node> nodes) {
        Set<Integer> seen = new TreeSet<>();
        for (Node n : nodes) {
            Matcher mm = LAYER.matcher(n.name());
            if (mm.find()) {
                seen.add(Integer.parseInt(mm.group(1)));
            }
        }
        // layers must be numbered 0 .. count-1
        int count = 0;
        while (seen.contains(count)) {
            count++;
        }
        return count;
    }

    private static byte[] graphOf(byte[] model) throws IOException {
        for (Field f : fields(model, 0, model.length)) {
            if (f.number() == 7) {
                return Arrays.copyOfRange(f.raw(), f.valueOffset(), f.valueOffset() + f.valueLength());
            }
        }
        throw new IOException("not an ONNX model: no graph field");
    }

    private static List<Node> graphNodes(List<Field> graphFields) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (Field f : graphFields) {
            if (f.number() == 1) {
                nodes.add(node(f));
            }
        }
        return nodes;
    }

    /** The top-level fields of a message, each with its bytes. */
    private static List<Field> fields(byte[] buf, int from, int length) throws IOException {
        List<Field> out = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(buf, from, length);
        in.setSizeLimit(Integer.MAX_VALUE);
        try {
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                int valueOffset = -1;
                int valueLength = -1;
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    valueLength = in.readRawVarint32();
                    valueOffset = in.getTotalBytesRead() - start;
                    in.skipRawBytes(valueLength);
                } else {
                    in.skipField(tag);
                }
                int end = in.getTotalBytesRead();
                out.add(new Field(WireFormat.getTagFieldNumber(tag), Arrays.copyOfRange(buf, from + start, from + end),
                        valueOffset, valueLength));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("not a well-formed ONNX model: " + e.getMessage(), e);
        }
        return out;
    }

    private static Node node(Field f) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        boolean subgraph = false;
        for (Field x : fields(f.raw(), f.valueOffset(), f.valueLength())) {
            switch (x.number()) {
                case 1 -> inputs.add(string(x));
                case 2 -> outputs.add(string(x));
                case 3 -> name = string(x);
                case 4 -> op = string(x);
                case 5 -> {
                    for (Field a : fields(x.raw(), x.valueOffset(), x.valueLength())) {
                        subgraph |= a.number() == 6 || a.number() == 11;
                    }
                }
                default -> {
                }
            }
        }
        return new Node(f.raw(), name, op, inputs, outputs, subgraph);
    }

    /** The node's field bytes with the tensor name {@code from} replaced by {@code to} among its inputs and outputs. */
    private static byte[] renamed(Node n, String from, String to) throws IOException {
        if (!n.inputs().contains(from) && !n.outputs().contains(from)) {
            return n.raw();
        }
        Field whole = fields(n.raw(), 0, n.raw().length).get(0);
        ByteArrayOutputStream body = new ByteArrayOutputStream(n.raw().length + to.length());
        CodedOutputStream o = CodedOutputStream.newInstance(body);
        for (Field x : fields(n.raw(), whole.valueOffset(), whole.valueLength())) {
            if ((x.number() == 1 || x.number() == 2) && string(x).equals(from)) {
                o.writeString(x.number(), to);
            } else {
                o.writeRawBytes(x.raw());
            }
        }
        o.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 8);
        CodedOutputStream w = CodedOutputStream.newInstance(out);
        w.writeByteArray(1, body.toByteArray());
        w.flush();
        return out.toByteArray();
    }

    private static String string(Field f) {
        return new String(f.raw(), f.valueOffset(), f.valueLength(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code ValueInfoProto.name} (field 1). */
    private static String valueInfoName(Field f) throws IOException {
        return stringField(f, 1);
    }

    /** {@code TensorProto.name} (field 8). */
    private static String tensorName(Field f) throws IOException {
        return stringField(f, 8);
    }

    /** {@code SparseTensorProto.values} (field 1) is a {@code TensorProto} that carries the name. */
    private static String sparseTensorName(Field f) throws IOException {
        for (Field x : fields(f.raw(), f.valueOffset(), f.valueLength())) {
            if (x.number() == 1) {
                return tensorName(x);
            }
        }
        return "";
    }

    private static String stringField(Field f, int number) throws IOException {
        String name = "";
        for (Field x : fields(f.raw(), f.valueOffset(), f.valueLength())) {
            if (x.number() == number && x.valueLength() >= 0) {
                name = string(x);
            }
        }
        return name;
    }
}
