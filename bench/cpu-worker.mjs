// CPU harness for the two worklets, outside the audio thread. Run by bench/cpu.mjs as
//   node --expose-gc --max-semi-space-size=64 bench/cpu-worker.mjs
// and prints one JSON object.
//
// worklets/*.ts are bundled with esbuild and evaluated in Node with the AudioWorkletGlobalScope
// members they use stubbed (AudioWorkletProcessor with a message port, registerProcessor,
// sampleRate, currentTime, currentFrame). The processor classes themselves run unmodified.
//
// Time: each process() call is timed with process.hrtime.bigint() (≈ 50 ns of clock overhead
// included); messages (chunk delivery, buffer recycling) happen between calls, untimed.
// Allocation: after warm-up (optimised code) and two full GCs, heapUsed is read before and after
// N process() calls with no messages in between; a GC inside the window would hide allocation,
// so GC events are counted and reported. A canary processor that allocates one small object per
// call is measured the same way, to show the method sees it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { loadDsp } from './load-dsp.mjs';
import { encodeBuffer, decodeMessage, BASELINE_BUFFER, BASELINE_RATE } from './page/baseline.js';

const QUANTUM = 128;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ── AudioWorkletGlobalScope stubs ──
class StubPort {
  constructor() {
    this.onmessage = null;
    this.outbox = new Array(4096).fill(null);
    this.outCount = 0;
    this.posted = 0;
  }
  postMessage(message, transfer) {
    this.posted++;
    if (transfer && transfer.length) this.outbox[this.outCount++ & 4095] = transfer[0];
  }
}
const registry = new Map();
const clock = { frame: 0, rate: 48000 };
globalThis.AudioWorkletProcessor = class {
  constructor() {
    this.port = new StubPort();
  }
};
globalThis.registerProcessor = (name, processor) => registry.set(name, processor);
Object.defineProperty(globalThis, 'sampleRate', { get: () => clock.rate, configurable: true });
Object.defineProperty(globalThis, 'currentTime', { get: () => clock.frame / clock.rate, configurable: true });
Object.defineProperty(globalThis, 'currentFrame', { get: () => clock.frame, configurable: true });

/**
 * Loads the worklets as shipped: the files `vite build` wrote (`--dist <dir>`), or, without
 * one, worklets/*.ts bundled here with esbuild (same tsconfig semantics, unminified).
 */
async function loadWorklets() {
  const distIndex = process.argv.indexOf('--dist');
  if (distIndex > 0) {
    const dir = process.argv[distIndex + 1];
    for (const name of ['capture-processor', 'playback-processor']) await import(pathToFileURL(join(dir, `${name}.js`)).href);
    return `${dir}/*-processor.js (vite build)`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'voice-agent-bench-worklets-'));
  await build({
    entryPoints: ['capture-processor', 'playback-processor'].map((name) => join(ROOT, 'worklets', `${name}.ts`)),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outdir: dir,
    logLevel: 'error',
  });
  await import(pathToFileURL(join(dir, 'capture-processor.js')).href);
  await import(pathToFileURL(join(dir, 'playback-processor.js')).href);
  rmSync(dir, { recursive: true, force: true });
  return 'worklets/*.ts (esbuild bundle)';
}

// ── measurement helpers ──
const gcStarts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Times `calls` invocations of step(i), three times; `between(i)` runs untimed before each.
 * Reports the lowest of the three means (the machine is shared) and the p99 of that round.
 */
function timeCalls(calls, step, between) {
  let best;
  for (let round = 0, i = 0; round < 3; round++) {
    const durations = new Float64Array(calls);
    for (let n = 0; n < calls; n++, i++) {
      between?.(i);
      const start = process.hrtime.bigint();
      step(i);
      durations[n] = Number(process.hrtime.bigint() - start) / 1000;
    }
    durations.sort();
    let sum = 0;
    for (const d of durations) sum += d;
    const result = { meanUs: sum / calls, p99Us: durations[Math.floor(calls * 0.99)], maxUs: durations[calls - 1] };
    if (!best || result.meanUs < best.meanUs) best = result;
  }
  return best;
}

const sourceMaps = new Map();
/** "function file:line", mapped back to the TypeScript source when the file has a source map. */
function describeFrame({ functionName, url, lineNumber, columnNumber }) {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (!sourceMaps.has(path)) {
    const mapFile = `${path}.map`;
    sourceMaps.set(path, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  const entry = sourceMaps.get(path)?.findEntry(lineNumber, columnNumber);
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/^.*?\/(src|worklets)\//, '$1/');
    return `${name} ${source}:${entry.originalLine + 1}`;
  }
  return `${name} ${path.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
}

/** Allocation sites (sampling heap profiler, every ~16 bytes) for `calls` calls of step(i). */
async function allocationSites(calls, step) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < calls; i++) step(i);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const sites = new Map();
  const visit = (node, path) => {
    const here = describeFrame(node.callFrame);
    const stack = [...path, here].slice(-3);
    if (node.selfSize > 0) sites.set(stack.join(' > '), (sites.get(stack.join(' > ')) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child, stack);
  };
  visit(profile.head, []);
  return [...sites]
    .map(([site, bytes]) => ({ site, bytesPerCall: bytes / calls }))
    .filter(({ site, bytesPerCall }) => bytesPerCall >= 1 && !site.includes('node:inspector') && !site.includes('util:'))
    .sort((a, b) => b.bytesPerCall - a.bytesPerCall);
}
const PROFILE = !process.argv.includes('--no-sites');

/** Windows allocationPerCall() measures; it reports the lowest. */
const ALLOCATION_WINDOWS = 5;

/**
 * Heap growth per call of step(i), with the GC count inside the window: `calls` calls split
 * into ALLOCATION_WINDOWS consecutive windows, reporting the lowest (and all of them). Whichever
 * window the JIT finishes (re)compiling in also holds the new code and feedback objects, a
 * one-off of up to hundreds of bytes per call in that window only; a real per-call allocation
 * shows in every window.
 */
async function allocationPerCall(calls, step) {
  const windowCalls = Math.floor(calls / ALLOCATION_WINDOWS);
  const windows = [];
  let i = 0;
  for (let w = 0; w < ALLOCATION_WINDOWS; w++) {
    globalThis.gc();
    globalThis.gc();
    await settle();
    const from = performance.now();
    const before = process.memoryUsage();
    for (const end = i + windowCalls; i < end; i++) step(i);
    const after = process.memoryUsage();
    const to = performance.now();
    await settle();
    // JS heap plus ArrayBuffer backing stores (kept outside the JS heap).
    const grown = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
    windows.push({ bytesPerCall: grown / windowCalls, gcDuring: gcStarts.filter((start) => start >= from && start <= to).length });
  }
  const lowest = windows.reduce((a, b) => (b.bytesPerCall < a.bytesPerCall ? b : a));
  const sites = PROFILE ? await allocationSites(calls, step) : undefined;
  return { ...lowest, windows: windows.map((w) => w.bytesPerCall), calls: windowCalls, sites };
}

function quantaFor(rate, seconds) {
  return Math.round((rate * seconds) / QUANTUM);
}

// ── capture ──
async function captureCase({ rate, targetRate, agentDb, echoCancel = false, echoInMic = true }, speech) {
  clock.rate = rate;
  clock.frame = 0;
  const Capture = registry.get('voice-agent-capture');
  const processor = new Capture({ processorOptions: { targetRate, frameMs: 20, echoGate: true, echoCancel } });
  const port = processor.port;
  // The agent's playback level, as the main thread forwards it (drives the echo gate).
  if (agentDb !== undefined) port.onmessage({ data: { type: 'agent-level', db: agentDb } });
  const signal = speech(rate);
  const blocks = [];
  // Input 1 is the agent as played (the echo canceller's reference); the mic hears it back
  // 100 ms later at half level, so the canceller runs its whole path (delay search, filter).
  const echoDelay = Math.round(rate * 0.1);
  // Without echo in the mic (headphones, or the browser cancelled it), the mic is low noise:
  // no delay is found and the canceller passes the mic through.
  let seed = 1;
  const noise = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.02;
  const mic = echoInMic ? signal.map((sample, i) => sample + (i >= echoDelay ? 0.5 * signal[i - echoDelay] : 0)) : signal.map(noise);
  for (let offset = 0; offset + QUANTUM <= signal.length; offset += QUANTUM) {
    blocks.push([[mic.slice(offset, offset + QUANTUM)], [signal.slice(offset, offset + QUANTUM)]]);
  }
  const recycleEvent = { data: { type: 'recycle', pcm: null } };
  const recycle = () => {
    // Hands posted frames back, as the main thread does (untimed: this runs in onmessage).
    const count = Math.min(port.outCount, 4096);
    for (let i = 0; i < count; i++) {
      recycleEvent.data.pcm = port.outbox[i];
      port.onmessage(recycleEvent);
      port.outbox[i] = null;
    }
    port.outCount = 0;
  };
  const step = (i) => {
    processor.process(blocks[i % blocks.length]);
    clock.frame += QUANTUM;
  };
  // Warm up (JIT), recycling as we go.
  for (let i = 0; i < quantaFor(rate, 20); i++) {
    step(i);
    if (port.outCount >= 40) recycle();
  }
  recycle();
  const timing = timeCalls(quantaFor(rate, 30), step, () => port.outCount >= 40 && recycle());
  recycle();
  // Hand the processor 2000 extra frame buffers first (the same 'recycle' message the main
  // thread sends), so the window needs neither recycling nor the pool-empty fallback.
  const frameBytes = Math.round(targetRate * 0.02) * 2;
  for (let i = 0; i < 2000; i++) port.onmessage({ data: { type: 'recycle', pcm: new ArrayBuffer(frameBytes) } });
  const allocation = await allocationPerCall(Math.floor((900 * rate * 0.02) / QUANTUM), step);
  recycle();
  const canceller = processor.canceller;
  const echo = canceller ? { delayBlocks: canceller.delay.delayBlocks, converged: canceller.converged } : undefined;
  return { worklet: 'capture', rate, otherRate: targetRate, agentSpeaking: agentDb !== undefined, echoCancel, echo, ...timing, ...allocation };
}

// ── playback ──
function pcm16Chunks(signal, chunkSamples) {
  const chunks = [];
  for (let offset = 0; offset + chunkSamples <= signal.length; offset += chunkSamples) {
    const pcm = new Int16Array(chunkSamples);
    for (let i = 0; i < chunkSamples; i++) pcm[i] = Math.round(signal[offset + i] * 32767);
    chunks.push(pcm);
  }
  return chunks;
}

async function playbackCase({ rate, sourceRate }, speech) {
  clock.rate = rate;
  clock.frame = 0;
  const Playback = registry.get('voice-agent-playback');
  const chunkSamples = sourceRate * 0.02;
  const chunks = pcm16Chunks(speech(sourceRate), chunkSamples);
  const outputs = [[new Float32Array(QUANTUM)]];
  const noInputs = [];
  const parameters = {};
  const deliver = (processor, k) => {
    // A transferred buffer arrives as a fresh ArrayBuffer: copy, as structured clone would.
    processor.port.onmessage({ data: { type: 'audio', pcm: chunks[k % chunks.length].slice().buffer } });
  };

  // Real-time cadence: a 20 ms chunk whenever the media clock reaches it.
  const live = new Playback({ processorOptions: { sourceRate } });
  let delivered = 0;
  const due = () => {
    while (delivered * 0.02 <= clock.frame / rate) deliver(live, delivered++);
  };
  const liveStep = () => {
    live.process(noInputs, outputs, parameters);
    clock.frame += QUANTUM;
  };
  for (let i = 0; i < quantaFor(rate, 20); i++) {
    due();
    liveStep();
  }
  const timing = timeCalls(quantaFor(rate, 30), liveStep, due);

  // Allocation: a buffer pre-filled with audio for the warm-up, the windows and the sites pass
  // (5 + 40 + 40 s), drained by process() alone.
  const seconds = 90;
  const full = new Playback({ processorOptions: { sourceRate, maxBufferMs: 100000, maxTargetMs: 300 } });
  for (let k = 0; k < seconds / 0.02; k++) deliver(full, k);
  const fullStep = () => {
    full.process(noInputs, outputs, parameters);
    clock.frame += QUANTUM;
  };
  for (let i = 0; i < quantaFor(rate, 5); i++) fullStep();
  const allocation = await allocationPerCall(quantaFor(rate, 40), fullStep);

  // And while starved (start gate / underrun silence).
  const empty = new Playback({ processorOptions: { sourceRate } });
  const emptyStep = () => {
    empty.process(noInputs, outputs, parameters);
    clock.frame += QUANTUM;
  };
  for (let i = 0; i < quantaFor(rate, 5); i++) emptyStep();
  const starved = await allocationPerCall(quantaFor(rate, 20), emptyStep);

  // And while shedding latency: 30 holes of 0.9 s (audio resuming after each, so each is an
  // underrun, concealed) leave 27 s of excess lag; then 90 s arrive at once. The playout
  // accelerates (removes pitch periods, skips quiet) through the whole window.
  const shedding = new Playback({ processorOptions: { sourceRate, maxBufferMs: 100000, maxTargetMs: 300 } });
  const shedStep = () => {
    shedding.process(noInputs, outputs, parameters);
    clock.frame += QUANTUM;
  };
  for (let hole = 0; hole < 30; hole++) {
    deliver(shedding, hole);
    for (let i = 0; i < quantaFor(rate, 0.9); i++) shedStep();
  }
  for (let k = 0; k < seconds / 0.02; k++) deliver(shedding, k);
  for (let i = 0; i < quantaFor(rate, 5); i++) shedStep();
  const acceleratedBefore = shedding.playout.stats.acceleratedMs;
  const stretching = await allocationPerCall(quantaFor(rate, 40), shedStep);
  stretching.acceleratedMs = shedding.playout.stats.acceleratedMs - acceleratedBefore;
  stretching.concealedMs = shedding.playout.stats.concealedMs;
  return { worklet: 'playback', rate, otherRate: sourceRate, ...timing, ...allocation, starved, stretching };
}

// ── canary and the JS codec work per second of audio ──
/** The method's floor: a step that allocates nothing. */
async function noiseFloor() {
  const step = () => {
    clock.frame += QUANTUM;
  };
  for (let i = 0; i < 100000; i++) step(i);
  return allocationPerCall(20000, step);
}

async function canary() {
  const sink = { last: null };
  const step = (i) => {
    sink.last = { i };
  };
  for (let i = 0; i < 100000; i++) step(i);
  return allocationPerCall(20000, step);
}

async function codecPerSecond(speech) {
  const { encodeBase64, decodeBase64 } = await loadDsp();
  // Ours, main thread: the Lyzr adapter's work per 20 ms frame (src/providers/lyzr.ts), mirrored.
  const frame = new Int16Array(480);
  const frames = pcm16Chunks(speech(24000), 480);
  const oursEncode = (k) => {
    frame.set(frames[k % frames.length]);
    return JSON.stringify({ type: 'audio', audio: encodeBase64(new Uint8Array(frame.buffer)), sampleRate: 24000 });
  };
  const incoming = frames.slice(0, 200).map((pcm) => JSON.stringify({ type: 'audio', audio: Buffer.from(pcm.buffer).toString('base64') }));
  const oursDecode = (k) => {
    const message = JSON.parse(incoming[k % incoming.length]);
    const bytes = decodeBase64(message.audio);
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  };
  // Baseline, main thread: one ScriptProcessor callback (4096 samples), one 20 ms chunk decoded.
  const signal = speech(BASELINE_RATE);
  const buffers = [];
  for (let offset = 0; offset + BASELINE_BUFFER <= signal.length; offset += BASELINE_BUFFER) buffers.push(signal.slice(offset, offset + BASELINE_BUFFER));
  const baseEncode = (k) => encodeBuffer(buffers[k % buffers.length]);
  const baseDecode = (k) => decodeMessage(incoming[k % incoming.length]);
  const perSecond = (fn, callsPerSecond, calls) => {
    for (let i = 0; i < calls; i++) fn(i);
    return timeCalls(calls, fn).meanUs * callsPerSecond;
  };
  const heapPerSecond = async (fn, callsPerSecond, calls) => (await allocationPerCall(calls, fn)).bytesPerCall * callsPerSecond;
  return {
    oursEncodeUsPerSecond: perSecond(oursEncode, 50, 3000),
    oursDecodeUsPerSecond: perSecond(oursDecode, 50, 3000),
    baseEncodeUsPerSecond: perSecond(baseEncode, BASELINE_RATE / BASELINE_BUFFER, 300),
    baseDecodeUsPerSecond: perSecond(baseDecode, 50, 3000),
    oursEncodeBytesPerSecond: await heapPerSecond(oursEncode, 50, 200),
    oursDecodeBytesPerSecond: await heapPerSecond(oursDecode, 50, 200),
    baseEncodeBytesPerSecond: await heapPerSecond(baseEncode, BASELINE_RATE / BASELINE_BUFFER, 24),
    baseDecodeBytesPerSecond: await heapPerSecond(baseDecode, 50, 200),
  };
}

const source = await loadWorklets();
const { makeSpeechLike } = await loadDsp();
const speechCache = new Map();
const speech = (rate) => {
  if (!speechCache.has(rate)) speechCache.set(rate, makeSpeechLike(rate, 10, 11));
  return speechCache.get(rate);
};
const result = {
  node: process.version,
  source,
  floor: await noiseFloor(),
  canary: await canary(),
  capture: [],
  playback: [],
};
for (const config of [
  { rate: 48000, targetRate: 24000 },
  { rate: 44100, targetRate: 24000 },
  { rate: 48000, targetRate: 24000, agentDb: -20 },
  { rate: 48000, targetRate: 48000 },
  // With the echo canceller (the default): a delay found and the filter adapting (the mic is
  // the agent plus its echo 100 ms late), and with no echo in the mic (pass-through).
  { rate: 48000, targetRate: 24000, agentDb: -20, echoCancel: true },
  { rate: 44100, targetRate: 24000, agentDb: -20, echoCancel: true },
  { rate: 48000, targetRate: 24000, agentDb: -20, echoCancel: true, echoInMic: false },
]) {
  result.capture.push(await captureCase(config, speech));
}
for (const config of [
  { rate: 48000, sourceRate: 24000 },
  { rate: 44100, sourceRate: 24000 },
  { rate: 48000, sourceRate: 16000 },
]) {
  result.playback.push(await playbackCase(config, speech));
}
result.codec = await codecPerSecond(speech);
console.log(JSON.stringify(result));
