#!/usr/bin/env bash
# Text speed side by side with the langchain4j peer (../shared/peers/Lc4jTextBench.java):
# the same 1,024 GoEmotions dev comments, the peer's embed()/embedAll() and emotion4j's
# predict(text)/predictAll (TextSpeedBench), as separate JVMs run alternately
# (peer, emotion4j, peer, emotion4j, ...), 3 rounds each per run; prints every round and the
# medians and ratios over all rounds.
#
# usage (from the repository root, beside ../shared): models/tools/text-speed/run.sh [pairs, default 4] [text.encoder, default minilm]
set -euo pipefail
cd "$(dirname "$0")/../../.."
PAIRS=${1:-4}
ENCODER=${2:-minilm}
W=${E4J_SPEED_DIR:-/tmp/e4j-text-speed}
mkdir -p "$W/peer/src/main/java/p"
cp ../shared/peers/lc4j-pom.xml "$W/peer/pom.xml"
cp ../shared/peers/Lc4jTextBench.java "$W/peer/src/main/java/p/B.java"
./mvnw -B -q -f "$W/peer/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$W/peer/cp.txt"
./mvnw -B -o -q compile dependency:build-classpath -pl models/programs -am -Dmdep.outputFile="$W/cp.txt"
awk -F'\t' 'NR <= 1024 { print $1 }' ../shared/data/text/goemotions/ekman/dev.tsv > "$W/sentences.txt"
OURS="$(cat "$W/cp.txt"):models/programs/target/classes"
PEER="$W/peer/target/classes:$(cat "$W/peer/cp.txt")"
: > "$W/rounds.txt"
for i in $(seq 1 "$PAIRS"); do
  java -cp "$PEER" p.B "$W/sentences.txt" | tee -a "$W/rounds.txt"
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$OURS" io.github.emotion4j.programs.text.TextSpeedBench \
      "$W/sentences.txt" 3 "$ENCODER" | grep '^emotion4j' | tee -a "$W/rounds.txt"
done
python3 - "$W/rounds.txt" <<'PY'
import re, statistics, sys
peer1, peerN, our1, ourN, ourT = [], [], [], [], []
for line in open(sys.argv[1]):
    m = re.search(r'embed\(\) ([\d.]+) ms.*embedAll\(\d+\) ([\d.]+) ms', line)
    if m: peer1.append(float(m[1])); peerN.append(float(m[2]))
    m = re.search(r'predict\(\) ([\d.]+) ms.*predictAll\(\d+\) ([\d.]+) ms', line)
    if m: our1.append(float(m[1])); ourN.append(float(m[2]))
    m = re.search(r'analyzeTexts\(\d+\) ([\d.]+) ms', line)
    if m: ourT.append(float(m[1]))
med = statistics.median
print(f"rounds: peer {len(peer1)}, emotion4j {len(our1)}")
print(f"single: langchain4j embed() median {med(peer1):.3f} ms/sentence, emotion4j predict() median {med(our1):.3f}"
      f" -> emotion4j is {med(peer1)/med(our1):.2f}x as fast (target 1.5x)")
print(f"batch:  langchain4j embedAll median {med(peerN):.3f} ms/sentence, emotion4j predictAll median {med(ourN):.3f}"
      f" -> emotion4j is {med(peerN)/med(ourN):.2f}x as fast (target 2x)")
if ourT:
    print(f"batch:  emotion4j analyzeTexts (one call, batched encoder) median {med(ourT):.3f} ms/sentence"
          f" -> {med(peerN)/med(ourT):.2f}x langchain4j embedAll")
PY
