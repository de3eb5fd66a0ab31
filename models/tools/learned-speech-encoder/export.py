#!/usr/bin/python3
"""Export the learned speech encoder trained in Java (DJL) to ONNX and TorchScript.

Input: the weights file written by
io.github.emotion4j.programs.audio.learned.LearnedSpeechEvaluation --final FILE
(named float32 tensors, see LearnedSpeechNet#write). The network is rebuilt here layer for
layer as LearnedSpeechNet#hidden defines it, the weights loaded by name, and the part up to the
frame-level hidden states exported (input `input_values` [batch, samples] of the standardised
16 kHz waveform, output `last_hidden_state` [batch, frames, dim]). Attentive pooling
(attention.bin: w[dim] then bias) and the classifier (head.bin, DenseHead format) run in Java,
in io.github.emotion4j.audio.encoder.Wav2Vec2Encoder. The card (model.properties) gets the
SHA-256 of every file and the metric lines of metrics.properties beside this script.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):

    /usr/bin/python3 models/tools/learned-speech-encoder/export.py \
        --weights models/tools/learned-speech-encoder/emodb-4class-weights.bin \
        --out models/extra/src/main/resources/io/github/emotion4j/models/audio-learned-encoder-emodb-4class

Deterministic: the same weights give byte-identical files (checked by running it twice).
"""
import argparse
import hashlib
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MODEL_ID = "audio-learned-encoder-emodb-4class"
VERSION = "1"
LABELS = ["anger", "happiness", "neutral", "sadness"]
CONV = [(10, 5), (3, 2), (3, 2), (3, 2), (3, 2), (2, 2), (2, 2)]
HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = 0x4534574C


def read_weights(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack_from("<ii", data, 0)
    if magic != MAGIC:
        raise SystemExit(path + ": not a LearnedSpeechNet weights file")
    off = 8
    out = {}
    for _ in range(count):
        (n,) = struct.unpack_from("<i", data, off)
        off += 4
        name = data[off:off + n].decode("utf-8")
        off += n
        (rank,) = struct.unpack_from("<i", data, off)
        off += 4
        shape = struct.unpack_from("<%di" % rank, data, off)
        off += 4 * rank
        size = int(np.prod(shape))
        out[name] = np.frombuffer(data, dtype="<f4", count=size, offset=off).reshape(shape).copy()
        off += 4 * size
    if off != len(data):
        raise SystemExit(path + ": trailing bytes")
    return out


class Encoder(nn.Module):
    """LearnedSpeechNet#hidden, written with the same operations in the same order."""

    def __init__(self, w):
        super().__init__()
        self.channels = w["conv0.weight"].shape[0]
        self.dim = w["proj.weight"].shape[0]
        self.layers = sum(1 for k in w if k.endswith(".ln1.weight"))
        self.heads = HEADS
        self.params = nn.ParameterDict({k.replace(".", "_"): nn.Parameter(torch.from_numpy(v), requires_grad=False)
                                        for k, v in w.items()})

    def p(self, name):
        return self.params[name.replace(".", "_")]

    def forward(self, input_values):
        h = input_values.unsqueeze(1)
        for i, (k, s) in enumerate(CONV):
            h = F.conv1d(h, self.p("conv%d.weight" % i), self.p("conv%d.bias" % i), stride=s)
            h = h.transpose(1, 2)
            h = F.layer_norm(h, (self.channels,), self.p("conv%d.ln.weight" % i), self.p("conv%d.ln.bias" % i), 1e-5)
            h = F.gelu(h)
            if i < len(CONV) - 1:
                h = h.transpose(1, 2)
        h = F.linear(h, self.p("proj.weight"), self.p("proj.bias"))
        b, t = h.shape[0], h.shape[1]
        dh = self.dim // self.heads
        for l in range(self.layers):
            n = "layer%d." % l
            a = F.layer_norm(h, (self.dim,), self.p(n + "ln1.weight"), self.p(n + "ln1.bias"), 1e-5)
            q = F.linear(a, self.p(n + "q.weight"), self.p(n + "q.bias")).reshape(b, t, -1, dh).transpose(1, 2)
            k = F.linear(a, self.p(n + "k.weight"), self.p(n + "k.bias")).reshape(b, t, -1, dh).transpose(1, 2)
            v = F.linear(a, self.p(n + "v.weight"), self.p(n + "v.bias")).reshape(b, t, -1, dh).transpose(1, 2)
            att = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(dh)), dim=-1)
            o = torch.matmul(att, v).transpose(1, 2).reshape(b, t, self.dim)
            h = h + F.linear(o, self.p(n + "o.weight"), self.p(n + "o.bias"))
            f = F.layer_norm(h, (self.dim,), self.p(n + "ln2.weight"), self.p(n + "ln2.bias"), 1e-5)
            f = F.linear(F.gelu(F.linear(f, self.p(n + "ff1.weight"), self.p(n + "ff1.bias"))),
                         self.p(n + "ff2.weight"), self.p(n + "ff2.bias"))
            h = h + f
        return F.layer_norm(h, (self.dim,), self.p("final_ln.weight"), self.p("final_ln.bias"), 1e-5)


HEADS = 4


def probabilities(w, hidden):
    """Attentive pooling and the classifier, as LearnedSpeechNet#logits (for the self-check)."""
    score = F.linear(hidden, torch.from_numpy(w["attention.weight"]), torch.from_numpy(w["attention.bias"]))
    pooled = (hidden * torch.softmax(score, dim=1)).sum(1)
    z = torch.relu(F.linear(pooled, torch.from_numpy(w["head1.weight"]), torch.from_numpy(w["head1.bias"])))
    return torch.softmax(F.linear(z, torch.from_numpy(w["head2.weight"]), torch.from_numpy(w["head2.bias"])), dim=-1)


def standardise(x):
    x = x.astype(np.float64)
    m = x.mean()
    sd = math.sqrt(((x - m) ** 2).mean() + 1e-7)
    return ((x - m) / sd).astype(np.float32)


def fixed_signal():
    """The parity input (the same as LearnedEncoderParityTest#fixedSignal): 2 s of a 150 Hz tone with a
    3 Hz vibrato under a half-sine envelope, plus a quiet 2.5 kHz tone."""
    t = np.arange(32000, dtype=np.float64) / 16000.0
    f = 150 + 20 * np.sin(2 * np.pi * 3 * t)
    phase = 2 * np.pi * np.cumsum(f) / 16000.0
    x = 0.3 * np.sin(phase) * np.sin(np.pi * t / 2.0) + 0.05 * np.sin(2 * np.pi * 2500 * t)
    return x.astype(np.float32)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", default=os.path.join(HERE, "emodb-4class-weights.bin"))
    ap.add_argument("--out", default=os.path.normpath(os.path.join(
        HERE, "..", "..", "extra", "src", "main", "resources", "io", "github", "emotion4j", "models", MODEL_ID)))
    ap.add_argument("--metrics", default=os.path.join(HERE, "metrics.properties"))
    args = ap.parse_args()
    torch.manual_seed(0)
    w = read_weights(args.weights)
    classes = w["head2.weight"].shape[0]
    if classes != len(LABELS):
        raise SystemExit("weights have %d classes, expected %d" % (classes, len(LABELS)))
    enc = Encoder(w)
    enc.eval()
    os.makedirs(args.out, exist_ok=True)
    x = torch.from_numpy(standardise(fixed_signal())).unsqueeze(0)
    with torch.no_grad():
        hidden = enc(x)
        probs = probabilities(w, hidden)[0].numpy()
        onnx_path = os.path.join(args.out, "model.onnx")
        torch.onnx.export(enc, (x,), onnx_path, input_names=["input_values"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_values": {0: "batch", 1: "samples"},
                                        "last_hidden_state": {0: "batch", 1: "frames"}},
                          opset_version=14, do_constant_folding=True)
        traced = torch.jit.trace(enc, (x,), check_trace=False)
        pt_path = os.path.join(args.out, "model.pt")
        traced.save(pt_path)
        # the traced module must not have frozen the length: check on another one
        y = torch.from_numpy(standardise(fixed_signal()[:12345])).unsqueeze(0)
        d = (traced(y) - enc(y)).abs().max().item()
        if d > 1e-5:
            raise SystemExit("TorchScript differs from eager on another length: %g" % d)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))
    with open(os.path.join(args.out, "attention.bin"), "wb") as f:
        f.write(w["attention.weight"].reshape(-1).astype("<f4").tobytes())
        f.write(w["attention.bias"].astype("<f4").tobytes())
    with open(os.path.join(args.out, "head.bin"), "wb") as f:
        for k in ("head1", "head2"):
            f.write(w[k + ".weight"].astype("<f4").tobytes())
            f.write(w[k + ".bias"].astype("<f4").tobytes())
    with open(os.path.join(args.out, "golden.txt"), "w") as f:
        f.write("# probabilities of the fixed parity signal (export.py fixed_signal) from eager PyTorch\n")
        f.write("probabilities: " + " ".join("%.7f" % v for v in probs) + "\n")
    dim = w["proj.weight"].shape[0]
    params = sum(v.size for v in w.values())
    files = ["model.onnx", "model.pt", "attention.bin", "head.bin", "golden.txt"]
    lines = [
        "# Generated by models/tools/learned-speech-encoder/export.py; do not edit by hand (see MODEL_CARD.md).",
        "id=" + MODEL_ID,
        "version=" + VERSION,
        "task=classification",
        "modality=AUDIO",
        "files=" + ",".join(files),
    ]
    for fn in files:
        fmt = {"model.onnx": "ONNX", "model.pt": "TORCHSCRIPT"}.get(fn, "RAW")
        lines.append("format.%s=%s" % (fn, fmt))
        lines.append("sha256.%s=%s" % (fn, sha256(os.path.join(args.out, fn))))
    lines += [
        "inputs=input_values:float32:[-1,-1]",
        "outputs=last_hidden_state:float32:[-1,-1,%d]" % dim,
        "labels=" + ",".join(LABELS),
        "activation=softmax",
        "encoder.contract=hf",
        "encoder.pooling=attentive",
        "encoder.attention.file=attention.bin",
        "encoder.minSamples=400",
        "encoder.chunkSeconds=10",
        "encoder.overlapSeconds=1",
        "preprocess.sampleRate=16000",
        "preprocess.normalize=true",
        "head.file=head.bin",
        "head.layers=%dx%d:relu,%dx%d:none" % (dim, dim, dim, classes),
        "architecture=wav2vec2-style: 7 conv (10/5,3/2x4,2/2x2, %d ch, LayerNorm+GELU) -> linear %d -> %d pre-norm"
        " transformer layers (%d heads, ffn %d, GELU) -> LayerNorm -> attentive pooling -> %dx%d ReLU -> %d; %d"
        " parameters" % (enc.channels, dim, enc.layers, HEADS, w["layer0.ff1.weight"].shape[0], dim, dim, classes, params),
        "source=trained from scratch by emotion4j (io.github.emotion4j.programs.audio.learned.LearnedSpeechEvaluation,"
        " DJL 0.36 PyTorch engine), exported by models/tools/learned-speech-encoder/export.py (torch %s)"
        % torch.__version__,
        "license=Apache-2.0 (weights); training data: Berlin EmoDB, free for research use",
        "trainingData=Berlin EmoDB emodb-4class, 266 files, 8 speakers (all of them; augmented on the fly)",
    ]
    if os.path.exists(args.metrics):
        with open(args.metrics) as f:
            lines += [l.rstrip("\n") for l in f if l.strip()]
    with open(os.path.join(args.out, "model.properties"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", args.out, "probabilities of the fixed signal:", probs)


if __name__ == "__main__":
    sys.exit(main())
