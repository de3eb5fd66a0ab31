#!/usr/bin/python3
"""Sanity evaluation of the converted FaceExpressionNet (Debian's /usr/bin/python3 with
python3-torch and python3-pil).

    /usr/bin/python3 evaluate.py --data FACES_DIR [--model model.pt | --package DIR|TGZ]

FACES_DIR holds ck48/<label>/*.png (48x48 grey, contempt is skipped),
fer2013/validation/<label>/*.jpg and golden/{angry,surprised}_cropped.jpg.
Images are resized to 112x112 with TensorFlow's classic bilinear resize (no half-pixel
centres), grey repeated on three channels, normalised as (pixel - mean) / 255.
By default the TorchScript file next to model.properties is evaluated; --package builds the
eager module from the npm package instead.
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import convert  # noqa: E402

LABELS = convert.LABELS
CK48 = {"anger": "angry", "disgust": "disgusted", "fear": "fearful", "happy": "happy",
        "sadness": "sad", "surprise": "surprised"}
FER = {"angry": "angry", "disgust": "disgusted", "fear": "fearful", "happy": "happy",
       "neutral": "neutral", "sad": "sad", "surprise": "surprised"}
GOLDEN = {"angry_cropped.jpg": "angry", "surprised_cropped.jpg": "surprised"}


def resize_bilinear_tf(img, out_h, out_w):
    """TensorFlow classic resize_bilinear (align_corners=False, half_pixel_centers=False):
    source coordinate = destination index * in / out, clamped neighbours. img: HxWxC float."""
    in_h, in_w = img.shape[:2]
    ys = np.arange(out_h) * (in_h / out_h)
    xs = np.arange(out_w) * (in_w / out_w)
    y0 = np.floor(ys).astype(np.int64)
    x0 = np.floor(xs).astype(np.int64)
    y1 = np.minimum(y0 + 1, in_h - 1)
    x1 = np.minimum(x0 + 1, in_w - 1)
    fy = (ys - y0)[:, None, None]
    fx = (xs - x0)[None, :, None]
    top = img[y0][:, x0] * (1 - fx) + img[y0][:, x1] * fx
    bottom = img[y1][:, x0] * (1 - fx) + img[y1][:, x1] * fx
    return top * (1 - fy) + bottom * fy


def pad_to_square(img):
    """Centre the image in a black square."""
    h, w = img.shape[:2]
    s = max(h, w)
    out = np.zeros((s, s, img.shape[2]), dtype=img.dtype)
    top, left = (s - h) // 2, (s - w) // 2
    out[top:top + h, left:left + w] = img
    return out


def load_image(path):
    """HxWx3 float64 RGB in 0..255; grey repeated on three channels."""
    im = Image.open(path)
    if im.mode in ("L", "I;16", "I", "F"):
        a = np.asarray(im.convert("L"), dtype=np.float64)[:, :, None].repeat(3, axis=2)
    else:
        a = np.asarray(im.convert("RGB"), dtype=np.float64)
    return a


def preprocess(rgb):
    """HxWx3 (0..255) -> 3x112x112 float32 normalised."""
    size = convert.INPUT_SIZE
    img = pad_to_square(rgb)
    img = resize_bilinear_tf(img, size, size)
    img = (img - np.array(convert.MEAN_RGB)) / 255.0
    return img.transpose(2, 0, 1).astype(np.float32)


def predict(model, paths, batch=256):
    out = []
    with torch.no_grad():
        for i in range(0, len(paths), batch):
            x = torch.from_numpy(np.stack([preprocess(load_image(p)) for p in paths[i:i + batch]]))
            out.append(model(x).numpy())
    return np.concatenate(out) if out else np.zeros((0, 7), np.float32)


def accuracy(model, root, mapping, name):
    paths, truth = [], []
    for folder, label in sorted(mapping.items()):
        files = sorted(glob.glob(os.path.join(root, folder, "*.png")) +
                       glob.glob(os.path.join(root, folder, "*.jpg")))
        paths += files
        truth += [LABELS.index(label)] * len(files)
    if not paths:
        raise SystemExit("no images under " + root)
    pred = predict(model, paths).argmax(1)
    truth = np.array(truth)
    acc = float((pred == truth).mean())
    print("%s: %d images, accuracy %.4f" % (name, len(paths), acc))
    for label in sorted(set(mapping.values()), key=LABELS.index):
        k = LABELS.index(label)
        sel = truth == k
        print("  %-9s %4d  recall %.3f" % (label, sel.sum(), (pred[sel] == k).mean()))
    return acc, len(paths)


def evaluate(model, data):
    metrics, report = {}, {}
    acc, n = accuracy(model, os.path.join(data, "ck48"), CK48, "CK+48 without contempt")
    metrics["ck48.accuracy"] = "%.4f" % acc
    metrics["ck48.samples"] = str(n)
    acc, n = accuracy(model, os.path.join(data, "fer2013", "validation"), FER, "FER2013 validation")
    metrics["fer2013.accuracy"] = "%.4f" % acc
    metrics["fer2013.samples"] = str(n)
    for f, expected in GOLDEN.items():
        p = predict(model, [os.path.join(data, "golden", f)])[0]
        k = int(p.argmax())
        probs = ", ".join("%s %.3f" % (l, v) for l, v in zip(LABELS, p))
        print("golden %s (expected %s): %s p=%.4f  [%s]" % (f, expected, LABELS[k], p[k], probs))
        report[f] = "%s (p = %.3f)" % (LABELS[k], p[k])
    return metrics, report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="faces folder (ck48/, fer2013/, golden/)")
    ap.add_argument("--model", default=os.path.join(convert.DEFAULT_OUT, "model.pt"),
                    help="TorchScript file (default: %(default)s)")
    ap.add_argument("--package", help="build the eager module from this npm package folder or .tgz instead")
    args = ap.parse_args()
    if args.package:
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            pkg = convert.unpack(args.package, tmp) if args.package.endswith(".tgz") else args.package
            model = convert.build_model(convert.load_weights(pkg))
        print("eager module from", args.package)
    else:
        model = torch.jit.load(args.model).eval()
        print("TorchScript", args.model)
    metrics, _ = evaluate(model, args.data)
    for k, v in metrics.items():
        print("metric.%s=%s" % (k, v))


if __name__ == "__main__":
    main()
