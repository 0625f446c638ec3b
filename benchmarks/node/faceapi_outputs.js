#!/usr/bin/env node
// Records face-api.js 0.22.2's own outputs (CPU backend) for the task compositions that the shared
// reference files do not cover, on raw RGB pixels; driven by benchmarks/faceapi_outputs.py.
//
// Usage:
//   node faceapi_outputs.js --prefix DIR --weights DIR --manifest FILE --out FILE
//
//   --prefix    npm prefix holding face-api.js@0.22.2 + @tensorflow/tfjs-core@1.7.0 (peers.py makes it)
//   --weights   folder with the face-api.js weight manifests + shards (loaded with loadFromDisk)
//   --manifest  JSON [{"name", "file", "height", "width"}], file = raw HxWx3 uint8 RGB bytes
//   --out       where the JSON result is written (stdout is left to the library's own chatter)
//
// Each image becomes the int32 HxWx3 tensor bench_faceapi.js builds; every pipeline below is run
// once on it and every face is written with full float precision. Progress goes to stderr.

'use strict';

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const { setupPeer, imageTensor } = require('./bench_faceapi');

const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];

// name -> [exact call as documented in the fixture, task factory]
const PIPELINES = {
  ssd_unaligned: [
    'detectAllFaces(t, new SsdMobilenetv1Options({minConfidence: 0.5})).withFaceExpressions().withAgeAndGender()',
    (f, t) => f.detectAllFaces(t, new f.SsdMobilenetv1Options({ minConfidence: 0.5 })).withFaceExpressions().withAgeAndGender(),
  ],
  tiny_unaligned: [
    'detectAllFaces(t, new TinyFaceDetectorOptions({inputSize: 416, scoreThreshold: 0.5})).withFaceExpressions().withAgeAndGender()',
    (f, t) =>
      f
        .detectAllFaces(t, new f.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }))
        .withFaceExpressions()
        .withAgeAndGender(),
  ],
  ssd_single: [
    'detectSingleFace(t, new SsdMobilenetv1Options()).withFaceLandmarks().withFaceExpressions().withAgeAndGender().withFaceDescriptor()',
    (f, t) =>
      f
        .detectSingleFace(t, new f.SsdMobilenetv1Options())
        .withFaceLandmarks()
        .withFaceExpressions()
        .withAgeAndGender()
        .withFaceDescriptor(),
  ],
  tiny_single_lmtiny: [
    'detectSingleFace(t, new TinyFaceDetectorOptions()).withFaceLandmarks(true).withFaceDescriptor()',
    (f, t) => f.detectSingleFace(t, new f.TinyFaceDetectorOptions()).withFaceLandmarks(true).withFaceDescriptor(),
  ],
  tiny320: [
    'detectAllFaces(t, new TinyFaceDetectorOptions({inputSize: 320}))',
    (f, t) => f.detectAllFaces(t, new f.TinyFaceDetectorOptions({ inputSize: 320 })),
  ],
  ssd_mc07: [
    'detectAllFaces(t, new SsdMobilenetv1Options({minConfidence: 0.7}))',
    (f, t) => f.detectAllFaces(t, new f.SsdMobilenetv1Options({ minConfidence: 0.7 })),
  ],
};

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument: ${key}`);
    args[key.slice(2)] = argv[i + 1];
    i += 1;
  }
  for (const need of ['prefix', 'weights', 'manifest', 'out']) {
    if (!args[need]) throw new Error(`missing --${need}`);
  }
  return args;
}

function log(msg) {
  process.stderr.write(`[faceapi_outputs] ${msg}\n`);
}

const boxJson = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });

// One face-api.js result (a bare FaceDetection or a WithFaceDetection<...> object) with the field
// names of shared/faceapi/reference/*.pil-decoded.json; absent stages are simply left out.
function faceJson(faceapi, result) {
  const det = result instanceof faceapi.FaceDetection ? result : result.detection;
  const out = { detection: { box: boxJson(det.box), score: det.score, classScore: det.classScore } };
  if (result.landmarks) {
    out.landmarks = result.landmarks.positions.map((p) => [p.x, p.y]);
    out.alignedRect = boxJson(result.alignedRect.box);
  }
  if (result.descriptor) {
    // The square the descriptor was computed on (ComputeFaceDescriptorsTasks' getRectForAlignment).
    out.descriptorRect = boxJson(result.landmarks.align(null, { useDlibAlignment: true }));
  }
  if (result.expressions) {
    out.expressions = {};
    for (const k of EXPRESSIONS) out.expressions[k] = result.expressions[k];
  }
  if (result.age !== undefined) {
    out.age = result.age;
    out.gender = result.gender;
    out.genderProbability = result.genderProbability;
  }
  if (result.descriptor) out.descriptor = Array.from(result.descriptor);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wall0 = performance.now();
  const { faceapi, info } = await setupPeer({ peer: 'faceapi-cpu', prefix: args.prefix });
  const weights = path.resolve(args.weights);
  for (const net of [
    faceapi.nets.ssdMobilenetv1,
    faceapi.nets.tinyFaceDetector,
    faceapi.nets.faceLandmark68Net,
    faceapi.nets.faceLandmark68TinyNet,
    faceapi.nets.faceExpressionNet,
    faceapi.nets.ageGenderNet,
    faceapi.nets.faceRecognitionNet,
  ]) {
    await net.loadFromDisk(weights);
  }
  log(`${info.library} on ${info.tfjs} (${info.activeBackend})`);
  const manifest = JSON.parse(fs.readFileSync(args.manifest, 'utf8'));
  const tensorsBefore = faceapi.tf.memory().numTensors;
  const images = {};
  for (const item of manifest) {
    const input = imageTensor(faceapi, item);
    const entry = {};
    for (const [name, [, task]] of Object.entries(PIPELINES)) {
      const t0 = performance.now();
      const res = await task(faceapi, input);
      const list = res === undefined ? [] : Array.isArray(res) ? res : [res];
      entry[name] = { faces: list.map((r) => faceJson(faceapi, r)) };
      log(`${item.name} ${name}: ${list.length} faces, ${Math.round(performance.now() - t0)} ms`);
    }
    input.dispose();
    images[item.name] = entry;
  }
  const pipelines = {};
  for (const [name, [call]] of Object.entries(PIPELINES)) pipelines[name] = call;
  const result = {
    peer: info,
    node: process.version,
    pipelines,
    images,
    leakedTensors: faceapi.tf.memory().numTensors - tensorsBefore,
    wall_ms: Math.round(performance.now() - wall0),
  };
  fs.writeFileSync(args.out, JSON.stringify(result));
}

main().catch((err) => {
  log(`error: ${err && err.stack ? err.stack : JSON.stringify(err)}`);
  process.exit(1);
});
