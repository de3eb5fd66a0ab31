#!/usr/bin/python3
"""Parity of the converted mini-Xception with the original TF.js model in Node.

    /usr/bin/python3 parity.py --package DIR --node-modules DIR --images IMG [IMG ...]

Writes the images (RGB / 255) for parity.js, runs `node parity.js` (which needs
@tensorflow/tfjs under --node-modules: `npm install @tensorflow/tfjs@4.22.0`), and compares its
probabilities with the saved model.pt and model.onnx (the ONNX graph executed with torch ops)
fed by emotion4j's preprocessing (TF classic bilinear resize of RGB / 255, grey inside the model).
Prints the largest absolute difference and whether the top class agrees.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import convert  # noqa: E402

# face-expression-net's image loading and TF classic resize; its evaluate.py imports its own convert
sys.modules["convert"], _mx = convert.fen, convert
fen_eval = convert._shared("fen_evaluate", "evaluate.py")
sys.modules["convert"] = _mx


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True, help="unpacked @vladmandic/human@3.3.6 folder (holding models/)")
    ap.add_argument("--node-modules", required=True, help="folder holding node_modules/@tensorflow/tfjs")
    ap.add_argument("--model-dir", default=os.path.join(convert.MODELS_RES, convert.MODEL_ID))
    ap.add_argument("--images", nargs="+", required=True)
    args = ap.parse_args()
    rgb = [fen_eval.load_image(p) / 255.0 for p in args.images]
    with tempfile.TemporaryDirectory() as tmp:
        bin_path, out_path = os.path.join(tmp, "images.bin"), os.path.join(tmp, "out.json")
        with open(bin_path, "wb") as f:
            f.write(struct.pack("<i", len(rgb)))
            for a in rgb:
                f.write(struct.pack("<ii", a.shape[0], a.shape[1]) + a.astype("<f4").tobytes())
        env = dict(os.environ, NODE_PATH=os.path.join(args.node_modules, "node_modules"))
        subprocess.run(["node", os.path.join(HERE, "parity.js"), args.package, bin_path, out_path], check=True, env=env)
        with open(out_path) as f:
            ref = json.load(f)
    want = np.array(ref["probabilities"], dtype=np.float64)
    x = torch.from_numpy(np.stack([fen_eval.resize_bilinear_tf(a, 64, 64).transpose(2, 0, 1) for a in rgb]).astype(np.float32))
    pt = torch.jit.load(os.path.join(args.model_dir, "model.pt")).eval()
    with torch.no_grad():
        got = {"model.pt": pt(x).numpy(), "model.onnx": convert.run_onnx_graph(os.path.join(args.model_dir, "model.onnx"), x).numpy()}
    print("reference: @tensorflow/tfjs %s, backend %s, %d images" % (ref["tfjs"], ref["backend"], len(rgb)))
    for name, g in got.items():
        diff = np.abs(g - want).max()
        agree = int((g.argmax(1) == want.argmax(1)).sum())
        print("%s: max abs diff %.3g, top class agrees on %d/%d" % (name, diff, agree, len(rgb)))
    for p, w in zip(args.images, want):
        print("  %s: %s %.3f  [%s]" % (os.path.basename(p), convert.LABELS[int(w.argmax())], w.max(), ", ".join("%.6f" % v for v in w)))


if __name__ == "__main__":
    main()
