#!/usr/bin/python3
"""Generates the tiny, randomly initialised models the emotion4j Java tests load.

Each model is written to src-test-data/models/<id>/ as
  model.onnx        torch.onnx.export, opset 14
  model.pt          torch.jit.trace + torch.jit.save (same weights)
  golden.txt        eager PyTorch outputs for fixed inputs (float32, 9 significant digits)
  model.properties  the machine-readable card (see models/README.md), with sha256.<file>
                    of every file it lists

The weights are random (fixed seeds) and mean nothing; the models only pin down the
input/output contracts of real models (audEERING wav2vec2 dimensional model, Hugging Face
wav2vec2 / text-classifier exports) so the Java loaders can be tested offline.

Run with Debian's interpreter, which sees python3-torch (1.13) and python3-onnx:

    /usr/bin/python3 src-test-data/generators/make_tiny_models.py

The script checks every ONNX file with onnx.checker, loads every TorchScript file back, and
compares TorchScript and (when the Python package onnxruntime is importable) ONNX Runtime
outputs with eager PyTorch, printing the largest absolute difference. It exits non-zero if a
difference exceeds 1e-4. It writes nothing outside src-test-data/models/.
"""
import hashlib
import math
import os
import sys

import onnx
import torch
import torch.nn as nn

SEED = 20240607
TOLERANCE = 1e-4
OPSET = 14
SAMPLE_RATE = 16000

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(os.path.dirname(HERE), "models")
SCRIPT = "src-test-data/generators/make_tiny_models.py"

try:
    import onnxruntime as ort  # optional
except ImportError:  # pragma: no cover
    ort = None


# --------------------------------------------------------------------------- models

class TinyMlp(nn.Module):
    """features [N, 8] -> Linear(8,16) -> tanh -> Linear(16,7) -> softmax -> probabilities [N, 7]."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 7)

    def forward(self, features):
        return torch.softmax(self.fc2(torch.tanh(self.fc1(features))), dim=-1)


class TinyWav2Vec2Encoder(nn.Module):
    """wav2vec2 in miniature: strided Conv1d feature encoder, projection, one transformer layer.

    signal [B, S] -> [B, F, 32] with F = floor((floor((floor((S - 10) / 5) + 1 - 3) / 2) + 1 - 3) / 2) + 1
    (S >= 40 gives at least one frame; 8000 samples give 399 frames).
    """

    def __init__(self, channels=16, dim=32):
        super().__init__()
        self.feature_extractor = nn.Sequential(
            nn.Conv1d(1, channels, kernel_size=10, stride=5), nn.GELU(),
            nn.Conv1d(channels, channels, kernel_size=3, stride=2), nn.GELU(),
            nn.Conv1d(channels, channels, kernel_size=3, stride=2), nn.GELU(),
        )
        self.feature_norm = nn.LayerNorm(channels)
        self.projection = nn.Linear(channels, dim)
        # dropout=0 and train mode: same maths as eval mode, but avoids PyTorch 1.13's fused
        # eval fast path (aten::_transformer_encoder_layer_fwd), which ONNX export lacks.
        layer = nn.TransformerEncoderLayer(d_model=dim, nhead=2, dim_feedforward=64, dropout=0.0,
                                           activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)

    def forward(self, signal):
        h = self.feature_extractor(signal.unsqueeze(1))  # [B, C, F]
        h = self.projection(self.feature_norm(h.transpose(1, 2)))  # [B, F, dim]
        return self.encoder(h)


class TinyWav2Vec2Dim(nn.Module):
    """audEERING wav2vec2-large-robust-12-ft-emotion-msp-dim contract in miniature.

    signal [1, S] -> (hidden_states [1, 32] mean-pooled, logits [1, 3] sigmoid: arousal, dominance, valence).
    """

    def __init__(self):
        super().__init__()
        self.wav2vec2 = TinyWav2Vec2Encoder()
        self.head = nn.Linear(32, 3)

    def forward(self, signal):
        hidden_states = self.wav2vec2(signal).mean(dim=1)
        logits = torch.sigmoid(self.head(hidden_states))
        return hidden_states, logits


class TinyWav2Vec2Hf(nn.Module):
    """Hugging Face wav2vec2 export contract: input_values [B, S] -> last_hidden_state [B, F, 32]."""

    def __init__(self):
        super().__init__()
        self.wav2vec2 = TinyWav2Vec2Encoder()

    def forward(self, input_values):
        return self.wav2vec2(input_values)


class TinyTextClassifier(nn.Module):
    """Hugging Face text classifier contract: (input_ids, attention_mask) int64 [B, T] -> logits [B, 7]."""

    VOCAB = 30522  # bert-base-uncased / all-MiniLM-L6-v2 WordPiece vocabulary

    def __init__(self, dim=8):
        super().__init__()
        self.embeddings = nn.Embedding(self.VOCAB, dim)
        self.classifier = nn.Linear(dim, 7)

    def forward(self, input_ids, attention_mask):
        e = self.embeddings(input_ids)  # [B, T, dim]
        m = attention_mask.unsqueeze(-1).to(e.dtype)  # [B, T, 1]
        pooled = (e * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)
        return self.classifier(pooled)


# --------------------------------------------------------------------------- helpers

def fmt(values):
    """float32 values, 9 significant digits (enough to round-trip a float32 exactly)."""
    return " ".join("%.9g" % float(v) for v in torch.as_tensor(values).reshape(-1).tolist())


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def sine(samples=8000, freq=220.0, amplitude=0.5):
    """float32(amplitude * sin(2*pi*freq*i/16000)), computed in double precision."""
    return torch.tensor([amplitude * math.sin(2.0 * math.pi * freq * i / SAMPLE_RATE) for i in range(samples)],
                        dtype=torch.float64).to(torch.float32).unsqueeze(0)


def as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def export(model, folder, example, input_names, output_names, dynamic_axes, transformer, test_inputs):
    """Writes model.onnx and model.pt, checks them, returns (onnx diff, torchscript diff)."""
    os.makedirs(folder, exist_ok=True)
    onnx_path = os.path.join(folder, "model.onnx")
    pt_path = os.path.join(folder, "model.pt")
    if transformer:
        model.train()  # dropout is 0: identical to eval, see TinyWav2Vec2Encoder
        kwargs = dict(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    else:
        model.eval()
        kwargs = dict(training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)
    with torch.no_grad():
        torch.onnx.export(model, example, onnx_path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, **kwargs)
        traced = torch.jit.trace(model, example, check_trace=False)
    torch.jit.save(traced, pt_path)

    onnx.checker.check_model(onnx.load(onnx_path))
    loaded = torch.jit.load(pt_path)
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"]) if ort else None

    ts_diff, onnx_diff = 0.0, (0.0 if session else None)
    with torch.no_grad():
        for inputs in test_inputs:
            expected = as_tuple(model(*inputs))
            got_ts = as_tuple(loaded(*inputs))
            assert len(got_ts) == len(expected)
            for e, g in zip(expected, got_ts):
                assert e.shape == g.shape, (e.shape, g.shape)
                ts_diff = max(ts_diff, (e - g).abs().max().item())
            if session:
                feeds = {n: t.numpy() for n, t in zip(input_names, inputs)}
                got_onnx = session.run(output_names, feeds)
                for e, g in zip(expected, got_onnx):
                    g = torch.from_numpy(g)
                    assert e.shape == g.shape, (e.shape, g.shape)
                    onnx_diff = max(onnx_diff, (e - g).abs().max().item())
    return onnx_diff, ts_diff


def write_card(folder, props):
    """model.properties with files = model.onnx, model.pt, golden.txt and their SHA-256."""
    files = ["model.onnx", "model.pt", "golden.txt"]
    formats = {"model.onnx": "ONNX", "model.pt": "TORCHSCRIPT", "golden.txt": "RAW"}
    lines = ["# Generated by " + SCRIPT + " -- do not edit; rerun the script instead.",
             "# Random weights (seed %d): a test fixture, not a real emotion model." % SEED]
    for k, v in props:
        lines.append("%s=%s" % (k, v))
    lines.append("files=" + ",".join(files))
    for f in files:
        lines.append("format.%s=%s" % (f, formats[f]))
    for f in files:
        lines.append("sha256.%s=%s" % (f, sha256(os.path.join(folder, f))))
    lines += ["source=generated by " + SCRIPT + " (random weights, torch seed %d)" % SEED,
              "license=Apache-2.0",
              "trainingData=none (random weights)"]
    with open(os.path.join(folder, "model.properties"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_text(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- the models

def make_tiny_mlp():
    torch.manual_seed(SEED + 1)
    model = TinyMlp().eval()
    folder = os.path.join(MODELS, "tiny-mlp")
    rows = torch.tensor([
        [0.5, -0.25, 1.0, 0.0, -1.5, 0.75, 2.0, -0.125],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [-1.0, 2.5, -0.5, 1.25, 0.375, -2.0, 0.0625, 3.0],
    ], dtype=torch.float32)
    diffs = export(model, folder, (rows,), ["features"], ["probabilities"],
                   {"features": {0: "batch"}, "probabilities": {0: "batch"}}, False,
                   [(rows,), (rows[1:2],), (torch.randn(5, 8),)])
    with torch.no_grad():
        out = model(rows)
    lines = ["# tiny-mlp golden outputs (eager PyTorch, float32); '#' lines are comments.",
             "# in: the 8 features of one row | out: the 7 probabilities (anger, disgust, fear,"
             " happiness, sadness, surprise, neutral)"]
    lines += ["in: %s | out: %s" % (fmt(r), fmt(o)) for r, o in zip(rows, out)]
    write_text(os.path.join(folder, "golden.txt"), lines)
    write_card(folder, [
        ("id", "tiny-mlp"), ("version", "1"), ("task", "classification"), ("modality", "TEXT"),
        ("inputs", "features:float32:[-1,8]"), ("outputs", "probabilities:float32:[-1,7]"),
        ("labels", "anger,disgust,fear,happiness,sadness,surprise,neutral"), ("labelSet", "CANONICAL"),
        ("activation", "none"),
    ])
    return "tiny-mlp", diffs


def make_tiny_wav2vec2_dim():
    torch.manual_seed(SEED + 2)
    model = TinyWav2Vec2Dim().train()
    folder = os.path.join(MODELS, "tiny-wav2vec2-dim")
    signal = sine()
    diffs = export(model, folder, (signal,), ["signal"], ["hidden_states", "logits"],
                   {"signal": {1: "samples"}}, True,
                   [(signal,), (torch.randn(1, 16000) * 0.1,), (torch.randn(1, 3201) * 0.3,),
                    (torch.randn(1, 40) * 0.3,)])
    with torch.no_grad():
        hidden, logits = model(signal)
    lines = ["# tiny-wav2vec2-dim golden outputs (eager PyTorch, float32); '#' lines are comments.",
             "# input signal [1, 8000]: float32(0.5 * sin(2 * pi * 220 * i / 16000)) for i = 0..7999,"
             " computed in double precision",
             "hidden_states: " + fmt(hidden),
             "logits: " + fmt(logits)]
    write_text(os.path.join(folder, "golden.txt"), lines)
    write_card(folder, [
        ("id", "tiny-wav2vec2-dim"), ("version", "1"), ("task", "regression"), ("modality", "AUDIO"),
        ("inputs", "signal:float32:[1,-1]"),
        ("outputs", "hidden_states:float32:[1,32],logits:float32:[1,3]"),
        ("labels", "arousal,dominance,valence"),
        ("activation", "none"),
        ("preprocess.sampleRate", str(SAMPLE_RATE)),
    ])
    return "tiny-wav2vec2-dim", diffs


def make_tiny_wav2vec2_hf():
    torch.manual_seed(SEED + 3)
    model = TinyWav2Vec2Hf().train()
    folder = os.path.join(MODELS, "tiny-wav2vec2-hf")
    signal = sine()
    example = torch.randn(2, 8000) * 0.1  # batch 2 so nothing specialises on batch 1
    diffs = export(model, folder, (example,), ["input_values"], ["last_hidden_state"],
                   {"input_values": {0: "batch", 1: "samples"}, "last_hidden_state": {0: "batch", 1: "frames"}},
                   True,
                   [(signal,), (torch.randn(3, 12345) * 0.1,), (torch.randn(1, 40) * 0.3,)])
    with torch.no_grad():
        out = model(signal)
    lines = ["# tiny-wav2vec2-hf golden outputs (eager PyTorch, float32); '#' lines are comments.",
             "# input_values [1, 8000]: float32(0.5 * sin(2 * pi * 220 * i / 16000)) for i = 0..7999,"
             " computed in double precision",
             "# shape: of last_hidden_state; mean: its mean over frames (32 values); first_frame: frame 0",
             "shape: " + " ".join(str(d) for d in out.shape),
             "mean: " + fmt(out.mean(dim=1)),
             "first_frame: " + fmt(out[0, 0])]
    write_text(os.path.join(folder, "golden.txt"), lines)
    write_card(folder, [
        ("id", "tiny-wav2vec2-hf"), ("version", "1"), ("task", "embedding"), ("modality", "AUDIO"),
        ("inputs", "input_values:float32:[-1,-1]"),
        ("outputs", "last_hidden_state:float32:[-1,-1,32]"),
        ("activation", "none"),
        ("preprocess.sampleRate", str(SAMPLE_RATE)),
    ])
    return "tiny-wav2vec2-hf", diffs


def make_tiny_text_classifier():
    torch.manual_seed(SEED + 4)
    model = TinyTextClassifier().eval()
    folder = os.path.join(MODELS, "tiny-text-classifier")
    ids = torch.tensor([[101, 7592, 2088, 102]], dtype=torch.int64)
    mask = torch.ones_like(ids)
    padded_ids = torch.tensor([[101, 7592, 102, 0, 0, 0], [101, 1045, 2293, 2023, 999, 102]], dtype=torch.int64)
    padded_mask = (padded_ids != 0).to(torch.int64)
    diffs = export(model, folder, (ids, mask), ["input_ids", "attention_mask"], ["logits"],
                   {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                    "logits": {0: "batch"}}, False,
                   [(ids, mask), (padded_ids, padded_mask)])
    with torch.no_grad():
        logits = model(ids, mask)
    lines = ["# tiny-text-classifier golden outputs (eager PyTorch, float32); '#' lines are comments.",
             "# logits order: anger, disgust, fear, joy, neutral, sadness, surprise (GOEMOTIONS_EKMAN)",
             "input_ids: " + " ".join(str(i) for i in ids[0].tolist()),
             "attention_mask: " + " ".join(str(i) for i in mask[0].tolist()),
             "logits: " + fmt(logits)]
    write_text(os.path.join(folder, "golden.txt"), lines)
    write_card(folder, [
        ("id", "tiny-text-classifier"), ("version", "1"), ("task", "classification"), ("modality", "TEXT"),
        ("inputs", "input_ids:int64:[-1,-1],attention_mask:int64:[-1,-1]"),
        ("outputs", "logits:float32:[-1,7]"),
        # the GOEMOTIONS_EKMAN label set's order (ModelCard rejects labels that differ from it)
        ("labels", "anger,disgust,fear,joy,neutral,sadness,surprise"), ("labelSet", "GOEMOTIONS_EKMAN"),
        ("activation", "softmax"),
    ])
    return "tiny-text-classifier", diffs


def main():
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    print("torch %s, onnx %s, onnxruntime %s" % (torch.__version__, onnx.__version__,
                                                 ort.__version__ if ort else "not installed (ONNX check skipped)"))
    ok = True
    for make in (make_tiny_mlp, make_tiny_wav2vec2_dim, make_tiny_wav2vec2_hf, make_tiny_text_classifier):
        name, (onnx_diff, ts_diff) = make()
        print("%-22s max |eager - torchscript| = %.3g   max |eager - onnxruntime| = %s"
              % (name, ts_diff, "skipped" if onnx_diff is None else "%.3g" % onnx_diff))
        ok &= ts_diff <= TOLERANCE and (onnx_diff is None or onnx_diff <= TOLERANCE)
        folder = os.path.join(MODELS, name)
        for f in sorted(os.listdir(folder)):
            print("    %-18s %8d bytes" % (f, os.path.getsize(os.path.join(folder, f))))
    if not ok:
        print("FAILED: a difference exceeds %g" % TOLERANCE)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
