#!/usr/bin/python3
"""Convert the face-api.js FaceExpressionNet weights to ONNX and TorchScript.

Source: npm package @vladmandic/face-api@1.7.15 (MIT), files
model/face_expression_model-weights_manifest.json and model/face_expression_model.bin.
The network is written here from the architecture description (four dense blocks of
depthwise-separable convolutions, global average pooling, fully connected layer, softmax).

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):

    /usr/bin/python3 convert.py [--package DIR|TGZ] [--out DIR] [--data FACES_DIR]

Without --package the script runs `npm pack @vladmandic/face-api@1.7.15` in a temporary
folder. With --data (a folder holding ck48/, fer2013/validation/ and golden/) it also runs
the sanity evaluation of evaluate.py and writes the metric.* lines.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PACKAGE = "@vladmandic/face-api@1.7.15"
VERSION = "1.7.15-e4j.2"
MODEL_ID = "face-expression-net"
LABELS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]
MEAN_RGB = [122.782, 117.001, 104.298]
INPUT_SIZE = 112
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(
    HERE, "..", "..", "src", "main", "resources", "io", "github", "emotion4j", "models", MODEL_ID))
MANIFEST = "model/face_expression_model-weights_manifest.json"
WEIGHTS_BIN = "model/face_expression_model.bin"


# ---------------------------------------------------------------- package and weights

def fetch_package(workdir):
    """npm pack the package into workdir and unpack it; returns the package folder."""
    subprocess.run(["npm", "pack", "--loglevel=warn", PACKAGE], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    if len(tgz) != 1:
        raise SystemExit("npm pack produced %r" % tgz)
    return unpack(os.path.join(workdir, tgz[0]), workdir)


def unpack(tgz, workdir, files=(MANIFEST, WEIGHTS_BIN)):
    """Extracts the given package files (and LICENSE) of the npm tarball into workdir/package."""
    wanted = {"package/" + f for f in files} | {"package/LICENSE"}
    with tarfile.open(tgz, "r:gz") as t:
        members = [m for m in t.getmembers() if m.name in wanted]
        t.extractall(workdir, members=members)
    return os.path.join(workdir, "package")


def load_weights(package_dir, manifest_file=MANIFEST, weights_file=WEIGHTS_BIN):
    """Decode the manifest + bin into {name: float32 ndarray in TensorFlow layout}."""
    with open(os.path.join(package_dir, manifest_file)) as f:
        manifest = json.load(f)
    with open(os.path.join(package_dir, weights_file), "rb") as f:
        blob = f.read()
    if len(manifest) != 1:
        raise ValueError("expected one weight group, got %d" % len(manifest))
    weights = {}
    offset = 0
    for w in manifest[0]["weights"]:
        shape = w["shape"]
        n = int(np.prod(shape)) if shape else 1
        q = w.get("quantization")
        if q:
            if q["dtype"] != "uint8":
                raise ValueError("unsupported quantisation %r for %s" % (q["dtype"], w["name"]))
            raw = np.frombuffer(blob, dtype=np.uint8, count=n, offset=offset)
            offset += n
            # dequantise in float64, then round once to float32
            value = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
        else:
            if w["dtype"] != "float32":
                raise ValueError("unsupported dtype %r for %s" % (w["dtype"], w["name"]))
            value = np.frombuffer(blob, dtype="<f4", count=n, offset=offset).astype(np.float32)
            offset += 4 * n
        weights[w["name"]] = value.reshape(shape)
    if offset != len(blob):
        raise ValueError("weights use %d bytes, bin has %d" % (offset, len(blob)))
    return weights


# ---------------------------------------------------------------- network

def same_pad(size, kernel, stride):
    """TensorFlow SAME padding for one axis: (before, after); the extra goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SamePadConv(nn.Module):
    """A 3x3 convolution (regular or depthwise) with explicit TF SAME padding.

    The padding is computed for the known spatial input size, so the traced graph holds a
    constant Pad and is identical for ONNX and TorchScript.
    """

    def __init__(self, cin, cout, stride, size, groups, bias):
        super().__init__()
        top, bottom = same_pad(size, 3, stride)
        left, right = same_pad(size, 3, stride)
        self.pad = (left, right, top, bottom)
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=0, groups=groups, bias=bias)

    def forward(self, x):
        return self.conv(F.pad(x, self.pad))


class SeparableConv(nn.Module):
    """3x3 depthwise (no bias) -> 1x1 pointwise + bias."""

    def __init__(self, cin, cout, stride, size):
        super().__init__()
        self.depthwise = SamePadConv(cin, cin, stride, size, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=True)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


class DenseBlock(nn.Module):
    def __init__(self, cin, cout, size, first):
        super().__init__()
        if first:
            self.conv0 = SamePadConv(cin, cout, 2, size, groups=1, bias=True)
        else:
            self.conv0 = SeparableConv(cin, cout, 2, size)
        half = -(-size // 2)
        self.conv1 = SeparableConv(cout, cout, 1, half)
        self.conv2 = SeparableConv(cout, cout, 1, half)
        self.conv3 = SeparableConv(cout, cout, 1, half)

    def forward(self, x):
        a = F.relu(self.conv0(x))
        b = self.conv1(a)
        ab = a + b
        c = self.conv2(F.relu(ab))
        abc = ab + c
        d = self.conv3(F.relu(abc))
        return F.relu(abc + d)


class DenseFeatures(nn.Module):
    """face-api.js's FaceFeatureExtractor (four dense blocks, 112 -> 7, then the mean over the
    7x7 map) under a fully connected layer of `classes` outputs; shared by FaceExpressionNet and
    FaceLandmark68Net (models/tools/face-landmarks-identity)."""

    def __init__(self, classes):
        super().__init__()
        self.dense0 = DenseBlock(3, 32, 112, first=True)
        self.dense1 = DenseBlock(32, 64, 56, first=False)
        self.dense2 = DenseBlock(64, 128, 28, first=False)
        self.dense3 = DenseBlock(128, 256, 14, first=False)
        self.fc = nn.Linear(256, classes)

    def logits(self, x):
        x = self.dense3(self.dense2(self.dense1(self.dense0(x))))
        x = torch.mean(x, dim=(2, 3))
        return self.fc(x)


class FaceExpressionNet(DenseFeatures):
    """Input [N,3,112,112] normalised RGB; output softmax probabilities [N,7]."""

    def __init__(self):
        super().__init__(7)

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


def tf_conv(w):       # [kh, kw, in, out] -> [out, in, kh, kw]
    return torch.from_numpy(np.ascontiguousarray(w.transpose(3, 2, 0, 1)))


def tf_depthwise(w):  # [kh, kw, in, 1] -> [in, 1, kh, kw]
    return torch.from_numpy(np.ascontiguousarray(w.transpose(2, 3, 0, 1)))


def build_model(weights, model=None):
    """Copies the decoded weights into a DenseFeatures module (a FaceExpressionNet by default)
    and checks that every weight was used."""
    model = FaceExpressionNet() if model is None else model
    used = set()

    def take(name):
        used.add(name)
        return weights[name]

    with torch.no_grad():
        for i in range(4):
            block = getattr(model, "dense%d" % i)
            for j in range(4):
                prefix = "dense%d/conv%d/" % (i, j)
                layer = getattr(block, "conv%d" % j)
                if isinstance(layer, SamePadConv):
                    layer.conv.weight.copy_(tf_conv(take(prefix + "filters")))
                    layer.conv.bias.copy_(torch.from_numpy(take(prefix + "bias")))
                else:
                    layer.depthwise.conv.weight.copy_(tf_depthwise(take(prefix + "depthwise_filter")))
                    layer.pointwise.weight.copy_(tf_conv(take(prefix + "pointwise_filter")))
                    layer.pointwise.bias.copy_(torch.from_numpy(take(prefix + "bias")))
        model.fc.weight.copy_(torch.from_numpy(np.ascontiguousarray(take("fc/weights").T)))
        model.fc.bias.copy_(torch.from_numpy(take("fc/bias")))
    unused = set(weights) - used
    if unused:
        raise ValueError("weights not used: %s" % sorted(unused))
    return model.eval()


# ---------------------------------------------------------------- ONNX check without onnxruntime

def run_onnx_graph(path, x):
    """Execute the exported ONNX graph node by node with torch ops (a check of the graph's
    own attributes: pads, strides, groups, axes). Supports only the ops this export uses."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    env = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x
    for node in m.graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            out = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Pad":
            pads = [int(p) for p in ins[1].tolist()]
            if a.get("mode", b"constant") not in (b"constant", "constant"):
                raise ValueError("pad mode %r" % a["mode"])
            r = len(pads) // 2
            tp = []
            for d in reversed(range(r)):
                tp += [pads[d], pads[d + r]]
            value = float(ins[2]) if len(ins) > 2 and ins[2] is not None else 0.0
            out = F.pad(ins[0], tp, value=value)
        elif op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])  # ONNX order: top, left, bottom, right
            x = ins[0]
            if p[0] != p[2] or p[1] != p[3]:  # asymmetric (folded SAME padding): pad first
                x, p = F.pad(x, (p[1], p[3], p[0], p[2])), [0, 0, 0, 0]
            out = F.conv2d(x, ins[1], ins[2] if len(ins) > 2 else None,
                           stride=a.get("strides", [1, 1]), padding=(p[0], p[1]),
                           dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
        elif op == "Relu":
            out = F.relu(ins[0])
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "ReduceMean":
            out = torch.mean(ins[0], dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
        elif op == "GlobalAveragePool":
            out = torch.mean(ins[0], dim=(2, 3), keepdim=True)
        elif op == "Flatten":
            out = torch.flatten(ins[0], a.get("axis", 1))
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2:
                out = out + a.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            out = ins[0] @ ins[1]
        elif op == "Softmax":
            out = torch.softmax(ins[0], dim=a.get("axis", -1))
        elif op == "Mul":
            out = ins[0] * ins[1]
        elif op in ("MaxPool", "AveragePool"):
            p = a.get("pads", [0, 0, 0, 0])
            if any(p) or a.get("ceil_mode", 0):
                raise ValueError("%s with pads %r / ceil_mode not supported by the check" % (op, p))
            pool = F.max_pool2d if op == "MaxPool" else F.avg_pool2d
            out = pool(ins[0], a["kernel_shape"], stride=a.get("strides", a["kernel_shape"]))
        else:
            raise ValueError("op %s not supported by the check" % op)
        env[node.output[0]] = out
    return env[m.graph.output[0].name]


# ---------------------------------------------------------------- export

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _np_dtype(onnx_type):
    import onnx
    if hasattr(onnx.helper, "tensor_dtype_to_np_dtype"):
        return onnx.helper.tensor_dtype_to_np_dtype(onnx_type)
    return onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[onnx_type]


def fold_constants(path):
    """torch 1.13 exports F.pad's pads as a small subgraph of Constant/ConstantOfShape/Concat/
    Reshape/Slice/Transpose/Cast nodes that do_constant_folding leaves in place. Evaluate every
    node whose inputs are all constant and store the results as initializers, so that each Pad
    reads a constant int64 pads tensor. The graph is checked against the eager module afterwards."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    g = m.graph
    const = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    original = set(const)
    kept = []
    for node in g.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        ins = [n for n in node.input]
        if node.op_type == "Constant":
            const[node.output[0]] = numpy_helper.to_array(a["value"])
            continue
        if not all(n in const for n in ins if n):
            kept.append(node)
            continue
        v = [const[n] if n else None for n in ins]
        op = node.op_type
        if op == "ConstantOfShape":
            fill = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = np.full(tuple(int(d) for d in v[0]), fill.reshape(-1)[0], dtype=fill.dtype)
        elif op == "Concat":
            out = np.concatenate(v, axis=a["axis"])
        elif op == "Reshape":
            shape = [int(d) for d in v[1]]
            shape = [v[0].shape[i] if d == 0 else d for i, d in enumerate(shape)]
            out = v[0].reshape(shape)
        elif op == "Slice":
            data, starts, ends = v[0], v[1], v[2]
            axes = v[3] if len(v) > 3 and v[3] is not None else np.arange(len(starts))
            steps = v[4] if len(v) > 4 and v[4] is not None else np.ones(len(starts), np.int64)
            idx = [slice(None)] * data.ndim
            for st, en, ax, sp in zip(starts, ends, axes, steps):
                n = data.shape[int(ax)]
                # clamp like ONNX: INT64 extremes stand for "to the end"
                st = int(max(min(st, n), -n - 1)) if sp > 0 or st < n else n - 1
                en = int(max(min(en, n), -n - 1))
                idx[int(ax)] = slice(st, en if en >= -n else None, int(sp))
            out = data[tuple(idx)]
        elif op == "Transpose":
            out = np.transpose(v[0], a.get("perm"))
        elif op == "Cast":
            out = v[0].astype(_np_dtype(a["to"]))
        else:
            kept.append(node)
            continue
        const[node.output[0]] = np.ascontiguousarray(out)
    needed = {n for node in kept for n in node.input if n}
    inits = [numpy_helper.from_array(np.asarray(const[n]), n) for n in sorted(needed)
             if n in const and n not in original]
    folded = len(g.node) - len(kept)
    del g.node[:]
    g.node.extend(kept)
    keep_init = [t for t in g.initializer if t.name in needed]
    del g.initializer[:]
    g.initializer.extend(keep_init + inits)
    # drop value_info of folded intermediates
    vi = [x for x in g.value_info if x.name not in const]
    del g.value_info[:]
    g.value_info.extend(vi)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return folded


def fold_pads_into_convs(path):
    """Moves each constant zero Pad that only feeds a Conv into that Conv's own pads attribute
    (asymmetric where SAME padding with stride 2 pads bottom/right only). The graph computes the
    same values, but ONNX Runtime no longer copies every padded activation and can keep the
    convolutions in its blocked (NCHWc) layout: face-expression-net went from 0.97 to 0.60 ms per
    112x112 face on one thread (models/tools/face-expression-net/README.md). Returns the number
    of Pads folded; the graph is checked against the eager module afterwards (check())."""
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(path)
    g = m.graph
    const = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    consumers = {}
    for node in g.node:
        for n in node.input:
            consumers.setdefault(n, []).append(node)
    outputs = {o.name for o in g.output}
    folded = set()
    for node in g.node:
        if node.op_type != "Pad" or node.output[0] in outputs:
            continue
        mode = [at.s for at in node.attribute if at.name == "mode"]
        if mode and mode[0] not in (b"constant", "constant"):
            continue
        if len(node.input) < 2 or node.input[1] not in const:
            continue
        if len(node.input) > 2 and node.input[2] and (node.input[2] not in const or np.any(const[node.input[2]] != 0)):
            continue
        pads = [int(v) for v in const[node.input[1]].reshape(-1)]
        users = consumers.get(node.output[0], [])
        if len(pads) != 8 or pads[0] or pads[1] or pads[4] or pads[5] or min(pads) < 0 \
                or len(users) != 1 or users[0].op_type != "Conv":
            continue
        conv = users[0]
        own = [at for at in conv.attribute if at.name == "pads"]
        auto = [at for at in conv.attribute if at.name == "auto_pad" and at.s not in (b"NOTSET", "NOTSET")]
        if auto:
            continue
        p = list(own[0].ints) if own else [0, 0, 0, 0]
        for at in own:
            conv.attribute.remove(at)
        conv.attribute.append(helper.make_attribute("pads", [p[0] + pads[2], p[1] + pads[3], p[2] + pads[6],
                                                             p[3] + pads[7]]))
        conv.input[0] = node.input[0]
        folded.add(id(node))
    kept = [node for node in g.node if id(node) not in folded]
    del g.node[:]
    g.node.extend(kept)
    needed = {n for node in kept for n in node.input if n} | outputs
    keep_init = [t for t in g.initializer if t.name in needed]
    del g.initializer[:]
    g.initializer.extend(keep_init)
    vi = [x for x in g.value_info if x.name in needed]
    del g.value_info[:]
    g.value_info.extend(vi)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return len(folded)


def export(model, out, size=INPUT_SIZE, output_name="probabilities", pads_into_convs=True):
    """Writes model.onnx (opset 13, batch axis free, constant pads folded and, unless
    pads_into_convs is False, moved into the convolutions) and model.pt (torch.jit.trace) for an
    input [N, 3, size, size] named "input"."""
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, "model.onnx")
    pt_path = os.path.join(out, "model.pt")
    example = torch.zeros(1, 3, size, size)
    with torch.no_grad():
        torch.onnx.export(model, example, onnx_path, opset_version=13,
                          input_names=["input"], output_names=[output_name],
                          dynamic_axes={"input": {0: "batch"}, output_name: {0: "batch"}},
                          do_constant_folding=True)
        traced = torch.jit.trace(model, example)
        torch.jit.save(traced, pt_path)
    import onnx
    print("folded %d constant nodes of the exported pads" % fold_constants(onnx_path))
    if pads_into_convs:
        print("folded %d zero Pads into their Convs" % fold_pads_into_convs(onnx_path))
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    print("ONNX ops:", sorted({n.op_type for n in m.graph.node}), "opset", m.opset_import[0].version)
    return onnx_path, pt_path


def check(model, onnx_path, pt_path, seed=0):
    gen = torch.Generator().manual_seed(seed)
    loaded = torch.jit.load(pt_path).eval()
    worst = {"torchscript": 0.0, "onnx-graph": 0.0}
    with torch.no_grad():
        for batch in (1, 3, 8):
            # inputs in the normalised range of real images: (0..255 - mean) / 255
            x = (torch.rand(batch, 3, INPUT_SIZE, INPUT_SIZE, generator=gen) * 255
                 - torch.tensor(MEAN_RGB).view(1, 3, 1, 1)) / 255
            ref = model(x)
            if ref.shape != (batch, 7) or not torch.allclose(ref.sum(1), torch.ones(batch), atol=1e-5):
                raise AssertionError("eager output is not [N,7] probabilities")
            worst["torchscript"] = max(worst["torchscript"], (loaded(x) - ref).abs().max().item())
            worst["onnx-graph"] = max(worst["onnx-graph"], (run_onnx_graph(onnx_path, x) - ref).abs().max().item())
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        x = torch.randn(4, 3, INPUT_SIZE, INPUT_SIZE, generator=gen) * 0.3
        with torch.no_grad():
            ref = model(x).numpy()
        got = sess.run(["probabilities"], {"input": x.numpy()})[0]
        worst["onnxruntime"] = float(np.abs(got - ref).max())
    except ImportError:
        print("onnxruntime not available: ONNX checked by executing its graph with torch ops "
              "(onnx-graph below)")
    for k, v in worst.items():
        print("max abs diff eager vs %s: %.3g" % (k, v))
        if v > 1e-5:
            raise AssertionError("%s differs from eager by %g" % (k, v))
    return worst


# ---------------------------------------------------------------- cards

def write_properties(out, hashes, metrics):
    lines = [
        "# Generated by models/tools/face-expression-net/convert.py; do not edit by hand.",
        "id=" + MODEL_ID,
        "version=" + VERSION,
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
        "labelSet=FACE_API",
        "# the network ends in a softmax: outputs are already probabilities",
        "activation=none",
        "preprocess.size=%d" % INPUT_SIZE,
        "preprocess.mean=" + ",".join(repr(m) for m in MEAN_RGB),
        "preprocess.scale=" + repr(1 / 255),
        "preprocess.channels=RGB",
        "preprocess.resize=bilinear-align-corners-false-no-half-pixel",
        # one thread per call: the video path runs it beside decoding on 2 cores (emotion-vision README, "Speed")
        "engine.intraOpThreads=1",
        "source=npm @vladmandic/face-api@1.7.15 (model/face_expression_model.bin); "
        "original face-api.js FaceExpressionNet by Vincent M\\u00fchler",
        "license=MIT",
        "trainingData=not documented in the npm package",
    ]
    if metrics:
        lines.append("# measured by the converter's Python check; the Java evaluation is authoritative")
        for k, v in metrics.items():
            lines.append("metric.%s=%s" % (k, v))
    path = os.path.join(out, "model.properties")
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


MIT_NOTICE = """MIT License

Copyright (c) Vladimir Mandic

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def write_card(out, hashes, sizes, metrics, report, package_dir, checks):
    lic = os.path.join(package_dir, "LICENSE")
    notice = MIT_NOTICE
    if os.path.exists(lic):
        with open(lic, encoding="utf-8") as f:
            notice = f.read().strip()
    if metrics:
        m = ["Measured by the converter's Python check (`evaluate.py`, eager PyTorch module); "
             "the Java evaluation is authoritative.", "",
             "| data set | images | accuracy |", "|---|---|---|"]
        for name, desc in (("ck48", "CK+48 (48x48 grey crops, contempt excluded)"),
                           ("fer2013", "FER2013 validation / PublicTest (48x48 grey)")):
            if name + ".accuracy" in metrics:
                m.append("| %s | %s | %s |" % (desc, metrics[name + ".samples"], metrics[name + ".accuracy"]))
        if report:
            m += ["", "Golden crops (padded to a centred square with black, resized to 112):", ""]
            m += ["- `%s`: %s" % (k, v) for k, v in report.items()]
        metrics_md = "\n".join(m)
    else:
        metrics_md = "Not measured in this run (convert.py was run without `--data`)."
    text = """# face-expression-net

Facial-expression classifier FaceExpressionNet from face-api.js, converted to ONNX and
TorchScript by `models/tools/face-expression-net/convert.py` (network re-implemented in PyTorch
from its architecture; weights decoded from the npm package).

- **Source:** npm `@vladmandic/face-api@1.7.15`, files `model/face_expression_model-weights_manifest.json`
  and `model/face_expression_model.bin` (uint8-quantised weights, float32 biases).
- **Original:** face-api.js by Vincent Mühler; this fork is maintained by Vladimir Mandic.
- **Licence:** MIT (notice below).
- **Version:** `{version}` (upstream 1.7.15; e4j.2: the zero Pads moved into the convolutions, same values as e4j.1).
- **Training data:** not documented in the npm package.
- **Source file SHA-256:** manifest `{h_manifest}`, bin `{h_bin}`.

## Files

| file | format | bytes | SHA-256 |
|---|---|---|---|
| `model.onnx` | ONNX (opset 13) | {s_onnx} | `{h_onnx}` |
| `model.pt` | TorchScript (torch.jit.trace, PyTorch 1.13) | {s_pt} | `{h_pt}` |

## Input and output

- Input `input`: float32 `[N, 3, 112, 112]`, NCHW, RGB (no BGR swap), batch size free.
- Output `probabilities`: float32 `[N, 7]`, softmax already applied (`activation=none`).
- Label order: {labels}.

## Preprocessing

1. Face crop, padded to a square (the reference check centres it and fills with black).
2. Resize to 112x112 with bilinear interpolation as TensorFlow's classic `resize_bilinear`
   (`align_corners=false`, no half-pixel centres: source coordinate = destination x in/out).
   This was used in the reference check; other interpolations move accuracy by a point or so.
3. Per channel `(pixel - mean) / 255`, mean RGB = 122.782, 117.001, 104.298
   (`preprocess.scale` = 1/255). A grey image is repeated on three channels.

## Architecture

Four dense blocks (32, 64, 128, 256 channels), each halving the size (112 -> 56 -> 28 -> 14
-> 7). In a block `a = relu(conv0(x))`, `b = conv1(a)`, `c = conv2(relu(a+b))`,
`d = conv3(relu(a+b+c))`, output `relu(a+b+c+d)`; `conv0` is a 3x3 stride-2 convolution in the
first block and depthwise-separable elsewhere, `conv1..3` are depthwise-separable. TensorFlow
SAME padding is reproduced with explicit pads (bottom/right extra on stride 2), held by each
convolution's own `pads` (no Pad nodes: `fold_pads_into_convs`). Head: global
average pool, fully connected 256 -> 7, softmax.

## Conversion checks

Random inputs in the normalised pixel range, batch sizes 1, 3 and 8: maximum absolute
difference of the probabilities from the eager PyTorch module: {checks}
(`torchscript`: the saved `model.pt` reloaded; `onnx-graph`: the saved `model.onnx` executed
node by node with the equivalent torch operations, since the converter's Debian environment has
no ONNX Runtime; `onnxruntime`, when present, is ONNX Runtime itself). Since e4j.2 the zero
Pads of the export are held by the convolutions (`fold_pads_into_convs`): the same values, about
0.91 -> 0.58 ms per call on ONNX Runtime, one thread (models/tools/face-expression-net/README.md).

## Metrics

{metrics}

## Licence notice

```
{notice}
```
""".format(version=VERSION, s_onnx=sizes["model.onnx"], h_onnx=hashes["model.onnx"],
           s_pt=sizes["model.pt"], h_pt=hashes["model.pt"], labels=", ".join(LABELS),
           metrics=metrics_md, notice=notice,
           h_manifest=sha256(os.path.join(package_dir, MANIFEST)),
           h_bin=sha256(os.path.join(package_dir, WEIGHTS_BIN)),
           checks="; ".join("%s %.3g" % kv for kv in checks.items()))
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", help="unpacked npm package folder (holding model/) or the .tgz; "
                                      "default: npm pack " + PACKAGE + " into a temp folder")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--data", help="faces folder with ck48/, fer2013/validation/, golden/ "
                                   "for the sanity evaluation (metrics in the cards)")
    args = ap.parse_args(argv)

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
        print("decoded %d tensors, %d parameters" % (len(weights), sum(p.numel() for p in model.parameters())))

        onnx_path, pt_path = export(model, args.out)
        checks = check(model, onnx_path, pt_path)

        metrics, report = {}, {}
        if args.data:
            sys.path.insert(0, HERE)
            import evaluate
            metrics, report = evaluate.evaluate(model, args.data)

        files = ["model.onnx", "model.pt"]
        hashes = {f: sha256(os.path.join(args.out, f)) for f in files}
        sizes = {f: os.path.getsize(os.path.join(args.out, f)) for f in files}
        write_properties(args.out, hashes, metrics)
        write_card(args.out, hashes, sizes, metrics, report, package_dir, checks)
    for f in files:
        print("%s  %9d bytes  sha256 %s" % (f, sizes[f], hashes[f]))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
