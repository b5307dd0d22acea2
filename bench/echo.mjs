// Echo bench: full duplex on speakers. The browser plays agent speech into a PulseAudio echo
// rig (bench/echo-rig.mjs) that feeds it back into the browser's own microphone, delayed and
// attenuated, while a fake visitor (440 Hz syllables) talks over it part of the time. The
// uplink (mic frames as the agent would receive them) is recorded here and measured:
//
// - ERLE: echo power in the uplink of the unprocessed run / echo power with an option, while
//   only the agent talks (after a convergence time);
// - visitor loss during double talk: 440 Hz band power while the agent talks over the visitor
//   vs while the visitor talks alone, same run (the agent's speech is notched at 440 Hz);
// - barge-in: the visitor starts talking over the agent; the time from the visitor's onset in
//   the uplink to the frame carrying the barge-in cue, and whether echo alone ever set it.
//
//   npm run bench:echo                         # Chromium, all options, ~4 min
//   npm run bench:echo -- --only raw,cancel    # some options
//   npm run bench:echo -- --latency 120 --attenuation 10   # another echo path
//   npm run bench:echo -- --json echo.json
//   npm run bench:echo -- --engine firefox     # Firefox ESR (WebKitGTK: not yet)
//   npm run bench:echo -- --offline            # the rig without a browser: DSP in Node
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import { buildLibrary, ROOT } from './build.mjs';
import { startEchoRig } from './echo-rig.mjs';
import { loadDsp } from './load-dsp.mjs';
import { spawn } from 'node:child_process';
import { agentSpeech, visitorSyllables, wavOf, pcm16Of, power, bandPower, db, resampleLinear, VISITOR_HZ } from './echo-signals.mjs';
import { formatSection } from './table.mjs';
import { chromiumPath } from '../test/fixtures/chromium.mjs';
import { FIREFOX } from './engines/index.mjs';

/** Firefox: no permission prompt, audio may start without a gesture. */
const FIREFOX_PREFS = {
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'media.autoplay.blocking_policy': 0,
};

const RATE = 48000;
const AGENT_RATE = 24000;
const CHUNK_MS = 20;

/** Seconds from the first agent chunk. Windows leave a margin for the echo path and timing. */
const SCHEDULE = {
  agentEnd: 15.5,
  doubleTalk: [9, 13],
  // Well after the agent's end: on a loaded machine the playout can fall seconds behind.
  visitorAlone: [19, 22],
  end: 22.5,
  erleWindow: [5, 8.8],
  doubleTalkWindow: [9.3, 12.8],
  afterWindow: [13.4, 15.3],
  aloneWindow: [19.3, 21.8],
};
const BARGE_SCHEDULE = { visitorAt: 8, visitorFor: 3, agentEnd: 14, end: 14 };

/**
 * The options compared. `browserProcessing`: the browser's own echo canceller, NS and AGC.
 * `echoGate`: the residual-echo safeguard (engages only while echo is found in the mic and our
 * canceller has not converged; with the canceller off: whenever the agent speaks). Barge-in is
 * the detector on the cleaned signal in every option.
 */
export const OPTIONS = [
  { key: 'raw', name: 'no processing (reference)', echoGate: false, echoCancel: false, browserProcessing: false },
  { key: 'product', name: 'the product default: browser + canceller + safeguard gate', echoGate: true, echoCancel: true, browserProcessing: true },
  { key: 'browser-cancel', name: 'browser + canceller, gate off (echo-gate="off")', echoGate: false, echoCancel: true, browserProcessing: true },
  { key: 'today', name: '(a) browser processing + gate, canceller off', echoGate: true, echoCancel: false, browserProcessing: true },
  { key: 'gate', name: '(a) echo gate alone', echoGate: true, echoCancel: false, browserProcessing: false },
  { key: 'browser', name: '(b) browser AEC, Web Audio output', echoGate: false, echoCancel: false, browserProcessing: true },
  { key: 'browser-element', name: '(b) browser AEC, output via <audio>', echoGate: false, echoCancel: false, browserProcessing: true, playbackRoute: 'media-element' },
  { key: 'cancel', name: '(c) our canceller alone', echoGate: false, echoCancel: true, browserProcessing: false },
  { key: 'cancel-gate', name: '(c)+(d) canceller + safeguard gate (browser processing off)', echoGate: true, echoCancel: true, browserProcessing: false },
  { key: 'element-product', name: 'browser via <audio> + canceller + safeguard gate', echoGate: true, echoCancel: true, browserProcessing: true, playbackRoute: 'media-element' },
];
const BARGE_OPTIONS = ['product', 'browser-cancel', 'today', 'gate', 'browser', 'cancel', 'cancel-gate', 'element-product'];

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    latency: { type: 'string', default: '60' },
    attenuation: { type: 'string', default: '0' },
    json: { type: 'string' },
    'no-barge': { type: 'boolean', default: false },
    engine: { type: 'string', default: 'chromium' },
    trace: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
  },
});

const PAGE_DIR = fileURLToPath(new URL('./echo-page/', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

async function bundlePage(folder) {
  const { build } = await import('esbuild');
  // The engine imports its worklets as Vite `?worker&url` modules; here they come from
  // workletBase (/dist/), so those imports only need to resolve.
  const workletStub = {
    name: 'worklet-url-stub',
    setup(builder) {
      builder.onResolve({ filter: /\?worker&url$/ }, (resolved) => ({ path: resolved.path, namespace: 'worklet-stub' }));
      builder.onLoad({ filter: /.*/, namespace: 'worklet-stub' }, () => ({ contents: 'export default "";', loader: 'js' }));
    },
  };
  await build({ entryPoints: [join(PAGE_DIR, 'main.js')], bundle: true, format: 'esm', outfile: join(folder, 'main.js'), plugins: [workletStub], logLevel: 'warning' });
  writeFileSync(join(folder, 'index.html'), readFileSync(join(PAGE_DIR, 'index.html')));
}

function serve(pageFolder, distFolder) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const [root, path] = url.pathname.startsWith('/dist/') ? [distFolder, url.pathname.slice(6)] : [pageFolder, url.pathname.slice(1) || 'index.html'];
    try {
      const body = readFileSync(join(root, normalize(path)));
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  const sockets = new WebSocketServer({ server, path: '/ws' });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, sockets, url: `http://127.0.0.1:${server.address().port}/` })));
}

/** One call on the rig: streams the agent, plays the visitor on schedule, records the uplink. */
async function runCall({ page, sockets, rig, option, schedule, agentPcm, visitorWavs, bargeIn }) {
  const uplink = { frames: [], arrivals: [], bargeInFrames: [], barged: null, info: null };
  const connected = new Promise((resolve) => sockets.once('connection', resolve));
  const finished = page.evaluate((config) => window.runEcho(config), {
    echoGate: option.echoGate,
    echoCancel: option.echoCancel,
    browserProcessing: option.browserProcessing,
    playbackRoute: option.playbackRoute ?? 'context',
    bargeIn,
  });
  finished.catch(() => undefined); // a call given up on below must not crash the bench later
  const socket = await Promise.race([connected, sleep(60000).then(() => Promise.reject(new Error('the page did not connect within 60 s')))]);
  let t0 = null;
  const ready = new Promise((resolve) => {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(data.toString());
        if (message.type === 'ready') resolve((uplink.info = message));
        else if (message.type === 'barged' && t0 !== null) uplink.barged = (performance.now() - t0) / 1000;
        return;
      }
      const bytes = new Uint8Array(data);
      const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 1, bytes.byteOffset + bytes.byteLength));
      if (t0 === null) return;
      if (bytes[0]) uplink.bargeInFrames.push(uplink.frames.length);
      uplink.frames.push(pcm);
      uplink.arrivals.push((performance.now() - t0) / 1000);
    });
  });
  await Promise.race([ready, sleep(60000).then(() => Promise.reject(new Error('the call did not start within 60 s (getUserMedia or the worklets)')))]);
  await sleep(1000); // the mic and the output settle
  t0 = performance.now();
  const chunk = (AGENT_RATE * CHUNK_MS) / 1000;
  const agentEnd = schedule.agentEnd;
  let sent = 0;
  let visitorPlays = [];
  const timers = [];
  for (const [at, wav] of visitorWavs) timers.push(setTimeout(() => visitorPlays.push(rig.playVisitor(wav)), at * 1000));
  // Paced agent stream, drift-free: chunk n leaves at t0 + n·20 ms (the agent loops its speech).
  for (let n = 0; ; n++) {
    const due = t0 + n * CHUNK_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if ((n * CHUNK_MS) / 1000 >= agentEnd || (bargeIn && uplink.barged !== null)) break;
    const start = (sent * chunk) % (agentPcm.length - chunk);
    socket.send(agentPcm.slice(start, start + chunk));
    sent++;
  }
  const left = t0 + schedule.end * 1000 - performance.now();
  if (left > 0) await sleep(left);
  timers.forEach(clearTimeout);
  await Promise.all(visitorPlays);
  socket.send(JSON.stringify({ type: 'end' }));
  await finished;
  return uplink;
}

/**
 * The uplink frames that arrived within [from, to) s, joined. By arrival, not by count: on a
 * loaded machine the audio thread can drop render quanta, and then counting frames drifts.
 */
function framesIn(uplink, [from, to]) {
  const picked = uplink.frames.filter((_, k) => uplink.arrivals[k] >= from && uplink.arrivals[k] < to);
  const samples = new Float32Array(picked.reduce((sum, frame) => sum + frame.length, 0));
  let offset = 0;
  for (const frame of picked) {
    for (let i = 0; i < frame.length; i++) samples[offset + i] = frame[i] / 32768;
    offset += frame.length;
  }
  return samples;
}

function measure(uplink) {
  const echo = framesIn(uplink, SCHEDULE.erleWindow);
  const after = framesIn(uplink, SCHEDULE.afterWindow);
  const during = framesIn(uplink, SCHEDULE.doubleTalkWindow);
  const alone = framesIn(uplink, SCHEDULE.aloneWindow);
  const expected = (([from, to]) => (to - from) * (1000 / CHUNK_MS))(SCHEDULE.erleWindow);
  return {
    echoPower: power(echo),
    echoAfterPower: power(after),
    visitorDuringPower: bandPower(during, RATE, VISITOR_HZ),
    visitorAlonePower: bandPower(alone, RATE, VISITOR_HZ),
    /** Share of the frames a steady 50/s would have brought: below 1, the audio thread lost time. */
    frameShare: echo.length / ((expected * RATE * CHUNK_MS) / 1000),
  };
}

/** Barge-in: onset of the visitor in the uplink (440 Hz band, 20 ms frames) → the cue. */
function measureBargeIn(uplink) {
  const frameSamples = (RATE * CHUNK_MS) / 1000;
  const band = (k) => bandPower20(uplink.frames[k], frameSamples);
  const firstVisitorFrame = uplink.arrivals.findIndex((arrival) => arrival >= BARGE_SCHEDULE.visitorAt - 0.5);
  const cueFrames = uplink.bargeInFrames;
  const falseBargeIns = cueFrames.filter((k) => k < firstVisitorFrame).length;
  // Onset: the first frame, from 0.5 s before the visitor is due, whose 440 Hz band stands
  // 20 dB above the loudest the echo put there in the second before.
  let floor = 0;
  for (let k = Math.max(0, firstVisitorFrame - 50); k < firstVisitorFrame; k++) floor = Math.max(floor, band(k));
  let onset = null;
  for (let k = firstVisitorFrame; k >= 0 && k < uplink.frames.length; k++) {
    if (band(k) > floor * 100 + 1e-9) {
      onset = k;
      break;
    }
  }
  const cue = onset === null ? undefined : cueFrames.find((k) => k >= onset);
  return {
    falseBargeIns,
    onsetToCueMs: onset !== null && cue !== undefined ? (cue - onset + 1) * CHUNK_MS : null,
    barged: uplink.barged,
  };
}

/** 440 Hz band power of one PCM16 frame (Goertzel, rectangular: a detector, not a meter). */
function bandPower20(frame, length) {
  const coefficient = 2 * Math.cos((2 * Math.PI * VISITOR_HZ) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < length; i++) {
    const s = (frame[i] ?? 0) / 32768 + coefficient * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (length * length);
}

/** Uplink power and 440 Hz band per half second, to see the schedule land. */
function trace(key, uplink) {
  const cells = [];
  for (let t = 0; t < SCHEDULE.end; t += 0.5) {
    const samples = framesIn(uplink, [t, t + 0.5]);
    cells.push(`${t.toFixed(1)}s ${db(power(samples)).toFixed(0)}/${db(bandPower(samples, RATE, VISITOR_HZ)).toFixed(0)}`);
  }
  console.log(`  trace ${key} (dBFS all/440 Hz): ${cells.join('  ')}`);
}

/**
 * The same rig and schedule without a browser: paplay plays the agent into the speakers,
 * parec records what was played and the microphone on the server's one clock, and the
 * canceller (and gate) run here in Node on those recordings. This isolates the DSP from the
 * browser's scheduling: on a loaded machine the browser drops render quanta, and each drop
 * moves the echo against the reference.
 */
async function offline({ latencyMs, attenuationDb, speech, work }) {
  const rig = await startEchoRig({ latencyMs, attenuationDb });
  const agent = resampleLinear(speech.samples, AGENT_RATE, RATE);
  const played = new Float32Array(RATE * SCHEDULE.agentEnd).map((_, i) => agent[i % agent.length]);
  const agentWav = join(work, 'agent-48k.wav');
  writeFileSync(agentWav, wavOf(played, RATE));
  const doubleTalkWav = join(work, 'visitor-double-talk.wav');
  const aloneWav = join(work, 'visitor-alone.wav');
  const record = (device) => {
    const recorder = spawn('parec', [`--device=${device}`, '--format=float32le', `--rate=${RATE}`, '--channels=1', '--raw', '--latency-msec=10'], { env: rig.env });
    const chunks = [];
    recorder.stdout.on('data', (chunk) => chunks.push(chunk));
    return { recorder, chunks };
  };
  const reference = record('spk.monitor');
  const mic = record('roommic');
  await sleep(200);
  const plays = [];
  const player = spawn('paplay', ['--device=spk', agentWav], { env: rig.env });
  const timers = [
    setTimeout(() => plays.push(rig.playVisitor(doubleTalkWav)), SCHEDULE.doubleTalk[0] * 1000),
    setTimeout(() => plays.push(rig.playVisitor(aloneWav)), SCHEDULE.visitorAlone[0] * 1000),
  ];
  await sleep(SCHEDULE.end * 1000);
  timers.forEach(clearTimeout);
  player.kill();
  reference.recorder.kill();
  mic.recorder.kill();
  await Promise.all(plays);
  await rig.close();
  const floats = (chunks) => {
    const bytes = Buffer.concat(chunks);
    return new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4)).slice();
  };
  const ref = floats(reference.chunks);
  const raw = floats(mic.chunks);
  const length = Math.min(ref.length, raw.length) - (Math.min(ref.length, raw.length) % 128);
  const { EchoCanceller, EchoGate, LevelMeter, BargeInDetector } = await loadDsp();
  // Wired as worklets/capture-processor.ts wires them.
  const runDsp = (withGate) => {
    const canceller = new EchoCanceller({ sampleRate: RATE });
    const gate = new EchoGate({ sampleRate: RATE });
    gate.echoKnown = true;
    const detector = new BargeInDetector({ sampleRate: RATE });
    const agentMeter = new LevelMeter(RATE, { releaseMs: 50 });
    const cleanMeter = new LevelMeter(RATE, { releaseMs: 50 });
    const out = new Float32Array(length);
    const block = new Float32Array(128);
    for (let start = 0; start < length; start += 128) {
      const played = ref.subarray(start, start + 128);
      agentMeter.process(played, 128);
      canceller.process(raw.subarray(start, start + 128), played, block);
      cleanMeter.process(block, 128);
      detector.agentDb = agentMeter.db;
      detector.micDb = cleanMeter.db;
      detector.process(128);
      gate.enabled =
        withGate && canceller.delay.delayBlocks >= 0 && !canceller.converged && canceller.residualEchoDb > canceller.outputDb - 10 && detector.residualDb > -25;
      gate.agentDb = detector.heldAgentDb;
      gate.echoDb = detector.expectedResidualDb;
      gate.micDb = detector.micDb;
      gate.process(block, 128);
      out.set(block, start);
    }
    return out;
  };
  const at = ([from, to]) => [Math.round(from * RATE), Math.min(length, Math.round(to * RATE))];
  const figures = (signal) => ({
    echoPower: power(signal, ...at(SCHEDULE.erleWindow)),
    echoAfterPower: power(signal, ...at(SCHEDULE.afterWindow)),
    visitorDuringPower: bandPower(signal, RATE, VISITOR_HZ, ...at(SCHEDULE.doubleTalkWindow)),
    visitorAlonePower: bandPower(signal, RATE, VISITOR_HZ, ...at(SCHEDULE.aloneWindow)),
    frameShare: 1,
  });
  return { raw: figures(raw.subarray(0, length)), cancel: figures(runDsp(false)), 'cancel-gate': figures(runDsp(true)) };
}

async function main() {
  const only = args.only?.split(',');
  const options = OPTIONS.filter((option) => option.key === 'raw' || !only || only.includes(option.key));
  const latencyMs = Number(args.latency);
  const attenuationDb = Number(args.attenuation);
  const work = mkdtempSync(join(tmpdir(), 'voice-agent-echo-bench-'));
  const speech = agentSpeech(AGENT_RATE);
  const agentPcm = pcm16Of(speech.samples);
  const visitorAmplitude = 0.03;
  const doubleTalkWav = join(work, 'visitor-double-talk.wav');
  const aloneWav = join(work, 'visitor-alone.wav');
  const bargeWav = join(work, 'visitor-barge.wav');
  writeFileSync(doubleTalkWav, wavOf(visitorSyllables(RATE, SCHEDULE.doubleTalk[1] - SCHEDULE.doubleTalk[0], visitorAmplitude), RATE));
  writeFileSync(aloneWav, wavOf(visitorSyllables(RATE, SCHEDULE.visitorAlone[1] - SCHEDULE.visitorAlone[0], visitorAmplitude), RATE));
  writeFileSync(bargeWav, wavOf(visitorSyllables(RATE, BARGE_SCHEDULE.visitorFor, visitorAmplitude), RATE));
  if (args.offline) {
    const results = await offline({ latencyMs, attenuationDb, speech, work });
    rmSync(work, { recursive: true, force: true });
    const chosen = OPTIONS.filter((option) => option.key in results);
    report(results, chosen, { latencyMs, attenuationDb, version: 'no browser: PulseAudio recordings, DSP in Node', speech: speech.kind });
    if (args.json) writeFileSync(args.json, JSON.stringify({ latencyMs, attenuationDb, offline: true, results }, null, 2));
    return;
  }
  const [dist] = await Promise.all([buildLibrary(), bundlePage(work)]);
  const { server, sockets, url } = await serve(work, dist);
  const rig = await startEchoRig({ latencyMs, attenuationDb });
  const puppeteer = (await import('puppeteer-core')).default;
  const launch = () => args.engine === 'firefox'
    ? puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, extraPrefsFirefox: FIREFOX_PREFS, env: rig.env })
    : puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      env: rig.env,
      // Puppeteer mutes Chromium's audio by default: here its output is the echo.
      ignoreDefaultArgs: ['--mute-audio'],
      // No fake capture device: the mic is the rig's PulseAudio source.
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
    });
  let browser = await launch();
  const results = {};
  const version = await browser.version();
  console.log(`echo bench: ${version}, agent: ${speech.kind}; echo path: PulseAudio loopback ${latencyMs} ms, -${attenuationDb} dB`);
  try {
    for (const option of options) {
      try {
        // Firefox does not start a second call's audio in the same browser here: one each.
        if (args.engine === 'firefox' && option !== options[0]) {
          await browser.close().catch(() => undefined);
          browser = await launch();
        }
        await measureOption(option);
      } catch (error) {
        // One option failing (a page that never answers) must not cost the others' figures.
        console.log(`  ${option.key}: failed: ${error.message.split('\n')[0]}`);
        if (option.key === 'raw') throw error;
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await rig.close();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
  const measured = options.filter((option) => results[option.key]);
  report(results, measured, { latencyMs, attenuationDb, version, speech: speech.kind });
  if (args.json) writeFileSync(args.json, JSON.stringify({ latencyMs, attenuationDb, version, results }, null, 2));

  async function measureOption(option) {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error (${option.key}):`, error.message));
    await page.goto(url);
    const uplink = await runCall({
      page, sockets, rig, option, schedule: SCHEDULE, agentPcm, bargeIn: false,
      visitorWavs: [[SCHEDULE.doubleTalk[0], doubleTalkWav], [SCHEDULE.visitorAlone[0], aloneWav]],
    });
    results[option.key] = { ...measure(uplink), info: uplink.info };
    if (args.trace) trace(option.key, uplink);
    console.log(`  ${option.key}: done (${uplink.frames.length} frames)`);
    if (!args['no-barge'] && BARGE_OPTIONS.includes(option.key)) {
      const bargeUplink = await runCall({
        page, sockets, rig, option, schedule: BARGE_SCHEDULE, agentPcm, bargeIn: true,
        visitorWavs: [[BARGE_SCHEDULE.visitorAt, bargeWav]],
      });
      results[option.key].bargeIn = measureBargeIn(bargeUplink);
      console.log(`  ${option.key}: barge-in done`);
    }
    await page.close();
  }
}

function report(results, options, setup) {
  const raw = results.raw;
  const rows = options.map((option) => {
    const r = results[option.key];
    const erle = db(raw.echoPower / r.echoPower);
    const after = db(raw.echoAfterPower / r.echoAfterPower);
    const loss = db(r.visitorAlonePower / r.visitorDuringPower);
    const barge = r.bargeIn;
    return [
      option.name,
      `${erle.toFixed(1)} dB`,
      `${after.toFixed(1)} dB`,
      `${loss.toFixed(1)} dB`,
      `${db(r.visitorAlonePower / raw.visitorAlonePower).toFixed(1)} dB`,
      barge ? String(barge.falseBargeIns) : '–',
      barge ? (barge.onsetToCueMs === null ? 'never' : `${barge.onsetToCueMs} ms`) : '–',
      `${Math.round(r.frameShare * 100)} %`,
    ];
  });
  console.log(formatSection({
    title: `Echo on speakers — ${setup.version}, ${setup.speech}, loopback ${setup.latencyMs} ms, -${setup.attenuationDb} dB`,
    columns: ['option', 'ERLE (agent alone)', 'ERLE after double talk', 'visitor loss in double talk', 'visitor alone vs raw', 'false barge-ins', 'onset → barge-in cue', 'frames'],
    rows,
    notes: [
      `echo in the raw uplink: ${db(raw.echoPower).toFixed(1)} dBFS; visitor alone (440 Hz band): ${db(raw.visitorAlonePower).toFixed(1)} dBFS`,
      'frames: uplink frames in the ERLE window / a steady 50 per second (below 100 %, the browser lost audio time: a loaded machine)',
    ],
  }));
  console.log('goal: ERLE ≥ 30 dB with visitor loss ≤ 6 dB; barge-in cue within 100 ms of onset, none from echo alone');
}

await main();
