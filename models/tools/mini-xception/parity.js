// Parity reference for convert.py: runs the original TF.js graph model of
// @vladmandic/human@3.3.6 (models/emotion.json + emotion.bin) with @tensorflow/tfjs (CPU backend)
// and human's own preprocessing (src/gear/emotion.ts): resizeBilinear(64x64, align_corners=false),
// grey = sum(rgb * [0.2989, 0.587, 0.114]), (grey - 0.5) * 2.
//
//   node parity.js PACKAGE_DIR IMAGES.bin OUT.json
//
// IMAGES.bin (written by parity.py): int32 count, then per image int32 h, int32 w and h*w*3
// float32 RGB values in 0..1 (little-endian). OUT.json: one probability row per image.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [pkg, imagesPath, outPath] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const json = JSON.parse(fs.readFileSync(path.join(pkg, 'models/emotion.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(pkg, 'models/emotion.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData,
  }));
  const buf = fs.readFileSync(imagesPath);
  let off = 0;
  const count = buf.readInt32LE(off); off += 4;
  const rows = [];
  const rgb = tf.tensor1d([0.2989, 0.5870, 0.1140], 'float32');
  for (let i = 0; i < count; i++) {
    const h = buf.readInt32LE(off); off += 4;
    const w = buf.readInt32LE(off); off += 4;
    const values = new Float32Array(h * w * 3);
    for (let k = 0; k < values.length; k++) { values[k] = buf.readFloatLE(off); off += 4; }
    const p = tf.tidy(() => {
      const image = tf.tensor4d(values, [1, h, w, 3]);
      const resize = tf.image.resizeBilinear(image, [64, 64], false);
      const grey = tf.sum(tf.mul(resize, rgb), 3, true);
      const input = tf.mul(tf.sub(grey, 0.5), 2);
      return model.execute(input);
    });
    rows.push(Array.from(await p.data()));
    p.dispose();
  }
  fs.writeFileSync(outPath, JSON.stringify({ tfjs: tf.version.tfjs, backend: tf.getBackend(), probabilities: rows }));
}
main().catch((e) => { console.error(e); process.exit(1); });
