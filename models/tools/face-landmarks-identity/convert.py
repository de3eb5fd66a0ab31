#!/usr/bin/python3
"""Convert face-api.js's FaceLandmark68Net and FaceRecognitionNet to ONNX and TorchScript.

Source: npm package @vladmandic/face-api@1.7.15 (MIT), files
model/face_landmark_68_model{-weights_manifest.json,.bin} (68 facial landmarks) and
model/face_recognition_model{-weights_manifest.json,.bin} (128-d face descriptor, a
ResNet-34-like network ported from dlib). The networks are written here from the package's own
TypeScript sources (src/faceLandmarkNet, src/faceFeatureExtractor, src/faceRecognitionNet).

The weight decoding, the dense-block feature extractor, the ONNX export and constant folding,
and the ONNX graph check are those of ../face-expression-net/convert.py (imported, not copied).

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):

    /usr/bin/python3 convert.py [--package DIR|TGZ] [--out-root DIR] [--reference reference.json]

Without --package the script runs `npm pack @vladmandic/face-api@1.7.15` in a temporary folder.
--reference is the output of reference.js (face-api.js itself on Node, tfjs CPU backend, on
the golden crop src-test-data/vision/astronaut-face.jpg); the eager PyTorch modules are compared
with it and the differences are written into the cards.
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "face-expression-net"))
import convert as fen  # noqa: E402  (the shared face-api.js conversion code)

PACKAGE = fen.PACKAGE
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "src", "main", "resources", "io", "github", "emotion4j", "models"))
# the descriptor net (44 MB) is an artifact of its own, models/face-identity
IDENTITY_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "face-identity", "src", "main", "resources", "io", "github",
                                              "emotion4j", "models"))
MEAN_RGB = fen.MEAN_RGB

LANDMARKS = {  # spec of the landmark net
    "id": "face-landmarks-68",
    "version": "1.7.15-e4j.1",
    "manifest": "model/face_landmark_68_model-weights_manifest.json",
    "bin": "model/face_landmark_68_model.bin",
    "size": 112,
    "output": "landmarks",
    "width": 136,
}
DESCRIPTOR = {
    "id": "face-descriptor-128",
    "version": "1.7.15-e4j.1",
    "manifest": "model/face_recognition_model-weights_manifest.json",
    "bin": "model/face_recognition_model.bin",
    "size": 150,
    "output": "descriptor",
    "width": 128,
}


# ---------------------------------------------------------------- FaceLandmark68Net

class FaceLandmark68Net(fen.DenseFeatures):
    """Input [N,3,112,112] normalised RGB; output [N,136] = x0,y0,x1,y1,... relative to the
    112x112 padded square (0..1), as face-api.js's runNet gives them before postProcess."""

    def __init__(self):
        super().__init__(136)

    def forward(self, x):
        return self.logits(x)


# ---------------------------------------------------------------- FaceRecognitionNet

class ConvScale(nn.Module):
    """face-api.js convLayer: conv + bias, then the scale layer (x * w + b), optional ReLU.
    The scale layer is folded into the convolution (w' = w * s, b' = b * s + t)."""

    def __init__(self, cin, cout, kernel, stride, same, relu):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2 if same else 0, bias=True)
        self.relu = relu

    def forward(self, x):
        x = self.conv(x)
        return F.relu(x) if self.relu else x


class Residual(nn.Module):
    def __init__(self, cin, cout, down, size):
        super().__init__()
        self.down = down
        # sizes are known for the fixed input, so the pads are constants in the traced graph
        conv_out = (size - 3) // 2 + 1
        self.grow = size // 2 - conv_out if down else 0
        self.size_out = size // 2 if down else size
        # residualDown: conv1 is convDown (3x3 stride 2, VALID, ReLU); residual: conv (3x3 SAME, ReLU)
        self.conv1 = ConvScale(cin, cout, 3, 2 if down else 1, same=not down, relu=True)
        self.conv2 = ConvScale(cout, cout, 3, 1, same=True, relu=False)
        self.extra_channels = cout - cin

    def forward(self, x):
        out = self.conv2(self.conv1(x))
        if not self.down:
            return F.relu(out + x)
        pooled = F.avg_pool2d(x, 2, 2)
        if self.grow:
            # face-api.js appends a zero row and column (bottom/right) to the convolution branch
            out = F.pad(out, (0, self.grow, 0, self.grow))
        if self.extra_channels:
            # ... and zero channels after the pooled branch's own
            pooled = F.pad(pooled, (0, 0, 0, 0, 0, self.extra_channels))
        return F.relu(pooled + out)


RESNET_LAYOUT = [
    ("conv32_1", 32, 32, False), ("conv32_2", 32, 32, False), ("conv32_3", 32, 32, False),
    ("conv64_down", 32, 64, True), ("conv64_1", 64, 64, False), ("conv64_2", 64, 64, False), ("conv64_3", 64, 64, False),
    ("conv128_down", 64, 128, True), ("conv128_1", 128, 128, False), ("conv128_2", 128, 128, False),
    ("conv256_down", 128, 256, True), ("conv256_1", 256, 256, False), ("conv256_2", 256, 256, False),
    ("conv256_down_out", 256, 256, True),
]


class FaceRecognitionNet(nn.Module):
    """Input [N,3,150,150] normalised RGB; output the 128-d descriptor [N,128] (not normalised)."""

    def __init__(self):
        super().__init__()
        self.conv32_down = ConvScale(3, 32, 7, 2, same=False, relu=True)
        blocks, size = [], (((DESCRIPTOR["size"] - 7) // 2 + 1) - 3) // 2 + 1   # after conv32_down and the max pool
        for _, cin, cout, down in RESNET_LAYOUT:
            blocks.append(Residual(cin, cout, down, size))
            size = blocks[-1].size_out
        self.blocks = nn.ModuleList(blocks)
        self.fc = nn.Linear(256, 128, bias=False)

    def forward(self, x):
        x = F.max_pool2d(self.conv32_down(x), 3, 2)
        for b in self.blocks:
            x = b(x)
        return self.fc(torch.mean(x, dim=(2, 3)))


def build_recognition(weights):
    model = FaceRecognitionNet()
    used = set()

    def take(name):
        used.add(name)
        return weights[name]

    def load(layer, prefix):
        w = fen.tf_conv(take(prefix + "conv/filters")).double()
        b = torch.from_numpy(take(prefix + "conv/bias")).double()
        s = torch.from_numpy(take(prefix + "scale/weights")).double()
        t = torch.from_numpy(take(prefix + "scale/biases")).double()
        layer.conv.weight.copy_((w * s.view(-1, 1, 1, 1)).float())
        layer.conv.bias.copy_((b * s + t).float())

    with torch.no_grad():
        load(model.conv32_down, "conv32_down/")
        for block, (name, _, _, _) in zip(model.blocks, RESNET_LAYOUT):
            load(block.conv1, name + "/conv1/")
            load(block.conv2, name + "/conv2/")
        model.fc.weight.copy_(torch.from_numpy(np.ascontiguousarray(take("fc").T)))
    unused = set(weights) - used
    if unused:
        raise ValueError("weights not used: %s" % sorted(unused))
    return model.eval()


class UnfoldedRecognition(nn.Module):
    """The same network with the scale layers kept apart (the way face-api.js computes it), in
    float64: a check that folding them into the convolutions changed nothing."""

    def __init__(self, weights):
        super().__init__()
        self.w = {k: torch.from_numpy(v.astype(np.float64)) for k, v in weights.items()}

    def conv(self, x, prefix, stride, same, relu):
        w = self.w
        f = w[prefix + "conv/filters"].permute(3, 2, 0, 1)
        k = f.shape[-1]
        x = F.conv2d(x, f, w[prefix + "conv/bias"], stride=stride, padding=k // 2 if same else 0)
        x = x * w[prefix + "scale/weights"].view(1, -1, 1, 1) + w[prefix + "scale/biases"].view(1, -1, 1, 1)
        return F.relu(x) if relu else x

    def forward(self, x):
        x = F.max_pool2d(self.conv(x.double(), "conv32_down/", 2, False, True), 3, 2)
        for name, cin, cout, down in RESNET_LAYOUT:
            out = self.conv(x, name + "/conv1/", 2 if down else 1, not down, True)
            out = self.conv(out, name + "/conv2/", 1, True, False)
            if down:
                pooled = F.avg_pool2d(x, 2, 2)
                out = F.pad(out, (0, pooled.shape[3] - out.shape[3], 0, pooled.shape[2] - out.shape[2]))
                pooled = F.pad(pooled, (0, 0, 0, 0, 0, cout - cin))
                x = F.relu(pooled + out)
            else:
                x = F.relu(out + x)
        return torch.mean(x, dim=(2, 3)) @ self.w["fc"]


def strip_debug_info(pt_path):
    """Drops the TorchScript archive's *.debug_pkl entries (source line tables of this script):
    libtorch does not need them, and without them the file no longer changes when a line of this
    script moves, so reruns are byte-identical for the same weights."""
    import zipfile
    tmp = pt_path + ".tmp"
    with zipfile.ZipFile(pt_path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if info.filename.endswith(".debug_pkl"):
                continue
            dst.writestr(info, src.read(info.filename))
    os.replace(tmp, pt_path)


# ---------------------------------------------------------------- checks

def normalised_batch(gen, batch, size):
    return (torch.rand(batch, 3, size, size, generator=gen) * 255
            - torch.tensor(MEAN_RGB).view(1, 3, 1, 1)) / 255


def check(model, spec, onnx_path, pt_path, extra=None, seed=0):
    """Max abs difference of the saved TorchScript, the saved ONNX graph (executed op by op with
    torch) and, for the descriptor, the unfolded float64 network, from the eager module."""
    gen = torch.Generator().manual_seed(seed)
    loaded = torch.jit.load(pt_path).eval()
    worst = {"torchscript": 0.0, "onnx-graph": 0.0}
    if extra is not None:
        worst["unfolded-float64"] = 0.0
    with torch.no_grad():
        for batch in (1, 3):
            x = normalised_batch(gen, batch, spec["size"])
            ref = model(x)
            if ref.shape != (batch, spec["width"]) or not torch.isfinite(ref).all():
                raise AssertionError("eager output has shape %r" % (tuple(ref.shape),))
            worst["torchscript"] = max(worst["torchscript"], (loaded(x) - ref).abs().max().item())
            worst["onnx-graph"] = max(worst["onnx-graph"], (fen.run_onnx_graph(onnx_path, x) - ref).abs().max().item())
            if extra is not None:
                worst["unfolded-float64"] = max(worst["unfolded-float64"], (extra(x).float() - ref).abs().max().item())
    for k, v in worst.items():
        print("%s: max abs diff eager vs %s: %.3g" % (spec["id"], k, v))
        if v > 1e-4:
            raise AssertionError("%s differs from eager by %g" % (k, v))
    return worst


def reference_inputs(reference, size):
    """The network input face-api.js built for the golden crop (saved by reference.js), NCHW."""
    t = np.array(reference["inputs"][str(size)], dtype=np.float32).reshape(1, size, size, 3)
    return torch.from_numpy(np.ascontiguousarray(t.transpose(0, 3, 1, 2)))


def compare_reference(model, spec, reference):
    """Runs the eager module on face-api.js's own input tensor and compares with its output."""
    x = reference_inputs(reference, spec["size"])
    with torch.no_grad():
        got = model(x)[0].numpy().astype(np.float64)
    want = np.array(reference[spec["output"] + ".raw"], dtype=np.float64)
    diff = float(np.abs(got - want).max())
    print("%s: max abs diff from face-api.js on Node: %.3g" % (spec["id"], diff))
    if diff > 1e-3:
        raise AssertionError("%s differs from face-api.js by %g" % (spec["id"], diff))
    return diff


# ---------------------------------------------------------------- cards

def write_properties(out, spec, hashes, extra_lines):
    lines = [
        "# Generated by models/tools/face-landmarks-identity/convert.py; do not edit by hand.",
        "id=" + spec["id"],
        "version=" + spec["version"],
        "task=" + spec["task"],
        "modality=VISION",
        "files=model.onnx,model.pt",
        "sha256.model.onnx=" + hashes["model.onnx"],
        "sha256.model.pt=" + hashes["model.pt"],
        "format.model.onnx=ONNX",
        "format.model.pt=TORCHSCRIPT",
        "inputs=input:float32:[-1,3,%d,%d]" % (spec["size"], spec["size"]),
        "outputs=%s:float32:[-1,%d]" % (spec["output"], spec["width"]),
        "activation=none",
        "preprocess.size=%d" % spec["size"],
        "preprocess.mean=" + ",".join(repr(m) for m in MEAN_RGB),
        "preprocess.scale=" + repr(1 / 255),
        "preprocess.channels=RGB",
        "preprocess.resize=bilinear-align-corners-false-no-half-pixel",
        "preprocess.pad=centre-black",
        # one thread per call: the video path runs it beside decoding on 2 cores (emotion-vision README, "Speed")
        "engine.intraOpThreads=1",
        "source=npm %s (%s); original face-api.js by Vincent M\\u00fchler" % (PACKAGE, spec["bin"]),
        "license=MIT",
    ] + extra_lines
    with open(os.path.join(out, "model.properties"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def write_card(out, spec, hashes, sizes, package_dir, checks, reference_diff, body):
    lic = os.path.join(package_dir, "LICENSE")
    notice = fen.MIT_NOTICE
    if os.path.exists(lic):
        with open(lic, encoding="utf-8") as f:
            notice = f.read().strip()
    ref = ("not run (convert.py without `--reference`)" if reference_diff is None else
           "%.3g (largest absolute difference of the raw network output, eager PyTorch module vs "
           "face-api.js %s on Node 20 with the tfjs CPU backend, on face-api.js's own input tensor "
           "for `src-test-data/vision/astronaut-face.jpg`; `reference.js`)" % (reference_diff, PACKAGE.split("@")[-1]))
    text = """# {id}

{title}, converted to ONNX and TorchScript by `models/tools/face-landmarks-identity/convert.py`
(network re-implemented in PyTorch from the package's TypeScript sources; weights decoded from the
npm package by the shared code of `models/tools/face-expression-net/convert.py`).

- **Source:** npm `{package}`, files `{manifest}` and `{bin}`.
- **Original:** face-api.js by Vincent Mühler; this fork is maintained by Vladimir Mandic.
- **Licence:** MIT (notice below).
- **Version:** `{version}` (upstream 1.7.15, first emotion4j conversion).
- **Source file SHA-256:** manifest `{h_manifest}`, bin `{h_bin}`.

## Files

| file | format | bytes | SHA-256 |
|---|---|---|---|
| `model.onnx` | ONNX (opset 13) | {s_onnx} | `{h_onnx}` |
| `model.pt` | TorchScript (torch.jit.trace, PyTorch 1.13) | {s_pt} | `{h_pt}` |

## Input and preprocessing

- Input `input`: float32 `[N, 3, {size}, {size}]`, NCHW, RGB (no BGR swap), batch size free.
- The face crop is padded to a centred square with black (face-api.js `padToSquare(true)`),
  resized to {size}x{size} with bilinear interpolation as TensorFlow's classic `resize_bilinear`
  (`align_corners=false`, no half-pixel centres), then per channel `(pixel - mean) / 255` with
  mean RGB = 122.782, 117.001, 104.298. A grey image is repeated on three channels. The values
  are therefore about -0.48..0.52.

{body}

## Conversion checks

- Random inputs in the normalised pixel range, batch sizes 1 and 3: maximum absolute
  difference from the eager PyTorch module: {checks} (`torchscript`: `model.pt` reloaded;
  `onnx-graph`: `model.onnx` executed node by node with the equivalent torch operations{unfolded}).
- Reference: {ref}.
- In Java (emotion-vision tests `LandmarkNetTest`, `FaceDescriptorNetTest`): ONNX Runtime and DJL
  PyTorch agree with each other, and the Java preprocessing + network reproduce the face-api.js
  output stored in `src-test-data/vision/faceapi-reference.json`.

## Licence notice

```
{notice}
```
""".format(id=spec["id"], title=spec["title"], package=PACKAGE, manifest=spec["manifest"], bin=spec["bin"],
           version=spec["version"], h_manifest=fen.sha256(os.path.join(package_dir, spec["manifest"])),
           h_bin=fen.sha256(os.path.join(package_dir, spec["bin"])), s_onnx=sizes["model.onnx"],
           h_onnx=hashes["model.onnx"], s_pt=sizes["model.pt"], h_pt=hashes["model.pt"], size=spec["size"],
           body=body, checks="; ".join("%s %.3g" % kv for kv in checks.items()),
           unfolded="; `unfolded-float64`: the network computed in float64 with the scale layers apart, "
                    "as face-api.js does" if "unfolded-float64" in checks else "",
           ref=ref, notice=notice)
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)


LANDMARK_BODY = """## Output

- Output `landmarks`: float32 `[N, 136]`, the 68 points interleaved `x0, y0, x1, y1, ...`,
  relative to the padded {size}x{size} square (0..1; `activation=none`). To get image pixels:
  `x = out * side - padX + cropX`, `y = out * side - padY + cropY`, where `side` is the padded
  square's side in crop pixels and `padX`/`padY` the black border added on the left/top (this is
  face-api.js's `postProcess`).
- Point order: the iBUG 300-W 68-point scheme (0-16 jaw, 17-21 right brow, 22-26 left brow, 27-35
  nose, 36-41 right eye, 42-47 left eye, 48-67 mouth; "right" = the subject's right, on the left
  of the picture).

## Architecture

face-api.js `FaceLandmark68Net`: the same four dense blocks as FaceExpressionNet (32, 64, 128,
256 channels, 112 -> 7; see `../face-expression-net/MODEL_CARD.md`), global average pool,
fully connected 256 -> 136, no activation.

## Alignment before the expression net (measured in Java)

emotion-vision's `vision.align=auto` (default) levels the eyes of a face tilted by more than 10
degrees (`FaceAligner.DEFAULT`: eyes 0.38 of a 112-px side apart, at 0.36 from the top) before
FaceExpressionNet. Chosen on a tuning split of `fer2013/train` (first 200 files per class, upright
+ tilted +-20 degrees, 2800 images): off 0.4893, on 0.5150, auto 10 degrees 0.5296. Held out,
read once after the choice (off -> auto): FER2013 validation 0.5559 -> 0.5567 upright, 0.4709 ->
0.5247 tilted +-20; CK+48 (contempt excluded) 0.8857 -> 0.8857 upright, 0.6915 -> 0.8188 tilted.
Command (models/programs): `FaceLandmarkEvaluation tune-auto ../shared/data/faces --tune 200 --rotate 20`;
per-class recall and confusion matrices in its output and in emotion-vision's README.

## Speed (measured in Java)

`FaceModelBenchmark src-test-data/vision/astronaut-face.jpg --rounds 7 --reps 20` (models/programs),
ms per face including the Java preprocessing, median of 7 rounds alternating ONNX Runtime and DJL
PyTorch, 2 cores at load average 33-35 (noisy): batch 1: ORT 10.4, DJL 24.3; batch 8: ORT 11.8,
DJL 15.9 per face.""".format(size=112)

DESCRIPTOR_BODY = """## Output

- Output `descriptor`: float32 `[N, 128]`, the face descriptor, not normalised (face-api.js
  compares descriptors by Euclidean distance; its `FaceMatcher` default threshold is 0.6).
- The network expects an aligned face like face-api.js gives it: the detector's box (no
  margin), padded to a square.

## Architecture

face-api.js `FaceRecognitionNet` (a port of dlib's `dlib_face_recognition_resnet_model_v1`,
ResNet-34-like): 7x7 stride-2 VALID convolution (32), 3x3 stride-2 max pool; residual stages of
32 (3 blocks), 64 (down + 3), 128 (down + 2), 256 (down + 2) and a final 256 down block; each
convolution is followed by a per-channel scale layer (here folded into the convolution's
weights and bias, checked against the unfolded float64 network); a down block has a 3x3 stride-2
VALID convolution branch and a 2x2 average-pool shortcut padded with zero channels (and a zero
row/column on the convolution branch when sizes differ, as face-api.js does); mean over the
final 2x2 map, then a 256 -> 128 matrix (no bias).

## Identity threshold (measured in Java)

emotion4j re-identifies people with `FaceIdentities` at distance < 0.6 (face-api.js's default),
checked on CK+48 (`../shared/data/faces/ck48`, 48x48 grey crops upsampled to 150; 981 images of
118 subjects; landmarks by `face-landmarks-68` on each crop, descriptor region as face-api.js's
`align()`), ONNX Runtime:

```
java -cp models/programs/target/classes:$(cat cp.txt) \
    io.github.emotion4j.programs.vision.FaceLandmarkEvaluation identity ../shared/data/faces
```

| pairs | count | distance median | 5% | 95% |
|---|---|---|---|---|
| same subject, different sequences | 3,312 | 0.437 | 0.303 | 0.572 |
| different subjects | 476,397 | 0.743 | 0.600 | 0.882 |

ROC AUC 0.9949; equal error rate 0.034 at threshold 0.585; at 0.6, 97.6% of same-subject pairs
and 5.1% of different-subject pairs are accepted. The 981 pairs of frames of one sequence
(near-duplicates) were left out. No figure here was used to train anything; the threshold was
kept at face-api.js's value, not tuned on these pairs.

## Speed (measured in Java)

`FaceModelBenchmark src-test-data/vision/astronaut-face.jpg --rounds 7 --reps 20` (models/programs),
ms per face including the Java preprocessing, median of 7 rounds alternating ONNX Runtime and DJL
PyTorch, 2 cores at load average 33-35 (noisy): batch 1: ORT 39.1, DJL 47.7; batch 8: ORT 23.6,
DJL 21.5 per face."""


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", help="unpacked npm package folder (holding model/) or the .tgz; "
                                      "default: npm pack " + PACKAGE + " into a temp folder")
    ap.add_argument("--out-root", default=ROOT, help="models folder (default: %(default)s)")
    ap.add_argument("--reference", help="reference.json written by reference.js (face-api.js on Node)")
    args = ap.parse_args(argv)
    reference = None
    if args.reference:
        with open(args.reference) as f:
            reference = json.load(f)

    torch.manual_seed(0)
    files = ["model.onnx", "model.pt"]
    with tempfile.TemporaryDirectory() as tmp:
        wanted = (LANDMARKS["manifest"], LANDMARKS["bin"], DESCRIPTOR["manifest"], DESCRIPTOR["bin"])
        if args.package is None:
            import subprocess
            subprocess.run(["npm", "pack", "--loglevel=warn", PACKAGE], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
            tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
            package_dir = fen.unpack(os.path.join(tmp, tgz[0]), tmp, wanted)
        elif args.package.endswith(".tgz"):
            package_dir = fen.unpack(args.package, tmp, wanted)
        else:
            package_dir = args.package

        for spec in (LANDMARKS, DESCRIPTOR):
            weights = fen.load_weights(package_dir, spec["manifest"], spec["bin"])
            if spec is LANDMARKS:
                model = fen.build_model(weights, FaceLandmark68Net())
                extra = None
                spec.update(task="regression", title="68-point facial landmarks net FaceLandmark68Net from face-api.js",
                            body=LANDMARK_BODY)
            else:
                model = build_recognition(weights)
                extra = UnfoldedRecognition(weights)
                spec.update(task="embedding", title="128-d face descriptor net FaceRecognitionNet from face-api.js",
                            body=DESCRIPTOR_BODY)
            print("%s: decoded %d tensors, %d parameters" % (spec["id"], len(weights),
                                                             sum(p.numel() for p in model.parameters())))
            root = IDENTITY_ROOT if spec is DESCRIPTOR and args.out_root == ROOT else args.out_root
            out = os.path.join(root, spec["id"])
            onnx_path, pt_path = fen.export(model, out, spec["size"], spec["output"])
            strip_debug_info(pt_path)
            checks = check(model, spec, onnx_path, pt_path, extra)
            ref_diff = compare_reference(model, spec, reference) if reference else None
            hashes = {f: fen.sha256(os.path.join(out, f)) for f in files}
            sizes = {f: os.path.getsize(os.path.join(out, f)) for f in files}
            extra_lines = []
            if ref_diff is not None:
                extra_lines.append("check.faceapi.maxAbsDiff=%.3g" % ref_diff)
            write_properties(out, spec, hashes, extra_lines)
            write_card(out, spec, hashes, sizes, package_dir, checks, ref_diff, spec["body"])
            for f in files:
                print("%s/%s  %9d bytes  sha256 %s" % (spec["id"], f, sizes[f], hashes[f]))


if __name__ == "__main__":
    main()
