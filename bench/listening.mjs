// What a listener hears: the same synthesised agent replies (eSpeak NG, 24 kHz, 20 ms chunks)
// through the same simulated network into our Playout and into a FIFO baseline, pulled on the
// same output clock; the played audio is then judged against the clean reference: holes,
// clicks, log-spectral distance after per-frame alignment, and playout delay.
//
//   node bench/run.mjs --only listening        (a section of `npm run bench`)
//   node bench/listening.mjs [--clicks] [--case stall]   (this section alone; --clicks lists when
//                                              each click was heard; --case runs the cases whose name has that text)
//
// Method and meaning of every figure: bench/README.md, "What a listener hears".
import { loadDsp } from './load-dsp.mjs';
import { FifoPlayer } from './listening-fifo.mjs';
import { alignAndScore, findAddedClicks, rms } from './listening-measures.mjs';
import { synthesize } from '../demo/speech.mjs';

const SAMPLE_RATE = 24000;
const CHUNK_MS = 20;
/** 128 samples at a 48 kHz output: the render quantum, in samples of the 24 kHz source. */
const QUANTUM = 64;
const SEED = 11;

/** Several agent replies of varied sentences (about a minute of speech in all). */
const REPLIES = [
  'Hello, and thanks for calling. How can I help you today?',
  'Sure. I can see your order from last Tuesday. It shipped this morning, and the tracking number has been sent to your email.',
  'The parcel should arrive by Friday afternoon. If nobody is home, the driver will leave it with a neighbour or at the nearest pickup point.',
  'Of course. Would you like me to change the delivery address? I only need the street, the house number and the postcode.',
  'Thank you. I have updated it. The new address is twelve Station Road, and the courier has been told.',
  'One more thing: your subscription renews on the first of next month. Shall I keep it as it is, or would you prefer a quarterly plan?',
  'Great, that is all set. Is there anything else I can do for you?',
  'You are welcome. Have a lovely evening, and goodbye!',
];
/** Silence between replies (the sender sends nothing), s. */
const PAUSES = [1.6, 2.2, 1.4, 2.8, 1.8, 2.4, 1.5];

/** The clean reference on the sender's timeline, and the 20 ms chunks the sender sends. */
async function buildConversation() {
  const chunk = (SAMPLE_RATE * CHUNK_MS) / 1000;
  const replies = [];
  for (const text of REPLIES) replies.push(await synthesize(text, { sampleRate: SAMPLE_RATE }));
  const lead = chunk * 10;
  let length = lead;
  const starts = [];
  replies.forEach((reply, i) => {
    starts.push(length);
    length += Math.ceil(reply.length / chunk) * chunk + Math.round((PAUSES[i] ?? 0.5) * SAMPLE_RATE / chunk) * chunk;
  });
  const reference = new Float32Array(length);
  const chunks = [];
  replies.forEach((reply, r) => {
    reference.set(reply, starts[r]);
    for (let start = 0; start < reply.length; start += chunk) {
      chunks.push({ reply: r, start: starts[r] + start, length: Math.min(chunk, reply.length - start) });
    }
  });
  const replySpans = replies.map((reply, r) => ({ startMs: (starts[r] / SAMPLE_RATE) * 1000, endMs: ((starts[r] + reply.length) / SAMPLE_RATE) * 1000 }));
  return { reference, chunks, replySpans };
}

/** The network cases; every one uses the same seed for both players. */
function networkCases({ replySpans, reference }) {
  // The stall hits speech (not a pause) about 1 s into the longest reply, so there is speech
  // left to recover in.
  const longest = replySpans.reduce((a, b) => (b.endMs - b.startMs > a.endMs - a.startMs ? b : a));
  let stallAt = longest.startMs + 1000;
  const at = (ms) => Math.round((ms * SAMPLE_RATE) / 1000);
  const inWord = (ms) => [-60, -40, -20, 0, 20, 40, 60, 80].every((d) => rms(reference, at(ms + d), at(CHUNK_MS)) >= 0.01);
  while (!inWord(stallAt)) stallAt += CHUNK_MS;
  const bursts = [];
  for (let at = 3000; at < replySpans.at(-1).endMs; at += 5000) bursts.push({ atMs: at, durationMs: 200 });
  return [
    { name: '0 ms jitter', jitterMs: 0 },
    { name: '0–40 ms jitter', jitterMs: 40 },
    { name: '0–80 ms jitter', jitterMs: 80 },
    { name: '0–20 ms + 300 ms stall', jitterMs: 20, stall: { atMs: stallAt, durationMs: 300 } },
    { name: '0–20 ms + 2 % chunks lost', jitterMs: 20, loss: 0.02 },
    { name: '0–20 ms + bursts (200 ms of nothing every 5 s)', jitterMs: 20, holds: bursts },
  ];
}

/**
 * Arrival time of each chunk (ms), or undefined for a lost one: the shared schedule of the DSP
 * tests (uniform 0..jitter delay, in order as over TCP, a hold) on the 20 ms grid of the whole
 * timeline, read at the chunks the sender actually sends; then extra holds and losses.
 */
function arrivalsFor(networkCase, chunks, dsp) {
  const { createRandom, simulatedArrivals } = dsp;
  const chunk = (SAMPLE_RATE * CHUNK_MS) / 1000;
  const gridCount = Math.ceil((chunks.at(-1).start + chunk) / chunk);
  const grid = simulatedArrivals(gridCount, CHUNK_MS, networkCase.jitterMs, createRandom(SEED), networkCase.stall);
  let arrivals = chunks.map(({ start }) => grid[start / chunk]);
  for (const hold of networkCase.holds ?? []) {
    arrivals = arrivals.map((ms) => (ms >= hold.atMs && ms < hold.atMs + hold.durationMs ? hold.atMs + hold.durationMs : ms));
  }
  if (networkCase.loss) {
    const random = createRandom(SEED + 1);
    arrivals = arrivals.map((ms) => (random() < networkCase.loss ? undefined : ms));
  }
  return arrivals;
}

/**
 * Runs one player over the schedule on a simulated output clock (QUANTUM samples per render
 * quantum, arrivals stamped at quantum boundaries) and records everything it played.
 * A hole is output without audio that starts after audio of a reply was played while chunks of
 * that reply are still to arrive: the player ran dry mid-reply (an underrun).
 */
function play(player, conversation, arrivals) {
  const { reference, chunks } = conversation;
  const order = chunks.map((_, i) => i).filter((i) => arrivals[i] !== undefined);
  const toArrive = new Map();
  for (const i of order) toArrive.set(chunks[i].reply, (toArrive.get(chunks[i].reply) ?? 0) + 1);
  const output = new Float32Array(reference.length + SAMPLE_RATE * 4);
  const block = new Float32Array(QUANTUM);
  let next = 0;
  let reply = -1;
  let playedInReply = false;
  let inHole = false;
  let holes = 0;
  let holeSamples = 0;
  for (let at = 0; at + QUANTUM <= output.length; at += QUANTUM) {
    const now = (at / SAMPLE_RATE) * 1000;
    while (next < order.length && arrivals[order[next]] <= now) {
      const c = chunks[order[next++]];
      if (c.reply !== reply) {
        reply = c.reply;
        playedInReply = false;
      }
      toArrive.set(c.reply, toArrive.get(c.reply) - 1);
      player.push(reference.subarray(c.start, c.start + c.length), now);
    }
    const played = player.pull(block, QUANTUM);
    output.set(block, at);
    if (played > 0) {
      playedInReply = true;
      inHole = false;
    }
    if (played < QUANTUM && playedInReply && toArrive.get(reply) > 0) {
      if (!inHole) holes++;
      inHole = true;
      holeSamples += QUANTUM - played;
    }
  }
  return { output, holes, holeMs: (holeSamples / SAMPLE_RATE) * 1000 };
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Back at target after the stall: seconds from the end of the stall until the playout delay is
 * within 20 ms of its median over the 5 s before the stall (same reply); null if the reply
 * ended first (null, not Infinity, survives --json).
 */
function backAtTarget(delays, stall, replySpans) {
  if (!stall) return undefined;
  const before = delays.filter((d) => d.atMs >= stall.atMs - 5000 && d.atMs < stall.atMs).map((d) => d.delayMs);
  const target = percentile(before, 0.5);
  const end = stall.atMs + stall.durationMs;
  const span = replySpans.find((s) => s.startMs <= stall.atMs && s.endMs > stall.atMs);
  // Output time: the reply's end reaches the ear about `target` later.
  const replyEndHeard = span.endMs + target + 500;
  const back = delays.find((d) => d.atMs >= end && d.atMs < replyEndHeard && d.delayMs <= target + 20);
  return back ? (back.atMs - end) / 1000 : null;
}

/** One case for one player: holes, concealment, clicks, score, delay. */
function judge(run, conversation, minutes, stall, concealedMs) {
  const { reference, replySpans } = conversation;
  const clicks = findAddedClicks(run.output, reference, SAMPLE_RATE);
  const score = alignAndScore(reference, run.output, SAMPLE_RATE);
  const delays = score.delays.map((d) => d.delayMs);
  return {
    underrunsPerMinute: run.holes / minutes,
    holeMsPerMinute: run.holeMs / minutes,
    concealedMsPerMinute: concealedMs / minutes,
    clicks: clicks.length,
    clickTimesS: clicks.map((at) => at / SAMPLE_RATE),
    lsdDb: score.lsdDb,
    badFramesPerMinute: score.badFrames / minutes,
    meanDelayMs: delays.reduce((a, b) => a + b, 0) / delays.length,
    p95DelayMs: percentile(delays, 0.95),
    backAtTargetS: backAtTarget(score.delays, stall, replySpans),
  };
}

/** Runs every case for both players; returns raw figures. */
export async function runListening({ log = () => {}, only = '' } = {}) {
  const dsp = await loadDsp();
  log('listening: synthesising the replies (eSpeak NG)…');
  const conversation = await buildConversation();
  const minutes = conversation.reference.length / SAMPLE_RATE / 60;
  const cases = [];
  for (const networkCase of networkCases(conversation).filter((c) => c.name.includes(only))) {
    log(`listening: ${networkCase.name}…`);
    const arrivals = arrivalsFor(networkCase, conversation.chunks, dsp);
    const playout = new dsp.Playout({ sampleRate: SAMPLE_RATE });
    const oursRun = play(playout, conversation, arrivals);
    const ours = judge(oursRun, conversation, minutes, networkCase.stall, playout.stats.concealedMs);
    ours.acceleratedMs = playout.stats.acceleratedMs;
    ours.expandedMs = playout.stats.expandedMs;
    ours.droppedMs = playout.stats.droppedMs;
    const fifo = judge(play(new FifoPlayer(), conversation, arrivals), conversation, minutes, networkCase.stall, 0);
    cases.push({ name: networkCase.name, jitterOnly: !networkCase.stall && !networkCase.loss && !networkCase.holds, stall: Boolean(networkCase.stall), loss: Boolean(networkCase.loss), ours, fifo });
  }
  return { minutes, cases };
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : value === null ? 'never' : '—');

/** The printed tables: figures per case, then the goals. */
export function listeningSections(result) {
  const rows = [];
  for (const c of result.cases) {
    for (const [label, r] of [['ours', c.ours], ['FIFO', c.fifo]]) {
      rows.push([
        label === 'ours' ? c.name : '',
        label,
        fixed(r.underrunsPerMinute, 1),
        fixed(r.holeMsPerMinute),
        label === 'ours' ? fixed(r.concealedMsPerMinute) : '—',
        String(r.clicks),
        `${fixed(r.lsdDb, 2)} dB`,
        fixed(r.badFramesPerMinute, 1),
        `${fixed(r.meanDelayMs)} / ${fixed(r.p95DelayMs)} ms`,
        r.backAtTargetS === undefined ? '' : r.backAtTargetS === null ? 'not in reply' : `${r.backAtTargetS.toFixed(2)} s`,
      ]);
    }
  }
  const figures = {
    title: `What a listener hears (${result.minutes.toFixed(2)} min of eSpeak NG replies, 24 kHz, 20 ms chunks, simulated network; ours = Playout, FIFO = vendor-style queue)`,
    columns: ['case', 'player', 'holes/min', 'hole ms/min', 'concealed ms/min', 'clicks', 'LSD', 'frames > 10 dB/min', 'delay mean / p95', 'back at target'],
    rows,
    notes: [
      'holes: the player ran dry mid-reply (output without audio while chunks of that reply were still to arrive); hole ms counts that output, concealed or silent',
      'clicks: second-difference outliers (> 8 × the local RMS of the second difference, ≥ 0.02) not matching a transient of the clean reference',
      'LSD: mean log-spectral distance of 20 ms frames to the clean reference after per-frame alignment (lower is better; a silent hole where speech was due scores high); frames > 10 dB: how often a frame is badly off (a hole, a cut, a wrong sound)',
      'delay: when a sample is heard minus when it would be heard with a zero-delay network and no buffer; back at target: from the stall\'s end until the delay is within 20 ms of its level before the stall',
    ],
  };
  const goals = [];
  const jitter40 = result.cases.find((c) => c.name.startsWith('0–40'));
  const stall = result.cases.find((c) => c.stall);
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  if (jitter40) {
    goals.push(['holes at 0–40 ms jitter, delay ≤ 100 ms', '0, ≤ 100 ms', `${fixed(jitter40.ours.underrunsPerMinute, 1)}/min, ${fixed(jitter40.ours.meanDelayMs)} ms`, `${fixed(jitter40.fifo.underrunsPerMinute, 1)}/min, ${fixed(jitter40.fifo.meanDelayMs)} ms`, verdict(jitter40.ours.underrunsPerMinute === 0 && jitter40.ours.meanDelayMs <= 100)]);
    goals.push(['concealed at 0–40 ms jitter', 'reported', `${fixed(jitter40.ours.concealedMsPerMinute)} ms/min`, '—', '']);
  }
  if (stall) {
    const holes = stall.ours.underrunsPerMinute * result.minutes;
    goals.push(['300 ms stall: holes in the run', '1 (the stall)', fixed(holes), fixed(stall.fifo.underrunsPerMinute * result.minutes), verdict(Math.round(holes) === 1)]);
    goals.push(['300 ms stall: back at target', '≤ 2 s', fixed(stall.ours.backAtTargetS, 2), fixed(stall.fifo.backAtTargetS, 2), verdict(stall.ours.backAtTargetS !== null && stall.ours.backAtTargetS <= 2)]);
  }
  const clicks = result.cases.reduce((sum, c) => sum + c.ours.clicks, 0);
  goals.push(['clicks, all cases', '0', String(clicks), String(result.cases.reduce((sum, c) => sum + c.fifo.clicks, 0)), verdict(clicks === 0)]);
  for (const c of result.cases.filter((c) => c.jitterOnly || c.name.includes('bursts') || c.stall || c.loss)) {
    const gain = c.fifo.lsdDb - c.ours.lsdDb;
    const outcome = Math.abs(gain) < 0.005 ? 'equal' : gain > 0 ? `met (${gain.toFixed(2)} dB better)` : `MISSED (${(-gain).toFixed(2)} dB worse)`;
    goals.push([`LSD, ${c.name}`, '< FIFO', `${fixed(c.ours.lsdDb, 2)} dB`, `${fixed(c.fifo.lsdDb, 2)} dB`, outcome]);
  }
  return [
    figures,
    { title: 'What a listener hears: goals', columns: ['goal', 'target', 'ours', 'FIFO', 'verdict'], rows: goals, notes: [] },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printSection } = await import('./table.mjs');
  const caseIndex = process.argv.indexOf('--case');
  const only = caseIndex >= 0 ? process.argv[caseIndex + 1] : '';
  const result = await runListening({ log: (line) => process.stderr.write(`${line}\n`), only });
  for (const section of listeningSections(result)) printSection(section);
  if (process.argv.includes('--clicks')) for (const c of result.cases) console.log(`${c.name}: ours at [${c.ours.clickTimesS.map((t) => t.toFixed(3)).join(', ')}] s; FIFO ${c.fifo.clicks} clicks`);
}
