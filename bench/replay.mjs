// Replays the agent-chunk arrivals a browser run recorded (`npm run bench -- --json run.json`)
// through the jitter buffer of this checkout, in Node, in a second instead of five minutes:
// the loop for tuning src/dsp/playout.ts against real arrival patterns.
//
//   node bench/replay.mjs run.json
//
// Playout is simulated at 44.1 kHz in render quanta, arrivals are the page's receive times, and
// the device latency the browser reported (base + output) is added, so playout delay is
// comparable to the browser table's; underruns run somewhat higher than the worklet's own
// count (which sees arrivals later, stamped by the audio clock), so compare replays with each
// other, and confirm a change in the browser.
import { readFileSync } from 'node:fs';
import { jitterFreeAnchor, repliesOf } from './browser.mjs';
import { loadDsp } from './load-dsp.mjs';

const CONTEXT_RATE = 44100;
const QUANTUM = 128;

const { Playout } = await loadDsp();
const saved = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tone = new Float32Array(4800).map((_, i) => 0.3 * Math.sin(i * 0.2));

for (const run of saved.browser?.runs ?? []) {
  const { chunks, latencies } = run.ours;
  if (!chunks.length) continue;
  const rate = chunks[0].rate;
  const deviceMs = ((latencies?.base ?? 0) + (latencies?.output ?? 0)) * 1000;
  const anchor = new Map();
  for (const reply of repliesOf(chunks)) {
    const earliest = jitterFreeAnchor(reply);
    for (const chunk of reply) anchor.set(chunk, earliest);
  }

  const buffer = new Playout({ sampleRate: rate });
  const output = new Float32Array(QUANTUM);
  const pullLength = Math.ceil((QUANTUM * rate) / CONTEXT_RATE);
  const delays = [];
  let waiting = [];
  let replyMediaMs = 0;
  let mediaBefore = 0;
  let next = 0;
  let depthSum = 0;
  let depthCount = 0;
  const end = chunks.at(-1).arrival + 2000;
  for (let now = chunks[0].arrival; now < end; now += (QUANTUM / CONTEXT_RATE) * 1000) {
    for (; next < chunks.length && chunks[next].arrival <= now; next++) {
      const chunk = chunks[next];
      if (chunk.startsReply) (waiting = []), (replyMediaMs = 0);
      waiting.push(chunk);
      buffer.push(tone, now, chunk.samples);
    }
    const played = buffer.pull(output, pullLength);
    const { playedMs, droppedMs, depthMs } = buffer.stats;
    // Media of this reply consumed so far (played faster or skipped counts as consumed).
    replyMediaMs += playedMs + droppedMs - mediaBefore;
    mediaBefore = playedMs + droppedMs;
    while (waiting.length && replyMediaMs >= waiting[0].mediaMs) {
      const chunk = waiting.shift();
      delays.push(now - (replyMediaMs - chunk.mediaMs) - (anchor.get(chunk) + chunk.mediaMs) + deviceMs);
    }
    if (played > 0) (depthSum += depthMs), depthCount++;
  }
  const { underruns } = buffer.stats;
  const minutes = chunks.reduce((sum, c) => sum + c.samples / c.rate, 0) / 60;
  const meanDelay = delays.reduce((a, b) => a + b, 0) / delays.length;
  console.log(
    `${run.scenario.name.padEnd(16)} underruns ${String(underruns).padStart(3)} (${(underruns / minutes).toFixed(1)}/min)` +
      `  playout delay ${meanDelay.toFixed(1)} ms  depth ${(depthSum / depthCount).toFixed(1)} ms` +
      `  [browser run: ${run.ours.finalStats?.playback?.underruns ?? '?'} underruns]`,
  );
}
