#!/usr/bin/env node
// Times face-api.js itself (one "peer" per process) on raw RGB pixels, for benchmarks/peers.py.
//
// Usage:
//   node bench_faceapi.js --peer NAME --prefix DIR --weights DIR --manifest FILE --out FILE
//                         [--runs N] [--warmup N] [--stages a,b,...]
//
//   --peer      faceapi-cpu       face-api.js@0.22.2 on @tensorflow/tfjs-core@1.7.0, CPU backend
//               vlad-wasm-simd    @vladmandic/face-api@1.7.15 dist/face-api.node-wasm.js on
//                                 @tensorflow/tfjs(-backend-wasm)@4.22.0, SIMD on, 1 thread
//               vlad-wasm-nosimd  the same with SIMD forced off
//   --prefix    npm install prefix that holds the peer's node_modules (benchmarks/peers.py makes it)
//   --weights   folder with the face-api.js weight manifests + shards (loaded with loadFromDisk)
//   --manifest  JSON [{"name", "file", "height", "width"}], file = raw HxWx3 uint8 RGB bytes
//   --out       where the JSON result is written (stdout is left to the libraries' own chatter)
//
// Each stage is the awaited face-api task on a prebuilt int32 HxWx3 tensor (no canvas, no image
// decode); `warmup` untimed calls, then `runs` timed calls; ms are wall-clock per call.
// Progress goes to stderr.

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');
const { performance } = require('perf_hooks');

const STAGES = [
  'ssd_detect', 'tiny416_detect', 'ssd_landmarks68', 'ssd_full', 'tiny416_full', 'yolo416_detect', 'mtcnn_detect',
];
// face-api.js's legacy TinyYolov2 (new TinyYolov2(true), tiny_yolov2_separable_conv_model): only where the peer
// has it; its stages are left out of a peer without it.
const hasTinyYolov2 = (faceapi) => Boolean(faceapi.nets.tinyYolov2 && faceapi.TinyYolov2Options);
// face-api.js's legacy MTCNN reads only canvases: it runs on a @napi-rs/canvas (skia) canvas holding the same
// RGB pixels, where the peer has both (face-api.js 0.22.2 with @napi-rs/canvas installed beside it).
const hasMtcnn = (faceapi) => Boolean(faceapi.nets.mtcnn && faceapi.MtcnnOptions && faceapi.__canvas);
const peerHas = (faceapi, stage) =>
  (!stage.startsWith('yolo') || hasTinyYolov2(faceapi)) && (!stage.startsWith('mtcnn') || hasMtcnn(faceapi));

const PEERS = {
  'faceapi-cpu': { module: 'face-api.js', backend: 'cpu' },
  'vlad-wasm-simd': { module: '@vladmandic/face-api/dist/face-api.node-wasm.js', backend: 'wasm', simd: true },
  'vlad-wasm-nosimd': { module: '@vladmandic/face-api/dist/face-api.node-wasm.js', backend: 'wasm', simd: false },
};

function parseArgs(argv) {
  const args = { runs: 5, warmup: 1, stages: STAGES.join(',') };
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument: ${key}`);
    args[key.slice(2)] = argv[i + 1];
    i += 1;
  }
  for (const need of ['peer', 'prefix', 'weights', 'manifest', 'out']) {
    if (!args[need]) throw new Error(`missing --${need}`);
  }
  if (!PEERS[args.peer]) throw new Error(`unknown peer ${args.peer}; known: ${Object.keys(PEERS).join(', ')}`);
  args.runs = Number(args.runs);
  args.warmup = Number(args.warmup);
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be an integer >= 1');
  if (!Number.isInteger(args.warmup) || args.warmup < 0) throw new Error('--warmup must be an integer >= 0');
  args.stages = args.stages.split(',').filter((s) => s);
  for (const s of args.stages) if (!STAGES.includes(s)) throw new Error(`unknown stage ${s}`);
  return args;
}

function log(msg) {
  process.stderr.write(`[bench_faceapi] ${msg}\n`);
}

function pkgVersion(req, name) {
  try {
    return req(`${name}/package.json`).version;
  } catch (e) {
    return null;
  }
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round1 = (x) => Math.round(x * 10) / 10;

function stats(ms, cpuMs) {
  return {
    median_ms: round1(median(ms)),
    min_ms: round1(Math.min(...ms)),
    max_ms: round1(Math.max(...ms)),
    runs_ms: ms.map(round1),
    // Process CPU time (user + system, all threads) per call: close to wall time when the run had a
    // core to itself; much lower wall-clock vs CPU ratios mean the machine was busy with other work.
    cpu_median_ms: round1(median(cpuMs)),
  };
}

async function setupPeer(args) {
  const spec = PEERS[args.peer];
  // Resolve the libraries from the peer's own install prefix, not from wherever this script lives.
  const req = createRequire(path.join(path.resolve(args.prefix), 'noop.js'));
  const info = { peer: args.peer, backend: spec.backend };
  let faceapi;
  if (spec.backend === 'cpu') {
    faceapi = req(spec.module);
    const tf = faceapi.tf;
    await tf.setBackend('cpu');
    await tf.ready();
    info.library = `face-api.js@${pkgVersion(req, 'face-api.js')}`;
    info.tfjs = `@tensorflow/tfjs-core@${tf.version_core}`;
    try {
      const canvas = req('@napi-rs/canvas');
      // face-api.js makes its canvases with `new Canvas()` and sets the size afterwards; skia's wants a size
      class Canvas extends canvas.Canvas {
        constructor(width = 1, height = 1) {
          super(width, height);
        }
      }
      faceapi.env.monkeyPatch({ Canvas, Image: canvas.Image, ImageData: canvas.ImageData });
      faceapi.__canvas = { Canvas, ImageData: canvas.ImageData };
      info.canvas = `@napi-rs/canvas@${pkgVersion(req, '@napi-rs/canvas')}`;
    } catch (e) {
      log(`no @napi-rs/canvas (${e.message}): the mtcnn stages are left out`);
    }
  } else {
    // Flags must be set before the wasm backend initialises: SIMD is detected by WebAssembly.validate
    // (true on Node 20); tfjs-backend-wasm 4.x never uses threads under Node (IS_NODE), so 1 thread.
    const tf = req('@tensorflow/tfjs');
    const wasm = req('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_SIMD_SUPPORT', spec.simd);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    faceapi = req(spec.module);
    await faceapi.tf.setBackend('wasm');
    await faceapi.tf.ready();
    const backend = faceapi.tf.backend();
    info.library = `@vladmandic/face-api@${pkgVersion(req, '@vladmandic/face-api')} (dist/face-api.node-wasm.js)`;
    info.tfjs = `@tensorflow/tfjs@${pkgVersion(req, '@tensorflow/tfjs')}`;
    info.wasmBackend = `@tensorflow/tfjs-backend-wasm@${wasm.version_wasm}`;
    info.wasmSimd = await faceapi.tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.wasmMultithread = await faceapi.tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.wasmThreadsCount = backend.wasm && backend.wasm.tfjs ? backend.wasm.tfjs.getThreadsCount() : null;
  }
  info.activeBackend = faceapi.tf.getBackend();
  if (info.activeBackend !== spec.backend) {
    throw new Error(`expected backend ${spec.backend}, got ${info.activeBackend}`);
  }
  return { faceapi, info };
}

async function loadWeights(faceapi, args) {
  const dir = path.resolve(args.weights);
  const nets = [faceapi.nets.ssdMobilenetv1, faceapi.nets.tinyFaceDetector];
  if (args.stages.some((s) => !s.endsWith('_detect'))) {
    nets.push(faceapi.nets.faceLandmark68Net);
  }
  if (args.stages.some((s) => s.endsWith('_full'))) {
    nets.push(faceapi.nets.faceExpressionNet, faceapi.nets.ageGenderNet, faceapi.nets.faceRecognitionNet);
  }
  if (args.stages.some((s) => s.startsWith('yolo')) && hasTinyYolov2(faceapi)) nets.push(faceapi.nets.tinyYolov2);
  if (hasMtcnn(faceapi) && !fs.existsSync(path.join(dir, 'mtcnn_model-weights_manifest.json'))) {
    log(`no mtcnn_model in ${dir}: the mtcnn stages are left out`);
    faceapi.__canvas = null;
  }
  if (args.stages.some((s) => s.startsWith('mtcnn')) && hasMtcnn(faceapi)) nets.push(faceapi.nets.mtcnn);
  const t0 = performance.now();
  for (const net of nets) await net.loadFromDisk(dir);
  return Math.round(performance.now() - t0);
}

function stageTask(faceapi, stage, input) {
  const ssd = () => faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }));
  const tiny = () =>
    faceapi.detectAllFaces(input, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }));
  const full = (task) =>
    task.withFaceLandmarks().withFaceExpressions().withAgeAndGender().withFaceDescriptors();
  switch (stage) {
    case 'ssd_detect':
      return ssd();
    case 'tiny416_detect':
      return tiny();
    case 'ssd_landmarks68':
      return ssd().withFaceLandmarks();
    case 'ssd_full':
      return full(ssd());
    case 'tiny416_full':
      return full(tiny());
    case 'yolo416_detect':
      return faceapi.detectAllFaces(input, new faceapi.TinyYolov2Options({ inputSize: 416, scoreThreshold: 0.5 }));
    case 'mtcnn_detect':
      return faceapi.detectAllFaces(input.canvas(), new faceapi.MtcnnOptions({ minFaceSize: 20 }));
    default:
      throw new Error(`unknown stage ${stage}`);
  }
}

async function timeStage(faceapi, stage, input, runs, warmup) {
  let faces = null;
  for (let i = 0; i < warmup; i += 1) {
    faces = (await stageTask(faceapi, stage, input)).length;
  }
  const ms = [];
  const cpuMs = [];
  for (let i = 0; i < runs; i += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await stageTask(faceapi, stage, input);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    if (faces !== null && faces !== result.length) {
      log(`warning: ${stage} found ${result.length} faces, earlier ${faces}`);
    }
    faces = result.length;
  }
  return { faces, ...stats(ms, cpuMs) };
}

// One manifest entry {file, height, width} (raw HxWx3 uint8 RGB bytes) as the int32 [H, W, 3] tensor
// face-api.js is given (no canvas, no decode). Shared with faceapi_outputs.js.
function imageTensor(faceapi, item) {
  const bytes = fs.readFileSync(item.file);
  if (bytes.length !== item.height * item.width * 3) {
    throw new Error(`${item.file}: ${bytes.length} bytes, expected ${item.height}x${item.width}x3`);
  }
  return faceapi.tf.tensor3d(Int32Array.from(bytes), [item.height, item.width, 3], 'int32');
}

// The same pixels on a skia canvas (alpha 255), for face-api.js's MTCNN; made once per image, on first use.
function imageCanvas(faceapi, item) {
  let made = null;
  return () => {
    if (made) return made;
    const bytes = fs.readFileSync(item.file);
    const rgba = new Uint8ClampedArray(item.width * item.height * 4);
    for (let i = 0, j = 0; i < bytes.length; i += 3, j += 4) {
      rgba[j] = bytes[i];
      rgba[j + 1] = bytes[i + 1];
      rgba[j + 2] = bytes[i + 2];
      rgba[j + 3] = 255;
    }
    made = new faceapi.__canvas.Canvas(item.width, item.height);
    made.getContext('2d').putImageData(new faceapi.__canvas.ImageData(rgba, item.width, item.height), 0, 0);
    return made;
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wall0 = performance.now();
  const { faceapi, info } = await setupPeer(args);
  const weightsLoadMs = await loadWeights(faceapi, args);
  log(`${args.peer}: ${info.library} on ${info.tfjs} (${info.activeBackend}), weights ${weightsLoadMs} ms`);
  const manifest = JSON.parse(fs.readFileSync(args.manifest, 'utf8'));
  const images = {};
  for (const item of manifest) {
    const input = imageTensor(faceapi, item);
    if (hasMtcnn(faceapi)) input.canvas = imageCanvas(faceapi, item);
    const tensorsBefore = faceapi.tf.memory().numTensors;
    const entry = { width: item.width, height: item.height, loadavg1_start: round1(os.loadavg()[0]) };
    for (const stage of args.stages) {
      if (!peerHas(faceapi, stage)) continue;
      entry[stage] = await timeStage(faceapi, stage, input, args.runs, args.warmup);
      log(`${args.peer} ${item.name} ${stage}: ${entry[stage].median_ms} ms, ${entry[stage].faces} faces`);
    }
    entry.loadavg1_end = round1(os.loadavg()[0]);
    entry.leaked_tensors = faceapi.tf.memory().numTensors - tensorsBefore;
    input.dispose();
    images[item.name] = entry;
  }
  const result = {
    peer: info,
    node: process.version,
    cpu: os.cpus()[0] ? os.cpus()[0].model : null,
    cpuCount: os.cpus().length,
    weights: path.resolve(args.weights),
    weightsLoad_ms: weightsLoadMs,
    runs: args.runs,
    warmup: args.warmup,
    stages: args.stages,
    images,
    wall_ms: Math.round(performance.now() - wall0),
  };
  fs.writeFileSync(args.out, JSON.stringify(result, null, 1));
}

module.exports = { PEERS, setupPeer, imageTensor };

if (require.main === module) {
  main().catch((err) => {
    log(`error: ${err && err.stack ? err.stack : JSON.stringify(err)}`);
    process.exit(1);
  });
}
