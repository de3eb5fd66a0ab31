// face-api.js itself (npm @vladmandic/face-api@1.7.15, tfjs CPU backend) on one face crop: the
// normalised network inputs it builds, the raw outputs of FaceLandmark68Net and
// FaceRecognitionNet, and the landmarks in crop pixels after its postProcess.
// usage: node reference.js face.rgb WIDTH HEIGHT > reference.json
//   (face.rgb: raw RGB bytes, row by row, as DumpRgb.java writes them from a JPEG/PNG)
// needs: npm install @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4 (in this folder or above)
const fs = require('fs'); const path = require('path');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
async function main() {
  const [file, w, h] = process.argv.slice(2); const W = +w, H = +h;
  await faceapi.tf.setBackend('cpu'); await faceapi.tf.ready();
  const dir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
  const buf = fs.readFileSync(file);
  if (buf.length !== W * H * 3) throw new Error('expected ' + W * H * 3 + ' bytes, got ' + buf.length);
  const img = faceapi.tf.tensor3d(new Uint8Array(buf), [H, W, 3], 'int32');
  const out = { package: '@vladmandic/face-api@1.7.15', backend: faceapi.tf.getBackend(), width: W, height: H, inputs: {} };
  const net = await faceapi.toNetInput(img);
  for (const size of [112, 150]) {
    const x = faceapi.tf.tidy(() => faceapi.tf.cast(net.toBatchTensor(size, true), 'float32')
      .sub(faceapi.tf.tensor1d([122.782, 117.001, 104.298])).div(255));
    out.inputs[size] = Array.from(await x.data()); x.dispose();
  }
  const raw = faceapi.nets.faceLandmark68Net.runNet(net);
  out['landmarks.raw'] = Array.from(await raw.data()); raw.dispose();
  const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(img);
  out['landmarks.pixels'] = lm.positions.flatMap(p => [p.x, p.y]);
  const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(img);
  out['descriptor.raw'] = Array.from(d);
  process.stdout.write(JSON.stringify(out));
}
main().catch(e => { console.error(e); process.exit(1); });
