// Bench page driver: `?mode=ours` runs the built <voice-agent> (dist/voice-agent.iife.js and its
// worklets, unmodified); `?mode=baseline` runs bench/page/baseline.js. Both call the same mock
// Lyzr server. bench/browser.mjs calls benchStart(warmupMs), waits, then benchFinish().
import { loadScriptTagBuild } from './script-tag-build.js';
const query = new URLSearchParams(location.search);
const mode = query.get('mode');
const serverUrl = query.get('server');
const bench = window.bench;
let stop = async () => {};
let element;
/** A call step that has not finished by then never will: fail naming it, not hang the engine's run. */
const STEP_TIMEOUT_MS = 20000;
const states = [];

function withinTime(promise, step) {
  let timeout;
  const late = new Promise((resolve, reject) => {
    timeout = setTimeout(() => reject(new Error(`${mode}: ${step} did not finish within ${STEP_TIMEOUT_MS / 1000} s (states: ${states.join(' → ') || 'none'})`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timeout));
}

/** Starts a call (ours: the element; baseline: bench/page/baseline.js); sets `stop`. */
async function startCall() {
  if (mode === 'baseline') {
    const { startBaseline } = await import('./baseline.js');
    const stopBaseline = await withinTime(startBaseline({ serverUrl, agentId: 'bench' }), 'the call start');
    stop = () => withinTime(stopBaseline(), 'the call end');
    return;
  }
  if (!element) {
    await loadScriptTagBuild();
    element = document.createElement('voice-agent');
    element.setAttribute('provider', 'lyzr');
    element.setAttribute('agent-id', 'bench');
    element.setAttribute('server-url', serverUrl);
    element.setAttribute('frame-ms', '20');
    element.addEventListener('voice-agent-error', (event) => bench.errors.push(event.detail.message));
    element.addEventListener('voice-agent-interrupted', () => bench.interruptions++);
    element.addEventListener('voice-agent-state', (event) => states.push(event.detail.state));
    document.body.append(element);
  }
  states.length = 0;
  await withinTime(element.start(), 'the call start');
  const timer = setInterval(() => {
    const stats = element.stats;
    if (stats?.playback) bench.stats.push({ ...stats.playback, t: performance.now() });
  }, 100);
  stop = async () => {
    clearInterval(timer);
    bench.finalStats = JSON.parse(JSON.stringify(element.stats ?? null));
    bench.state = element.state;
    await withinTime(element.stop(), 'the call end');
  };
}

/**
 * A short warm-up call first (code loaded and compiled, browser processes busy starting up),
 * then everything measured so far is dropped and the measured call starts.
 */
window.benchStart = async (warmupMs = 0) => {
  if (warmupMs > 0) {
    await startCall();
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    await stop();
    bench.reset();
  }
  bench.startedAt = performance.now();
  bench.startedWall = Date.now();
  await startCall();
};

window.benchFinish = async () => {
  await stop();
  const { context, onsetDetector, base64ToInt16, noteChunk, watchContext, tap, reset, ...data } = bench;
  return JSON.parse(JSON.stringify(data));
};
