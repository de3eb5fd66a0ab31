#!/usr/bin/python3
"""Sanity evaluation of the converted mini-Xception (the Java evaluation is authoritative).

    /usr/bin/python3 evaluate.py --data FACES_DIR [--model-dir DIR]

FACES_DIR holds ck48/<label>/*.png (contempt skipped) and fer2013/validation/<label>/*.jpg.
Images are RGB / 255 resized to 64x64 with TensorFlow's classic bilinear resize; the model does
the grey conversion. Prints accuracy and per-class recall.
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import convert  # noqa: E402

sys.modules["convert"], _mx = convert.fen, convert
fen_eval = convert._shared("fen_evaluate", "evaluate.py")
sys.modules["convert"] = _mx

LABELS = convert.LABELS
CK48 = {"anger": "angry", "disgust": "disgust", "fear": "fear", "happy": "happy", "sadness": "sad", "surprise": "surprise"}
FER = {k: k for k in LABELS}


def predict(model, paths, batch=256):
    out = []
    with torch.no_grad():
        for i in range(0, len(paths), batch):
            x = np.stack([fen_eval.resize_bilinear_tf(fen_eval.load_image(p) / 255.0, 64, 64).transpose(2, 0, 1)
                          for p in paths[i:i + batch]]).astype(np.float32)
            out.append(model(torch.from_numpy(x)).numpy())
    return np.concatenate(out)


def accuracy(model, root, mapping, name):
    paths, truth = [], []
    for folder, label in sorted(mapping.items()):
        files = sorted(glob.glob(os.path.join(root, folder, "*.png")) + glob.glob(os.path.join(root, folder, "*.jpg")))
        paths += files
        truth += [LABELS.index(label)] * len(files)
    pred = predict(model, paths).argmax(1)
    truth = np.array(truth)
    print("%s: %d images, accuracy %.4f" % (name, len(paths), (pred == truth).mean()))
    for label in sorted(set(mapping.values()), key=LABELS.index):
        k = LABELS.index(label)
        sel = truth == k
        print("  %-9s %4d  recall %.3f" % (label, sel.sum(), (pred[sel] == k).mean()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--model-dir", default=os.path.join(convert.MODELS_RES, convert.MODEL_ID))
    args = ap.parse_args()
    model = torch.jit.load(os.path.join(args.model_dir, "model.pt")).eval()
    print("TorchScript", os.path.join(args.model_dir, "model.pt"))
    accuracy(model, os.path.join(args.data, "ck48"), CK48, "CK+48 without contempt")
    accuracy(model, os.path.join(args.data, "fer2013", "validation"), FER, "FER2013 validation")


if __name__ == "__main__":
    main()
