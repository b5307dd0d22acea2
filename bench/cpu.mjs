// Worklet CPU and allocation (bench/cpu-worker.mjs, in a child Node process with GC flags),
// and the JS cost per second of audio next to the baseline's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./cpu-worker.mjs', import.meta.url));
const QUANTUM = 128;

/** Runs the harness on the worklets in `distDir` (a vite build), or on worklets/*.ts without one. */
export function runCpuWorker(distDir) {
  const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', '--no-concurrent-recompilation'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, WORKER, ...(distDir ? ['--dist', distDir] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data) => (out += data));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`cpu-worker exited with ${code}`))));
  });
}

const k = (rate) => `${rate / 1000}k`;
const us = (value) => `${value.toFixed(1)} µs`;
const bytes = (value) => `${Math.max(0, value).toFixed(0)} B`;
/** The lowest window, then every window (a per-call allocation shows in all of them). */
const windowed = (allocation) =>
  allocation.windows ? `${bytes(allocation.bytesPerCall)} [${allocation.windows.map((w) => Math.max(0, w).toFixed(0)).join('/')}]` : bytes(allocation.bytesPerCall);
/**
 * The largest allocation sites (sampling heap profiler), named by their innermost function;
 * allocations in code inlined into the harness's call appear as "inlined".
 */
function topSites(sites = []) {
  const label = (frame) => {
    if (/cpu-worker\.mjs/.test(frame)) return /^get /.test(frame) ? 'currentTime getter' : 'inlined into process()';
    return frame.replace(/^\S+ (?=(src|worklets)\/)/, '').replace(/ \S*:\d+:\d+$/, '');
  };
  return sites
    .slice(0, 2)
    .map(({ site, bytesPerCall }) => {
      const frames = site.split(' > ');
      const last = frames.at(-1);
      // A builtin (no source position) is named with its caller.
      const caller = label(frames.at(-2) ?? '');
      const name = / \S+:\d+/.test(last) ? label(last) : `${last} (${caller.startsWith('inlined') ? caller : `in ${caller}`})`;
      return `${name} ${bytesPerCall.toFixed(0)} B`;
    })
    .join(', ');
}

export function cpuSections(result) {
  const rows = [];
  for (const c of result.capture) {
    const budgetUs = (QUANTUM / c.rate) * 1e6;
    rows.push([
      `capture ${k(c.rate)} → ${k(c.otherRate)}${c.agentSpeaking ? ', agent speaking' : ''}${c.echoCancel ? `, canceller (${c.echo.delayBlocks >= 0 ? `delay ${c.echo.delayBlocks} blocks${c.echo.converged ? ', converged' : ''}` : 'no echo: no delay found'})` : ', canceller off'}`,
      us(c.meanUs),
      us(c.p99Us),
      `${((c.meanUs / budgetUs) * 100).toFixed(2)} %`,
      windowed(c),
      topSites(c.sites),
    ]);
  }
  for (const c of result.playback) {
    const budgetUs = (QUANTUM / c.rate) * 1e6;
    rows.push([
      `playback ${k(c.otherRate)} → ${k(c.rate)}`,
      us(c.meanUs),
      us(c.p99Us),
      `${((c.meanUs / budgetUs) * 100).toFixed(2)} %`,
      `${windowed(c)} (starved ${windowed(c.starved)}; stretching ${c.stretching ? windowed(c.stretching) : 'n/a'})`,
      topSites(c.sites),
    ]);
  }
  const gcNote = [...result.capture, ...result.playback].some((c) => c.gcDuring > 0)
    ? 'WARNING: a GC ran inside an allocation window; that figure under-reads'
    : 'no GC ran inside any allocation window';
  const worklets = {
    title: `Worklet process() per render quantum (Node ${result.node} harness, one core, ${
      result.source.includes('vite build') ? 'the shipped *-processor.js of the vite build' : result.source
    })`,
    columns: ['worklet', 'mean', 'p99', 'of quantum', 'allocated / call', 'largest allocation sites (per call)'],
    rows,
    notes: [
      'mean: lowest of three 30 s runs (shared machine); p99 of that run; budget = 128 samples ÷ context rate (2.67 ms at 48 kHz)',
      `allocated / call: JS heap + ArrayBuffer growth, the lowest of 5 consecutive windows of ≥ 1 200 warm calls, each window in [brackets] (the JIT's own code and feedback objects, and other one-off heap growth, land in one window; a per-call allocation shows in every window), no messages in the window; method floor ${result.floor.bytesPerCall.toFixed(1)} B, canary (one object per call) ${result.canary.bytesPerCall.toFixed(0)} B; ${gcNote}`,
      'starved: playback with an empty buffer (start gate / silence); stretching: the playout accelerating through the whole window (removing pitch periods, skipping quiet) to shed 27 s of latency left by 30 concealed holes; agent speaking: the agent level is above the echo gate threshold (canceller off: the gate attenuates the mic); canceller: the product default, with the mic hearing the agent 100 ms late at half level, or a mic with no echo in it (low noise: the canceller passes it through)',
      'sites: sampling heap profiler (every 16 B) over the same calls; "currentTime getter": reading the global currentTime returns a fresh heap number (the browser\'s native getter does too)',
    ],
  };

  const codec = result.codec;
  // The product's default capture path: the canceller on, here with echo to cancel.
  const capture = result.capture.find((c) => c.rate === 48000 && c.otherRate === 24000 && c.echoCancel && c.echo.delayBlocks >= 0);
  const playback = result.playback.find((c) => c.rate === 48000 && c.otherRate === 24000);
  const quantaPerSecond = 48000 / QUANTUM;
  const row = (label, audioUs, mainUs, baseUs, ourBytes, baseBytes) => [
    label,
    us(audioUs),
    us(mainUs),
    us(baseUs),
    `${((audioUs + mainUs) / baseUs).toFixed(2)}×`,
    `${(ourBytes / 1024).toFixed(0)} KB`,
    `${(baseBytes / 1024).toFixed(0)} KB`,
  ];
  const perSecond = {
    title: 'JS CPU per second of audio, ours vs the baseline (Lyzr: 24 kHz PCM16 as base64 JSON; 48 kHz device)',
    columns: ['direction', 'ours audio thread', 'ours main thread', 'baseline main thread', 'ratio', 'ours alloc/s', 'baseline alloc/s'],
    rows: [
      row(
        'mic → socket',
        capture.meanUs * quantaPerSecond,
        codec.oursEncodeUsPerSecond,
        codec.baseEncodeUsPerSecond,
        capture.bytesPerCall * quantaPerSecond + codec.oursEncodeBytesPerSecond,
        codec.baseEncodeBytesPerSecond,
      ),
      row(
        'socket → speaker',
        playback.meanUs * quantaPerSecond,
        codec.oursDecodeUsPerSecond,
        codec.baseDecodeUsPerSecond,
        playback.bytesPerCall * quantaPerSecond + codec.oursDecodeBytesPerSecond,
        codec.baseDecodeBytesPerSecond,
      ),
    ],
    notes: [
      'ours: worklet process() (resampling, framing, PCM16, level) + the Lyzr adapter\'s base64/JSON on the main thread, 20 ms frames and chunks',
      'baseline: the ScriptProcessor callback (4096 samples: clamp, DataView PCM16, string-concat base64, JSON) and per-chunk decode; its resampling is native browser code and is not counted',
      'base64: btoa/atob, the same path the element takes in the browser',
    ],
  };
  return [worklets, perSecond];
}
