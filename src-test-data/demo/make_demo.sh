#!/bin/sh
# Makes the emotion4j demo media in this folder from freely licensed parts:
#   face.jpg   - the face region of astronaut.png (NASA portrait of Eileen Collins, public domain),
#                as shipped in Debian's python3-skimage package
#   demo.wav   - three sentences spoken by espeak-ng (its output is not covered by its GPL licence),
#                16 kHz mono, with a short pause between sentences
#   demo.srt   - the transcript with the exact timing of each sentence
#   demo.mp4   - 640x480 H.264 (slow zoom onto the face) + AAC speech, about 10.4 s
# Text written by the emotion4j project. Needs: apt-get install -y espeak-ng python3-skimage ffmpeg sox
# Users and CI never run this script; its outputs are committed. Run it from anywhere.
set -eu
cd "$(dirname "$0")"
ASTRONAUT=${ASTRONAUT:-/usr/lib/python3/dist-packages/skimage/data/astronaut.png}
for tool in espeak-ng ffmpeg sox soxi; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y espeak-ng ffmpeg sox" >&2; exit 1; }
done
[ -f "$ASTRONAUT" ] || { echo "missing $ASTRONAUT: apt-get install -y python3-skimage" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# sentence|espeak speed (words/min)|pitch (0-99)|amplitude (0-200)
cat > "$work/lines.txt" <<'LINES'
What a wonderful surprise, I am so happy to see you!|180|70|130
Stop lying to me, I am really angry!|180|45|160
Now everyone has gone, and I feel sad and alone.|160|25|80
LINES

pause=0.7
start=0.25
n=0
: > demo.srt
sox -D -n -r 16000 -c 1 -b 16 "$work/lead.wav" trim 0 "$start"
parts="$work/lead.wav"
while IFS='|' read -r text speed pitch amp; do
  n=$((n + 1))
  espeak-ng -v en-us -s "$speed" -p "$pitch" -a "$amp" -w "$work/raw$n.wav" "$text"
  # resample to 16 kHz mono and trim espeak's own leading/trailing silence
  sox -D -v 0.9 "$work/raw$n.wav" -r 16000 -c 1 -b 16 "$work/s$n.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
  len=$(soxi -D "$work/s$n.wav")
  end=$(echo "$start + $len" | bc -l)
  printf '%d\n%s --> %s\n%s\n\n' "$n" "$(awk -v t="$start" 'BEGIN{ms=int(t*1000+0.5); printf "%02d:%02d:%02d,%03d", ms/3600000, (ms/60000)%60, (ms/1000)%60, ms%1000}')" \
    "$(awk -v t="$end" 'BEGIN{ms=int(t*1000+0.5); printf "%02d:%02d:%02d,%03d", ms/3600000, (ms/60000)%60, (ms/1000)%60, ms%1000}')" "$text" >> demo.srt
  sox -D -n -r 16000 -c 1 -b 16 "$work/gap$n.wav" trim 0 "$pause"
  parts="$parts $work/s$n.wav $work/gap$n.wav"
  start=$(echo "$end + $pause" | bc -l)
done < "$work/lines.txt"
# shellcheck disable=SC2086
sox -D $parts demo.wav
dur=$(soxi -D demo.wav)

# face crop (the face sits around x 170-285, y 55-195 in the 512x512 portrait)
ffmpeg -v error -y -i "$ASTRONAUT" -vf "crop=224:224:116:20" -q:v 3 face.jpg

# video: the upper part of the portrait, slowly zooming onto the face
frames=$(echo "$dur * 25 + 0.5" | bc -l | cut -d. -f1)
ffmpeg -v error -y -loop 1 -framerate 25 -i "$ASTRONAUT" -i demo.wav \
  -filter_complex "[0:v]crop=512:384:0:0,scale=2048:1536,zoompan=z='1+0.35*on/$frames':x='max(0,min(iw-iw/zoom,900-iw/zoom/2))':y='max(0,min(ih-ih/zoom,500-ih/zoom/2))':d=1:s=640x480:fps=25,format=yuv420p[v]" \
  -map "[v]" -map 1:a -t "$dur" -c:v libx264 -preset slow -crf 30 -threads 1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 \
  -c:a aac -b:a 48k -ar 16000 -ac 1 -movflags +faststart demo.mp4

ls -l demo.mp4 demo.wav demo.srt face.jpg
echo "duration ${dur}s"
