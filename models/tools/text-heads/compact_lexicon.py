#!/usr/bin/python3
"""Rewrites the word-piece lexicon of a GoEmotions head folder (TrainTextHeads' output) in the compact
form TrainTextHeads writes today for its 28-label heads: only the lexicon's columns that are not all
zero (the word pieces the head learned) are kept, their ids go to lexicon-ids.txt (one a line,
ascending), and model.properties gains lexicon.ids / lexicon.vocabulary; EmbeddingHead spreads the
columns back onto the vocabulary when it loads the head, so the head computes exactly what it did
(the script checks that expanding the new file gives the old matrix bit for bit). The heads written
before compact lexicons existed hold 30,522 x 28 floats (3.4 MB); compact, 7,124 x 28 (0.8 MB).

Usage: /usr/bin/python3 models/tools/text-heads/compact_lexicon.py HEAD_FOLDER [HEAD_FOLDER ...]

MODEL_CARD.md's architecture line and SHA-256 rows are updated to match.
"""
import hashlib
import os
import re
import sys

import numpy as np

IDS_FILE = "lexicon-ids.txt"
MIN_DF = 5  # TrainTextHeads.MIN_DF: word pieces in fewer fitted comments are not learned (their columns are 0)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def compact(folder):
    props_path = os.path.join(folder, "model.properties")
    lines = open(props_path, encoding="ascii").read().splitlines()
    props = dict(l.split("=", 1) for l in lines if "=" in l and not l.startswith("#"))
    if "lexicon.ids" in props:
        print(folder + ": already compact")
        return
    lex_file = props.get("lexicon.file", "lexicon.bin")
    m = re.fullmatch(r"(\d+)x(\d+):(\w+)", props["lexicon.layers"])
    if not m:
        raise SystemExit(folder + ": lexicon.layers " + props["lexicon.layers"] + " is not one layer")
    vocab, out, act = int(m.group(1)), int(m.group(2)), m.group(3)
    path = os.path.join(folder, lex_file)
    old_sha = sha256(path)
    if props.get("sha256." + lex_file) != old_sha:
        raise SystemExit(path + ": SHA-256 differs from model.properties")
    a = np.fromfile(path, dtype="<f4")
    if a.size != vocab * out + out:
        raise SystemExit("%s: %d floats, expected %d x %d + %d" % (path, a.size, out, vocab, out))
    w = a[:vocab * out].reshape(out, vocab)  # DenseHead layout: weights [out][in], then the bias
    bias = a[vocab * out:]
    ids = np.nonzero(np.any(w != 0, axis=0))[0]
    cw = np.ascontiguousarray(w[:, ids])
    back = np.zeros_like(w)
    back[:, ids] = cw
    if not np.array_equal(back.view(np.uint32), w.view(np.uint32)):
        raise AssertionError(folder + ": expanding the compact lexicon does not give the old one")
    np.concatenate([cw.reshape(-1), bias]).astype("<f4").tofile(path)
    with open(os.path.join(folder, IDS_FILE), "w", encoding="utf-8") as f:
        f.write("".join("%d\n" % i for i in ids))
    new_sha, ids_sha = sha256(path), sha256(os.path.join(folder, IDS_FILE))
    layers = "%dx%d:%s" % (len(ids), out, act)
    result = []
    for l in lines:
        if l.startswith("# Written by") and "compact_lexicon.py" not in l:
            l += " Lexicon made compact by models/tools/text-heads/compact_lexicon.py (the same weights)."
        elif l.startswith("files="):
            l += "," + IDS_FILE
        elif l.startswith("sha256." + lex_file + "="):
            l = "sha256.%s=%s\nformat.%s=RAW\nsha256.%s=%s" % (lex_file, new_sha, IDS_FILE, IDS_FILE, ids_sha)
        elif l.startswith("lexicon.layers="):
            l = "lexicon.layers=%s\nlexicon.ids=%s\nlexicon.vocabulary=%d" % (layers, IDS_FILE, vocab)
        result.append(l)
    with open(props_path, "w", encoding="ascii") as f:
        f.write("\n".join(result) + "\n")
    card_path = os.path.join(folder, "MODEL_CARD.md")
    if os.path.exists(card_path):
        card = open(card_path, encoding="utf-8").read()
        if old_sha not in card:
            raise SystemExit(card_path + ": does not name the old lexicon's SHA-256")
        card = card.replace(old_sha, new_sha)
        card = card.replace("| SHA-256 `%s` | `%s` |" % (lex_file, new_sha),
                            "| SHA-256 `%s` | `%s` |\n| SHA-256 `%s` | `%s` |" % (lex_file, new_sha, IDS_FILE, ids_sha))
        # the wording TrainTextHeads (TextHeadCards) writes for compact lexicons today
        card = card.replace("lexicon `%dx%d:%s` over the word pieces of the text" % (vocab, out, act),
                            "lexicon `%s` over the word pieces of the text (stored compact: only the %d word pieces seen in "
                            "at least %d fitted comments, their ids in `%s`; the others weigh 0)" % (layers, len(ids), MIN_DF,
                                                                                                      IDS_FILE))
        card = re.sub(r"a linear layer `%dx%d:%s` over the set of word pieces in the text \(only word pieces in at least "
                      r"(\d+) fitted comments are learned, the rest weigh 0; extra L2" % (vocab, out, act),
                      lambda m: "a linear layer `%s` over the set of word pieces in the text (only word pieces in at least "
                                "%s fitted comments are learned, the rest weigh 0; stored compact: only those %d columns, their "
                                "ids in `%s`; extra L2" % (layers, m.group(1), len(ids), IDS_FILE), card)
        with open(card_path, "w", encoding="utf-8") as f:
            f.write(card)
    print("%s: lexicon %d x %d -> %d x %d columns (%d -> %d bytes), the same weights" % (
        folder, out, vocab, out, len(ids), a.size * 4, os.path.getsize(path)))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for d in sys.argv[1:]:
        compact(d)
