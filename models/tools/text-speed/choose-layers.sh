#!/usr/bin/env bash
# How text.encoder=minilm-l3 was chosen: for MiniLM cut after 2, 3 and 4 layers (and the whole
# 6-layer MiniLM), TrainTextHeads -DheldOutOnly=true embeds GoEmotions train only, trains the Ekman
# head on 90% of it and prints its macro-F1 on the other 10% (no dev file is read) with the encoder's
# cost per single call and macro-F1 per ms. The cards for 2 and 4 layers are test resources of
# models/programs (not shipped), hence the test classpath.
#
# usage (from the repository root, beside ../shared): models/tools/text-speed/choose-layers.sh [embedding cache folder]
set -euo pipefail
cd "$(dirname "$0")/../../.."
CACHE=${1:-/tmp/e4j-cache/text}
W=$(mktemp -d)
./mvnw -B -o -q test-compile dependency:build-classpath -pl models/programs -am -Dmdep.outputFile="$W/cp.txt"
CP="$(cat "$W/cp.txt"):models/programs/target/classes:models/programs/target/test-classes"
for e in text-minilm-l2-q text-minilm-l3-q text-minilm-l4-q text-minilm-l6-v2-q; do
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx4g -DheldOutOnly=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
      io.github.emotion4j.programs.text.TrainTextHeads ../shared/data/text/goemotions - "$CACHE" "$e" | grep '^RESULT'
done
