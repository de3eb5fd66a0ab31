#!/usr/bin/python3
"""Pixel-identical images in FER2013 (train and validation = PublicTest).

    /usr/bin/python3 models/tools/face-expression-net/fer_duplicates.py ../shared/data/faces/fer2013 \
        [--links OUT_DIR]

Prints how many groups of pixel-identical images (decoded grey pixels, MD5) there are within train,
between train and validation, within validation, and how many groups carry two labels. With
--links it writes OUT_DIR/<label>/<file> symbolic links to the validation images that have no
pixel-identical image in train: a validation set with no face the fine-tune was trained on
(FaceFolderEvaluator follows the links). Needs python3-pil.
"""
import argparse
import hashlib
import os

from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fer2013", help="folder with train/ and validation/, one sub-folder per label")
    ap.add_argument("--links", help="write links to the validation images without a twin in train here")
    args = ap.parse_args()
    groups = {}
    for split in ("train", "validation"):
        for label in sorted(os.listdir(os.path.join(args.fer2013, split))):
            d = os.path.join(args.fer2013, split, label)
            for f in sorted(os.listdir(d)):
                px = Image.open(os.path.join(d, f)).convert("L").tobytes()
                groups.setdefault(hashlib.md5(px).hexdigest(), []).append((split, label, f))
    tt = tv = vv = conflict = 0
    train_hashes = set()
    for h, members in groups.items():
        splits = [m[0] for m in members]
        if "train" in splits:
            train_hashes.add(h)
        if len(members) > 1:
            tt += splits.count("train") > 1
            tv += "train" in splits and "validation" in splits
            vv += splits.count("validation") > 1
            conflict += len({m[1] for m in members}) > 1
    print("images %d, distinct pixel contents %d" % (sum(len(v) for v in groups.values()), len(groups)))
    print("pixel-identical groups: within train %d, train and validation %d, within validation %d, "
          "with two labels %d" % (tt, tv, vv, conflict))
    if args.links:
        kept = dropped = 0
        for h, members in groups.items():
            for split, label, f in members:
                if split != "validation":
                    continue
                if h in train_hashes:
                    dropped += 1
                    continue
                os.makedirs(os.path.join(args.links, label), exist_ok=True)
                dst = os.path.join(args.links, label, f)
                if not os.path.lexists(dst):
                    os.symlink(os.path.abspath(os.path.join(args.fer2013, "validation", label, f)), dst)
                kept += 1
        print("validation without a twin in train: %d images linked under %s (%d left out)" % (kept, args.links, dropped))


if __name__ == "__main__":
    main()
