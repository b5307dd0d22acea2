// Latency and jitter in a browser (headless Chromium by default; Firefox and WebKitGTK through
// bench/engines): the built <voice-agent> and the baseline
// (bench/page/baseline.js) side by side, each in its own browser context, both talking to the
// same strict mock Lyzr agent, both hearing the same fake microphone (a generated WAV).
//
// Per scenario (agent chunk delay fault), one run of RUN_SECONDS for both at once. What is
// measured, and how, is described in bench/README.md.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../test/fixtures/chromium.mjs';
import { launchEngine } from './engines/index.mjs';
import { sineWav } from '../test/fixtures/make-wav.mjs';

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const MOCK_AGENT = fileURLToPath(new URL('./mock-agent.mjs', import.meta.url));
export const CHROMIUM = chromiumPath;

/** Agent chunks of 20 ms (the mock's chunk-length cycle, set in bench/mock-agent.mjs). */
export const AGENT_CHUNK_MS = 20;
/** Agent reply length; a reply ends well before the next mic "utterance" (that would barge in). */
const MELODY_MS = 3600;
/** Each page first makes a WARMUP_CALL_SECONDS call that is thrown away, then a RUN_SECONDS one. */
export const RUN_SECONDS = 20;
const WARMUP_CALL_SECONDS = 3;
/** The first seconds of the measured call that are not analysed (0: all of it counts). */
export const WARMUP_SECONDS = 0;

/** Above these, the machine's own delivery jitter dominates the "no jitter" run. */
const BUSY_LATENESS_MS = 30;
const BUSY_LAG_MS = 25;

export const SCENARIOS = [
  { name: 'no jitter', faults: {} },
  { name: 'jitter 0–40 ms', faults: { jitterMs: 40 } },
  { name: 'jitter 0–80 ms', faults: { jitterMs: 80 } },
  { name: '300 ms stall', faults: { stallAtMs: 1500, stallMs: 300 } },
];

// ── fake microphone ──
/**
 * One 6.6 s cycle, looped by Chromium: 0.8 s silence, 1 s of 60 ms tone bursts every 117 ms (9
 * onsets at varied positions within 20 ms frames), 4.8 s silence. The mock ends the user turn
 * 0.6 s into the silence and replies with a MELODY_MS melody, which ends before the next bursts.
 */
export const MIC = { rate: 48000, cycle: 6.6, burstsAt: 0.8, burstsFor: 1, tone: 0.06, gap: 0.057, frequency: 440, amplitude: 0.5 };

function writeMicWav(path) {
  // make-wav.mjs writes the header and the bursts; they are placed into a silent cycle here.
  const wav = sineWav({ sampleRate: MIC.rate, seconds: MIC.cycle, amplitude: 0 });
  const bursts = sineWav({
    sampleRate: MIC.rate,
    seconds: MIC.burstsFor,
    frequency: MIC.frequency,
    amplitude: MIC.amplitude,
    toneSeconds: MIC.tone,
    pauseSeconds: MIC.gap,
  });
  bursts.copy(wav, 44 + Math.round(MIC.burstsAt * MIC.rate) * 2, 44);
  writeFileSync(path, wav);
  return path;
}

// ── static server: the bench page and the built library ──
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };

/** Answers a request with a file of bench/page/ or, under /dist/, of the built library. */
export function serveBenchFile(distDir, req, res) {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/favicon.ico') return void res.writeHead(204).end();
  const [root, rest] = path.startsWith('/dist/') ? [distDir, path.slice(6)] : [PAGE_DIR, path.slice(1) || 'index.html'];
  const file = normalize(join(root, rest));
  if (!file.startsWith(normalize(root)) || !existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(readFileSync(file));
}

function startStaticServer(distDir) {
  const server = createServer((req, res) => serveBenchFile(distDir, req, res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts bench/mock-agent.mjs; resolves { url, lag(), close() }. */
function startMockAgent() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MOCK_AGENT, String(AGENT_CHUNK_MS), String(MELODY_MS)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('message', ({ url }) => {
      const exited = new Promise((done) => child.once('exit', done));
      resolve({
        url,
        lag: () =>
          new Promise((done) => {
            child.once('message', (message) => done(message.lag));
            child.send('lag');
          }),
        close: () => (child.kill('SIGTERM'), exited),
      });
    });
  });
}

async function setFaults(mockUrl, faults) {
  const response = await fetch(`${mockUrl}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`POST /__faults answered ${response.status}`);
}

async function runPage(engine, url) {
  const page = await engine.openPage(url);
  return {
    start: () => page.call('benchStart', WARMUP_CALL_SECONDS * 1000),
    finish: async () => {
      const data = await page.call('benchFinish');
      await page.close();
      data.errors.push(...page.errors);
      return data;
    },
  };
}

/**
 * Runs every scenario in one engine (bench/engines: chromium, the default, firefox or webkit);
 * returns raw page data per scenario and mode.
 */
export async function runBrowser({ distDir, seconds = RUN_SECONDS, scenarios = SCENARIOS, engine: engineName = 'chromium', log = () => {} }) {
  const work = mkdtempSync(join(tmpdir(), 'voice-agent-bench-browser-'));
  const wav = writeMicWav(join(work, 'bench-mic.wav'));
  const mock = await startMockAgent();
  const server = await startStaticServer(distDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  let engine;
  try {
    engine = await launchEngine(engineName, { wav });
    const clockOff = engine.outputClockOff ? '&outputClock=off' : '';
    const runs = [];
    for (const scenario of scenarios) {
      log(`  browser (${engineName}): ${scenario.name} (${seconds} s)…`);
      await setFaults(mock.url, scenario.faults);
      await mock.lag(); // resets the lag histogram
      const query = `server=${encodeURIComponent(mock.url)}`;
      const pages = await Promise.all(['ours', 'baseline'].map((mode) => runPage(engine, `${base}/index.html?mode=${mode}&${query}${clockOff}`)));
      await Promise.all(pages.map((page) => page.start()));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const senderLag = await mock.lag();
      const [ours, baseline] = await Promise.all(pages.map((page) => page.finish()));
      runs.push({ scenario, ours, baseline, senderLag });
    }
    return { engine: engineName, version: engine.version, outputClockOff: engine.outputClockOff, runs, seconds };
  } finally {
    await engine?.close();
    server.close();
    await mock.close();
    rmSync(work, { recursive: true, force: true });
  }
}

// ── analysis ──
const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
function quantile(values, q) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
function median(values) {
  return quantile(values, 0.5);
}

/**
 * Mouth-to-wire per microphone onset: wall clock of the socket send that carried it minus the
 * wall clock of the render call in which it entered the graph. Tap and wire onsets are paired by
 * the alignment of their positions in the two sample streams (the pairing that keeps the offset
 * between stream positions constant), not by time, so a long delay cannot be mispaired.
 */
export function mouthToWire(data, fromWall = -Infinity) {
  const taps = data.inOnsets.map((o) => ({ at: o.frame / o.rate, wall: o.wall }));
  const wires = data.wireOnsets.map((o) => ({ at: o.stream / data.sendRate, wall: o.wall }));
  let best = { pairs: [] };
  for (let shift = -wires.length + 1; shift < taps.length; shift++) {
    const pairs = [];
    for (let i = 0; i < wires.length; i++) {
      const tap = taps[i + shift];
      if (tap) pairs.push({ offset: wires[i].at - tap.at, delay: wires[i].wall - tap.wall, from: tap.wall });
    }
    if (pairs.length < 3) continue;
    const center = median(pairs.map((p) => p.offset));
    // Within a quarter of the burst spacing: tolerates audio the browser drops or inserts
    // between the two points (seen with ScriptProcessor), never a pairing one burst off.
    const tolerance = (MIC.tone + MIC.gap) / 4;
    const consistent = pairs.filter((p) => Math.abs(p.offset - center) < tolerance && p.delay >= 0 && p.delay < 2000);
    if (consistent.length > best.pairs.length) best = { pairs: consistent, unpaired: wires.length - consistent.length };
  }
  const kept = best.pairs.filter((p) => p.from >= fromWall);
  return { delays: kept.map((p) => p.delay), unpaired: best.unpaired ?? wires.length };
}

/** Context time → performance time, interpolated from the nearest [contextTime, performanceTime] pair. */
function clockMap(pairs) {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  return (contextTime) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid][0] < contextTime) lo = mid + 1;
      else hi = mid;
    }
    const candidates = [sorted[lo], sorted[lo - 1]].filter(Boolean);
    const [c, p] = candidates.sort((a, b) => Math.abs(a[0] - contextTime) - Math.abs(b[0] - contextTime))[0];
    return p + (contextTime - c) * 1000;
  };
}

/** Why wire-to-ear has no figure where bench/engines told the page not to read the output clock. */
const NOT_READ = 'outputLatency and getOutputTimestamp() are not read in this engine (reading them during a call hangs it)';

/**
 * When a context time is audible, from getOutputTimestamp(), or why that cannot be known in this
 * engine. The stamps are checked first: performanceTime must run on the performance.now() clock
 * (WebKitGTK's does not), and if the stamp puts the sample at currentTime out at the very moment
 * it is rendered although the engine reports an output latency (Firefox: contextTime and
 * performanceTime are both currentTime/now minus outputLatency), the reported baseLatency +
 * outputLatency are added — the same device figure Chromium's stamp includes.
 * Returns { audible(contextTime), addedMs, note } or { reason }.
 */
export function outputClock(data) {
  if (data.features?.outputClockRead === false) return { reason: NOT_READ };
  if (data.features && !data.features.getOutputTimestamp) return { reason: 'no AudioContext.getOutputTimestamp()' };
  const stamps = data.stamps.filter((s) => s[0] > 0 && s[1] !== null);
  if (stamps.length < 5) return { reason: 'getOutputTimestamp() gave no usable timestamps' };
  const [first, last] = [stamps[0], stamps.at(-1)];
  const rate = (last[1] - first[1]) / (last[2] - first[2]);
  if (!(Math.abs(rate - 1) < 0.05)) {
    return { reason: `getOutputTimestamp().performanceTime is not on the performance.now() clock (it advances ${rate.toFixed(2)}× as fast)` };
  }
  const audible = clockMap(stamps);
  const withCurrentTime = stamps.filter((s) => s[3] > 0);
  // How long after it is rendered the stamp says the sample at currentTime is heard.
  const implied = median(withCurrentTime.map((s) => audible(s[3]) - s[2]));
  const reported = data.latencies && Number.isFinite(data.latencies.output) ? ((data.latencies.base ?? 0) + data.latencies.output) * 1000 : NaN;
  if (Math.abs(implied) < 1 && reported > 1) {
    return {
      audible: (t) => audible(t) + reported,
      addedMs: reported,
      note: `getOutputTimestamp() maps currentTime to now (no output delay in it); the reported baseLatency + outputLatency (${reported.toFixed(1)} ms) are added`,
    };
  }
  return { audible, addedMs: 0 };
}

/**
 * Context time → performance time at which the graph renders it (no device latency): the lower
 * envelope of performance.now() − currentTime, since currentTime is read up to one audio callback
 * after it was reached. Measurable wherever currentTime runs.
 */
export function renderClock(data) {
  const pairs = data.stamps.filter((s) => s[3] > 0).map((s) => [s[3], s[2]]);
  if (pairs.length < 5) return null;
  const WINDOW = 2; // seconds of context time on either side
  return (contextTime) => {
    let best = Infinity;
    for (const [c, p] of pairs) if (Math.abs(c - contextTime) <= WINDOW) best = Math.min(best, p - c * 1000);
    return Number.isFinite(best) ? contextTime * 1000 + best : NaN;
  };
}

/** Agent chunks grouped into replies: a chunk with startsReply opens one. */
export function repliesOf(chunks) {
  const replies = [];
  for (const chunk of chunks) {
    if (chunk.startsReply || !replies.length) replies.push([]);
    replies.at(-1).push(chunk);
  }
  return replies;
}

/** Jitter-free arrival of a reply's chunk k = this (its earliest arrival − media offset) + k's media offset. */
export function jitterFreeAnchor(reply) {
  return Math.min(...reply.map((chunk) => chunk.arrival - chunk.mediaMs));
}

/**
 * Per agent chunk: arrival → audible, and playout delay against the jitter-free schedule.
 * Only replies whose first chunk arrived at or after `from` (performance time) count.
 */
export function playout(data, from = -Infinity) {
  const clock = outputClock(data);
  const audible = clock.audible ?? (() => undefined);
  const rendered = renderClock(data);
  const chunks = data.chunks.map((chunk, index) => ({
    ...chunk,
    audible: data.plays[index] === undefined ? undefined : audible(data.plays[index]),
    rendered: data.plays[index] === undefined || !rendered ? undefined : rendered(data.plays[index]),
  }));
  const counted = repliesOf(chunks).filter((group) => group[0].arrival >= from);
  const wireToEar = [];
  const wireToRender = [];
  const delay = [];
  const lateness = [];
  const replyStarts = [];
  for (const group of counted) {
    const anchor = jitterFreeAnchor(group);
    for (const chunk of group) {
      lateness.push(chunk.arrival - (anchor + chunk.mediaMs));
      if (Number.isFinite(chunk.rendered)) wireToRender.push(chunk.rendered - chunk.arrival);
      if (chunk.audible === undefined) continue;
      wireToEar.push(chunk.audible - chunk.arrival);
      delay.push(chunk.audible - (anchor + chunk.mediaMs));
    }
    if (group[0].audible !== undefined) replyStarts.push(group[0]);
  }
  // Cross-check at reply starts: the onset heard by the output tap vs the chunk's own onset.
  const outputs = clock.audible ? data.outOnsets.map((o) => audible(o.time)) : [];
  const onsetChecks = [];
  for (const chunk of replyStarts) {
    if (chunk.onset < 0) continue;
    const heard = outputs.find((t) => t > chunk.arrival && t < chunk.arrival + 2000);
    if (heard === undefined) continue;
    const viaOnset = heard - chunk.arrival - (chunk.onset / chunk.rate) * 1000;
    onsetChecks.push({ viaOnset, viaProbe: chunk.audible - chunk.arrival });
  }
  const countedChunks = counted.flat();
  const receivedMs = countedChunks.reduce((sum, c) => sum + (c.samples / c.rate) * 1000, 0);
  const lateChunks = countedChunks.filter((c) => c.underrun).length;
  return {
    wireToEar,
    wireToRender,
    outputClock: { reason: clock.reason, note: clock.note, addedMs: clock.addedMs },
    delay,
    lateness,
    replyStartWireToEar: replyStarts.map((c) => c.audible - c.arrival),
    onsetChecks,
    receivedMs,
    lateChunks,
    replies: counted.length,
  };
}

export function analyseRun(data, mode) {
  const from = data.startedAt + WARMUP_SECONDS * 1000;
  const m2w = mouthToWire(data, data.startedWall + WARMUP_SECONDS * 1000);
  const play = playout(data, from);
  const stats = data.stats.filter((s) => s.t >= from);
  const playing = stats.filter((s) => s.playing);
  let underruns;
  let audioMs;
  if (mode === 'ours') {
    // Worklet counters, differenced over the analysed part of the run.
    const before = data.stats.filter((s) => s.t < from).at(-1) ?? { underruns: 0, playedMs: 0, droppedMs: 0 };
    const last = stats.at(-1) ?? before;
    underruns = last.underruns - before.underruns;
    audioMs = last.playedMs - before.playedMs;
    play.skippedMs = last.droppedMs - before.droppedMs;
  } else {
    underruns = play.lateChunks;
    audioMs = play.receivedMs;
    play.skippedMs = 0;
  }
  const mouthToWireReason = !data.inOnsets.length
    ? 'the probe worklet on the microphone saw no onsets'
    : !data.wireOnsets.length
      ? 'no onsets in the audio sent'
      : !m2w.delays.length
        ? 'microphone and wire onsets could not be paired'
        : undefined;
  return {
    mouthToWire: m2w.delays,
    mouthToWireReason,
    features: data.features,
    unpairedOnsets: m2w.unpaired,
    ...play,
    underruns,
    underrunsPerMinute: underruns / (audioMs / 60000),
    audioSeconds: audioMs / 1000,
    meanDepthMs: mean(playing.map((s) => s.depthMs)),
    meanTargetMs: mean(playing.map((s) => s.targetMs)),
    meanJitterMs: mean(playing.map((s) => s.jitterMs)),
    latencies: data.latencies,
    contextRate: data.contextRate,
    flushedChunks: data.flushedChunks,
    interruptions: data.interruptions,
    state: data.state,
    errors: data.errors,
  };
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—');
const ratio = (ours, base) => (Number.isFinite(ours) && Number.isFinite(base) && base !== 0 ? `${(ours / base).toFixed(2)}×` : '—');

export function browserSections(result) {
  const runs = result.runs.map(({ scenario, ours, baseline }) => ({
    scenario,
    ours: analyseRun(ours, 'ours'),
    baseline: analyseRun(baseline, 'baseline'),
  }));
  const calm = runs.find((run) => run.scenario.name === 'no jitter') ?? runs[0];
  const pooled = (mode) => runs.flatMap((run) => run[mode].mouthToWire);
  const row = (label, ours, base, goal = '') => [label, ms(ours), ms(base), ratio(ours, base), goal];
  const { ours, baseline } = calm;
  const device = (r) => (Number.isFinite(r.latencies?.output) ? ((r.latencies.base ?? 0) + r.latencies.output) * 1000 : NaN);
  const checks = ours.onsetChecks.concat(baseline.onsetChecks);
  const checkDiff = mean(checks.map((c) => c.viaOnset - c.viaProbe));

  const latency = {
    title: `Client latency, ${result.engine === 'webkit' ? 'MiniBrowser under Xvfb, ' : 'headless '}${result.version} (fake mic + mock Lyzr agent, 20 ms mic frames, ${AGENT_CHUNK_MS} ms agent chunks)`,
    columns: ['measure', 'ours', 'baseline', 'ours/baseline', 'goal'],
    rows: [
      row('mouth-to-wire, mean', mean(pooled('ours')), mean(pooled('baseline')), '≤ 25 ms'),
      row('mouth-to-wire, p95', quantile(pooled('ours'), 0.95), quantile(pooled('baseline'), 0.95)),
      row('mouth-to-wire, max', Math.max(...pooled('ours')), Math.max(...pooled('baseline'))),
      row('wire-to-ear, mean (no jitter)', mean(ours.wireToEar), mean(baseline.wireToEar), '≤ 55 ms'),
      row('wire-to-ear, p95 (no jitter)', quantile(ours.wireToEar, 0.95), quantile(baseline.wireToEar, 0.95)),
      row('wire-to-ear, first chunk of a reply', mean(ours.replyStartWireToEar), mean(baseline.replyStartWireToEar)),
      row('  of which buffered audio (mean depth)', ours.meanDepthMs, baseline.meanDepthMs),
      row('  of which baseLatency + outputLatency', device(ours), device(baseline)),
    ],
    notes: [
      `mouth-to-wire: ${pooled('ours').length} / ${pooled('baseline').length} mic onsets (ours / baseline), pooled over all ${runs.length} runs (agent jitter does not touch the mic path)`,
      `wire-to-ear: ${ours.wireToEar.length} / ${baseline.wireToEar.length} agent chunks in the no-jitter run; context rate ${ours.contextRate} Hz (ours) / ${baseline.contextRate} Hz (baseline); base + output latency as the browser reports them`,
      `reply-start check: the output tap's onset agrees with the per-chunk probe within ${ms(checkDiff)} on average over ${checks.length} replies`,
      'baseline: AudioContext at 24 kHz, ScriptProcessor(4096), each chunk an AudioBufferSource at max(end of previous, now)',
    ],
  };

  const jitter = {
    title: `Agent chunk jitter (one ${result.seconds} s call per scenario after a ${WARMUP_CALL_SECONDS} s warm-up call; ours and baseline at once; uniform random delay per chunk, order kept)`,
    columns: ['scenario', 'lateness p97', 'underruns/min ours', 'baseline', 'playout delay ours', 'baseline', 'ours/baseline', 'depth ours', 'target / jitter est.', 'agent audio'],
    rows: runs.map(({ scenario, ours: o, baseline: b }) => [
      scenario.name,
      ms(quantile(o.lateness, 0.97)),
      `${o.underrunsPerMinute.toFixed(1)} (${o.underruns})`,
      `${b.underrunsPerMinute.toFixed(1)} (${b.underruns})`,
      ms(mean(o.delay)),
      ms(mean(b.delay)),
      ratio(mean(o.delay), mean(b.delay)),
      ms(o.meanDepthMs),
      `${Math.round(o.meanTargetMs)} / ${Math.round(o.meanJitterMs)} ms`,
      `${o.audioSeconds.toFixed(1)} s`,
    ]),
    notes: [
      'goal: 0 underruns at 0–40 ms jitter with ≤ 120 ms playout delay',
      'lateness p97: how late agent chunks reached our page vs the jitter-free schedule (configured jitter + this machine\'s own), 97th percentile',
      'underruns/min (count): ours = the playback worklet\'s count (stats.playback.underruns) per minute of agent audio played; baseline = chunks that arrived after the previous one had finished, mid-reply',
      'playout delay: when a chunk is audible minus when it would have arrived with zero jitter (earliest arrival − media offset in its reply), incl. base + output latency',
      'depth: stats.playback.depthMs while playing (ours); baseline: audio scheduled ahead of currentTime',
      'target / jitter est.: stats.playback.targetMs and jitterMs (the worklet\'s own lateness quantile) while playing, means',
      '300 ms stall (mock faults stallAtMs/stallMs): the agent pauses 300 ms after 1.5 s of every reply, and the rest of the reply follows 300 ms late (no burst); one underrun per stall is unavoidable below 300 ms of buffering',
    ],
  };
  for (const mode of ['ours', 'baseline']) {
    const clock = calm[mode].outputClock;
    if (clock.reason) latency.notes.unshift(`wire-to-ear (${mode}) not measurable in this engine: ${clock.reason}`);
    else if (clock.note) latency.notes.push(`wire-to-ear (${mode}): ${clock.note}`);
  }
  const problems = runs.flatMap(({ scenario, ours: o, baseline: b }) =>
    [...o.errors.map((e) => `ours/${scenario.name}: ${e}`), ...b.errors.map((e) => `baseline/${scenario.name}: ${e}`)],
  );
  if (problems.length) jitter.notes.push(`page errors: ${problems.slice(0, 5).join(' | ')}`);
  const interrupted = runs.filter((run) => run.ours.interruptions > 0);
  if (interrupted.length) {
    jitter.notes.push(`barge-ins (agent audio flushed because the mic overlapped it): ${interrupted.map((run) => `${run.scenario.name} ${run.ours.interruptions}`).join(', ')}`);
  }
  const lags = result.runs.map((run) => run.senderLag?.p99).filter(Number.isFinite);
  if (lags.length) jitter.notes.push(`mock agent process event-loop delay p99 ${lags.map((lag) => `${lag.toFixed(0)} ms`).join(' / ')} (the machine's own contribution to agent jitter)`);
  const calmLateness = quantile(calm.ours.lateness, 0.97);
  if (calmLateness > BUSY_LATENESS_MS || lags.some((lag) => lag > BUSY_LAG_MS)) {
    const warning = `WARNING: the machine was busy (no-jitter lateness p97 ${ms(calmLateness)}, mock event-loop delay up to ${ms(Math.max(...lags))}): latency and jitter figures include that load; rerun when it is quiet`;
    latency.notes.unshift(warning);
    jitter.notes.unshift(warning);
  }
  return { sections: [latency, jitter], runs };
}

// ── engines side by side ──
const notMeasurable = (why) => `not measurable: ${why}`;

/** Reported baseLatency + outputLatency, or why it is not a device latency. */
function deviceLatency(run) {
  if (run.features?.outputClockRead === false) return { reason: NOT_READ };
  const latencies = run.latencies;
  if (!latencies || !Number.isFinite(latencies.output)) return { reason: 'no AudioContext.outputLatency' };
  if (latencies.output === 0) return { reason: 'outputLatency reads 0 (no device latency reported)' };
  return { ms: ((latencies.base ?? 0) + latencies.output) * 1000 };
}

/**
 * One table: the latency figures of every engine run (results of runBrowser, one per engine),
 * ours and the baseline per engine. A figure an engine cannot give reads "not measurable: why".
 */
export function engineSection(results) {
  const analysed = results.map((result) => {
    const runs = result.runs.map(({ scenario, ours, baseline }) => ({ scenario, ours: analyseRun(ours, 'ours'), baseline: analyseRun(baseline, 'baseline') }));
    return { result, runs, calm: runs.find((run) => run.scenario.name === 'no jitter') ?? runs[0] };
  });
  const columns = ['measure'];
  for (const { result } of analysed) columns.push(`${result.engine ?? 'chromium'} ours`, 'baseline');
  const cells = (figure) => analysed.flatMap((engine) => ['ours', 'baseline'].map((mode) => figure(engine, mode)));
  const pooled = ({ runs }, mode) => runs.flatMap((run) => run[mode].mouthToWire);
  const m2w = (stat) => ({ runs }, mode) => {
    const values = pooled({ runs }, mode);
    if (values.length) return ms(stat(values));
    return notMeasurable(runs.map((run) => run[mode].mouthToWireReason).find(Boolean) ?? 'no onsets');
  };
  const w2e = (pick, stat) => ({ calm }, mode) => {
    const run = calm[mode];
    const values = pick(run);
    if (run.outputClock.reason) return notMeasurable(run.outputClock.reason);
    return values.length ? ms(stat(values)) : notMeasurable('no agent chunk was played');
  };
  const rendered = ({ calm }, mode) => (calm[mode].wireToRender.length ? ms(mean(calm[mode].wireToRender)) : notMeasurable('currentTime did not run'));
  const device = ({ calm }, mode) => {
    const d = deviceLatency(calm[mode]);
    return d.reason ? notMeasurable(d.reason) : ms(d.ms);
  };
  const rows = [
    ['mouth-to-wire, mean (goal ≤ 25 ms)', ...cells(m2w(mean))],
    ['mouth-to-wire, p95', ...cells(m2w((v) => quantile(v, 0.95)))],
    ['wire-to-ear, mean, no jitter (goal ≤ 55 ms)', ...cells(w2e((r) => r.wireToEar, mean))],
    ['wire-to-ear, p95, no jitter', ...cells(w2e((r) => r.wireToEar, (v) => quantile(v, 0.95)))],
    ['wire-to-ear, first chunk of a reply', ...cells(w2e((r) => r.replyStartWireToEar, mean))],
    ['wire-to-render, mean, no jitter (no device latency)', ...cells(rendered)],
    ['baseLatency + outputLatency, as reported', ...cells(device)],
    ['context rate', ...cells(({ calm }, mode) => `${calm[mode].contextRate} Hz`)],
  ];
  const notes = analysed.map(({ result, runs, calm }) => {
    const counts = `${pooled({ runs }, 'ours').length} / ${pooled({ runs }, 'baseline').length} mic onsets, ${calm.ours.wireToEar.length || calm.ours.wireToRender.length} / ${calm.baseline.wireToEar.length || calm.baseline.wireToRender.length} agent chunks (no jitter)`;
    const clock = [...new Set(['ours', 'baseline'].map((mode) => calm[mode].outputClock.note).filter(Boolean))];
    const off = result.outputClockOff ? `; ${result.outputClockOff}` : '';
    return `${result.engine ?? 'chromium'}: ${result.version}; ${counts}${clock.length ? `; ${clock.join('; ')}` : ''}${off}`;
  });
  notes.push(
    'mouth-to-wire: pooled over every scenario (agent jitter does not touch the mic path); wire-to-ear and wire-to-render: the no-jitter run',
    'wire-to-render: arrival → the moment the graph renders the chunk\'s first sample (currentTime against performance.now()), without the output device; the same method in every engine, but an estimate: where the audio thread is starved, currentTime stalls and the mapping is off by up to the stall',
    'chromium: Chromium\'s own fake microphone (the WAV) and fake output; firefox, webkit: a private PulseAudio server, the WAV looped into a null sink whose monitor is the microphone, output to another null sink',
  );
  const problems = analysed.flatMap(({ result, runs }) =>
    runs.flatMap(({ scenario, ours, baseline }) => [...ours.errors, ...baseline.errors].map((e) => `${result.engine}/${scenario.name}: ${e}`)),
  );
  if (problems.length) notes.push(`page errors: ${problems.slice(0, 5).join(' | ')}`);
  return { title: 'Latency per engine (ours and the baseline in each; same page, fake mic WAV and mock agent)', columns, rows, notes };
}
