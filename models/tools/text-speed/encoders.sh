#!/usr/bin/env bash
# Milliseconds per sentence of each text.encoder (encoder + its two heads, through the public
# API: predict(text) one at a time and predictAll), in alternating runs on the same 1,024
# GoEmotions dev comments; prints the medians. Needs the bge and e5 jars, which models/programs
# has on its classpath.
#
# usage (from the repository root, beside ../shared): models/tools/text-speed/encoders.sh [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/../../.."
RUNS=${1:-3}
W=${E4J_SPEED_DIR:-/tmp/e4j-text-speed}
mkdir -p "$W"
./mvnw -B -o -q compile dependency:build-classpath -pl models/programs -am -Dmdep.outputFile="$W/cp.txt"
awk -F'\t' 'NR <= 1024 { print $1 }' ../shared/data/text/goemotions/ekman/dev.tsv > "$W/sentences.txt"
OURS="$(cat "$W/cp.txt"):models/programs/target/classes"
: > "$W/encoders.txt"
for i in $(seq 1 "$RUNS"); do
  for e in minilm bge-small e5-small; do
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$OURS" io.github.emotion4j.programs.text.TextSpeedBench \
        "$W/sentences.txt" 2 "$e" | grep '^emotion4j' | tee -a "$W/encoders.txt"
  done
done
python3 - "$W/encoders.txt" <<'PY'
import re, statistics, sys, collections
one, many, texts = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.search(r'emotion4j (\S+) round \d+: predict\(\) ([\d.]+) ms.*predictAll\(\d+\) ([\d.]+) ms', line)
    if m: one[m[1]].append(float(m[2])); many[m[1]].append(float(m[3]))
    m = re.search(r'emotion4j (\S+) round \d+: analyzeTexts\(\d+\) ([\d.]+) ms', line)
    if m: texts[m[1]].append(float(m[2]))
for e in one:
    print(f"{e}: predict() median {statistics.median(one[e]):.3f} ms/sentence, predictAll median "
          f"{statistics.median(many[e]):.3f} ms/sentence, analyzeTexts median {statistics.median(texts[e]):.3f}"
          f" ms/sentence ({len(one[e])} rounds)")
PY
