import { expect } from '@open-wc/testing';
import { Playout, type PlayoutOptions } from '../../src/dsp/playout';
import { createRandom, estimateFrequency, fitTone, makeSpeechLike, simulatedArrivals, type SimulatedStall } from '../../src/dsp/tone';

const RATE = 24000;
const CHUNK_MS = 20;
const CHUNK = (RATE * CHUNK_MS) / 1000;
const QUANTUM = 128;
const QUANTUM_MS = (QUANTUM / RATE) * 1000;

interface Simulation {
  jitterMs: number;
  seconds: number;
  signal?: Float32Array;
  stall?: SimulatedStall;
  seed?: number;
  options?: Partial<PlayoutOptions>;
}

interface Trace {
  buffer: Playout;
  /** Per quantum with audio: [time ms, latency ms] (latency vs the sample's jitter-free arrival). */
  latency: Array<[number, number]>;
  /** Per quantum with audio: [time ms, jitter estimate ms]. */
  jitter: Array<[number, number]>;
  underrunsAfterGate: number;
  output: Float32Array;
}

/**
 * 20 ms chunks arriving as simulatedArrivals() schedules them. Pulls one 128-sample quantum per
 * simulated quantum; arrivals are stamped at quantum boundaries like a worklet's currentTime.
 */
function simulate({ jitterMs, seconds, signal = makeSpeechLike(RATE, seconds, 5), stall, seed = 1, options }: Simulation): Trace {
  const arrivals = simulatedArrivals(Math.ceil(signal.length / CHUNK), CHUNK_MS, jitterMs, createRandom(seed), stall);
  const buffer = new Playout({ sampleRate: RATE, ...options });
  const output = new Float32Array(signal.length + 10 * RATE);
  const latency: Array<[number, number]> = [];
  const jitter: Array<[number, number]> = [];
  let written = 0;
  let next = 0;
  let gateOpened = false;
  let underrunsAtGate = 0;
  for (let q = 0; next < arrivals.length || buffer.stats.depthMs > 0; q++) {
    const now = q * QUANTUM_MS;
    while (next < arrivals.length && arrivals[next] <= now) {
      buffer.push(signal.subarray(next * CHUNK, (next + 1) * CHUNK), now);
      next++;
    }
    const played = buffer.pull(output.subarray(written, written + QUANTUM), QUANTUM);
    written += QUANTUM;
    if (played > 0) {
      if (!gateOpened) underrunsAtGate = buffer.stats.underruns;
      gateOpened = true;
      const stats = buffer.stats;
      latency.push([now, now + (played / RATE) * 1000 - (stats.playedMs + stats.droppedMs)]);
      jitter.push([now, stats.jitterMs]);
    }
  }
  return { buffer, latency, jitter, underrunsAfterGate: buffer.stats.underruns - underrunsAtGate, output: output.subarray(0, written) };
}

function meanOf(series: Array<[number, number]>, fromMs: number, toMs: number): number {
  const values = series.filter(([time]) => time >= fromMs && time < toMs).map(([, value]) => value);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function meanLatency(trace: Trace, fromMs: number, toMs: number): number {
  return meanOf(trace.latency, fromMs, toMs);
}

function sine(seconds: number, frequency = 440): Float32Array {
  const tone = new Float32Array(seconds * RATE);
  for (let i = 0; i < tone.length; i++) tone[i] = 0.3 * Math.sin((2 * Math.PI * frequency * i) / RATE);
  return tone;
}

function filled(length: number, value: number): Float32Array {
  return new Float32Array(length).fill(value);
}

describe('Playout (adaptive jitter buffer)', () => {
  it('plays 60 s with 0–40 ms arrival jitter without an underrun after the start gate', () => {
    const trace = simulate({ jitterMs: 40, seconds: 60 });
    const stats = trace.buffer.stats;
    expect(trace.underrunsAfterGate).to.equal(0);
    expect(stats.underruns).to.equal(0);
    expect(stats.playedMs + stats.droppedMs).to.be.closeTo(60000, 1);
    // Plausible adaptation: jitter seen, target covers it plus a chunk, latency stays low.
    expect(stats.jitterMs).to.be.within(20, 44);
    expect(stats.targetMs).to.be.within(stats.jitterMs + CHUNK_MS, 100);
    expect(meanLatency(trace, 0, 60000)).to.be.below(120);
  });

  it('plays every sample unchanged when arrivals are steady', () => {
    const signal = makeSpeechLike(RATE, 5, 8);
    const trace = simulate({ jitterMs: 0, seconds: 5, signal, options: { minTargetMs: 60, maxTargetMs: 60 } });
    const outputStart = trace.output.findIndex((s) => s !== 0);
    const signalStart = signal.findIndex((s) => s !== 0);
    let mismatches = 0;
    for (let i = signalStart; i < signal.length; i++) if (trace.output[outputStart + i - signalStart] !== signal[i]) mismatches++;
    expect(mismatches).to.equal(0);
    expect(trace.buffer.stats.droppedMs).to.equal(0);
    expect(trace.buffer.stats.underruns).to.equal(0);
  });

  it('returns to its usual latency after a 300 ms stall and burst', () => {
    // Bound: catch-up restores the pre-stall lag in the next pauses, to within one skip
    // segment (10 ms) + the catch-up threshold (20 ms); the speech-like signal pauses at
    // least every 320 ms, so 3 s is ample.
    const trace = simulate({ jitterMs: 20, seconds: 30, stall: { atMs: 15000, durationMs: 300 } });
    const before = meanLatency(trace, 10000, 15000);
    const after = meanLatency(trace, 18000, 30000);
    expect(after).to.be.below(before + 30);
    expect(trace.buffer.stats.underruns).to.equal(1);
    // The stall's latency was shed (skipped in pauses, or accelerated in speech): about the stall
    // minus what the gate already held.
    const { droppedMs, acceleratedMs, concealedMs } = trace.buffer.stats;
    expect(droppedMs + acceleratedMs).to.be.within(200, 320);
    // The hole was concealed, not played as a bare cut: about the stall minus the buffered depth.
    expect(concealedMs).to.be.within(200, 320);
  });

  it('sheds the extra latency of a continuous tone by accelerating, pitch unchanged, dropping nothing', () => {
    // A tone has no quiet stretch to skip: after a 300 ms hold + burst the excess goes by removing
    // whole periods (at most 15 % of the audio played: 300 ms take about 2 s).
    const trace = simulate({ jitterMs: 0, seconds: 30, signal: sine(30), stall: { atMs: 5000, durationMs: 300 } });
    const stats = trace.buffer.stats;
    expect(stats.droppedMs).to.equal(0);
    expect(stats.underruns).to.equal(1);
    expect(stats.acceleratedMs).to.be.within(200, 320);
    const before = meanLatency(trace, 1000, 5000);
    expect(meanLatency(trace, 5500, 6000)).to.be.above(before + 100);
    expect(meanLatency(trace, 9000, 30000)).to.be.below(before + 10);
    // Meanwhile the tone keeps its pitch and stays clean: no step larger than the tone's own.
    const shedding = trace.output.subarray(Math.round(5.6 * RATE), Math.round(6.6 * RATE));
    expect(estimateFrequency(shedding, RATE)).to.be.closeTo(440, 0.5);
    const ownStep = 0.3 * 2 * Math.sin((Math.PI * 440) / RATE);
    let largestStep = 0;
    for (let i = 1; i < shedding.length; i++) largestStep = Math.max(largestStep, Math.abs(shedding[i] - shedding[i - 1]));
    expect(largestStep).to.be.below(ownStep * 1.05);
    const fit = fitTone(shedding, RATE, estimateFrequency(shedding, RATE));
    expect(fit.residualRms / (0.3 / Math.SQRT2), 'amplitude held through the cross-fades').to.be.below(0.05);
  });

  it('sheds the lateness of a reply\'s first chunk within the reply, without quiet stretches', () => {
    // The first two chunks are held 40 ms, the rest on time: the gate opened 40 ms late.
    const trace = simulate({ jitterMs: 0, seconds: 4, signal: sine(4), stall: { atMs: 0, durationMs: 40 } });
    const stats = trace.buffer.stats;
    expect(stats.droppedMs).to.equal(0);
    expect(stats.underruns).to.equal(0);
    // What the target needs (target − one chunk), within 5 ms, well before the reply ends.
    expect(meanLatency(trace, 3000, 4000)).to.be.below(stats.targetMs - CHUNK_MS + 5);
  });

  it('after a sender pause, measures lateness against the resumed stream', () => {
    // The pause makes every later chunk 300 ms late on the old schedule; the jitter estimate and
    // the latency (measured on the new schedule) must return to what they were.
    const trace = simulate({ jitterMs: 20, seconds: 30, signal: sine(30), stall: { atMs: 15000, durationMs: 300, shift: true } });
    const jitterBefore = meanOf(trace.jitter, 10000, 15000);
    expect(Math.max(...trace.jitter.filter(([time]) => time >= 16000).map(([, value]) => value))).to.be.below(jitterBefore + 20);
    expect(meanLatency(trace, 20000, 30000) - 300).to.be.below(meanLatency(trace, 10000, 15000) + 10);
    expect(trace.buffer.stats.underruns).to.equal(1);
    expect(trace.buffer.stats.droppedMs).to.equal(0);
  });

  it('plays a burst faster than real time (TTS) in full', () => {
    const signal = makeSpeechLike(RATE, 2.5, 2);
    const buffer = new Playout({ sampleRate: RATE });
    for (let k = 0; k * CHUNK < signal.length; k++) buffer.push(signal.subarray(k * CHUNK, (k + 1) * CHUNK), 100 + k * 0.5);
    const output = new Float32Array(QUANTUM);
    let played = 0;
    for (let q = 0; q < (3 * RATE) / QUANTUM; q++) played += buffer.pull(output, QUANTUM);
    expect(played).to.equal(signal.length);
    expect(buffer.stats.droppedMs).to.equal(0);
    expect(buffer.stats.underruns).to.equal(0);
  });

  it('caps a flood at maxBufferMs, drops the oldest audio and counts it', () => {
    const buffer = new Playout({ sampleRate: RATE, maxBufferMs: 1000 });
    const chunk = new Float32Array(CHUNK);
    for (let k = 0; k < 500; k++) {
      chunk.fill(k / 1000);
      buffer.push(chunk, k * 0.1); // 10 s of audio in 50 ms
      expect(buffer.stats.depthMs).to.be.at.most(1000);
    }
    expect(buffer.stats.droppedMs).to.be.closeTo(9000, 0.5);
    const output = new Float32Array(QUANTUM);
    buffer.pull(output);
    expect(output[0]).to.be.closeTo(450 / 1000, 1e-7); // the newest second survived
  });

  it('flush() empties at once and re-arms the start gate', () => {
    const buffer = new Playout({ sampleRate: RATE, initialTargetMs: 60 });
    for (let k = 0; k < 10; k++) buffer.push(filled(CHUNK, 0.5), k * 20);
    const output = new Float32Array(QUANTUM);
    expect(buffer.pull(output)).to.equal(QUANTUM);
    buffer.flush();
    expect(buffer.stats.depthMs).to.equal(0);
    expect(buffer.stats.buffering).to.equal(true);
    expect(buffer.pull(output.fill(1))).to.equal(0);
    expect(output.every((s) => s === 0)).to.equal(true);
    // Gate: one 20 ms chunk is below the 60 ms target, so it waits...
    buffer.push(filled(CHUNK, 0.25), 300);
    expect(buffer.pull(output)).to.equal(0);
    for (let k = 1; k < 3; k++) buffer.push(filled(CHUNK, 0.25), 300 + k * 20);
    // ...and plays once the target is met.
    expect(buffer.pull(output)).to.equal(QUANTUM);
    expect(output[0]).to.equal(0.25);
    expect(buffer.stats.underruns).to.equal(0);
  });

  it('counts an underrun, conceals it with a continuation fading to silence, and rebuffers when audio resumes shortly', () => {
    const buffer = new Playout({ sampleRate: RATE });
    const output = new Float32Array(QUANTUM);
    let time = 0;
    for (let k = 0; k < 5; k++) buffer.push(filled(CHUNK, 0.5), (time = k * 20));
    let played = 0;
    let lastPlayed = 0;
    while (!buffer.stats.buffering || played === 0) {
      played += lastPlayed = buffer.pull(output);
      time += QUANTUM_MS;
    }
    expect(played).to.equal(5 * CHUNK);
    // The quantum that ran dry goes on with the signal instead of cutting to 0...
    expect(output[lastPlayed]).to.be.closeTo(0.5, 0.01);
    // ...and 70 ms later it has faded to exact silence.
    for (let q = 0; q < Math.ceil(70 / QUANTUM_MS); q++) buffer.pull(output);
    expect(output.every((s) => s === 0)).to.equal(true);
    buffer.push(filled(CHUNK, 0.5), time + 200);
    expect(buffer.stats.underruns).to.equal(1);
    expect(buffer.stats.concealedMs).to.be.above(70);
    expect(buffer.pull(output)).to.equal(0); // rebuffering to the start depth
    expect(buffer.stats.buffering).to.equal(true);
  });

  it('treats a long pause between turns as a new spurt, not an underrun', () => {
    const buffer = new Playout({ sampleRate: RATE });
    const output = new Float32Array(QUANTUM);
    for (let k = 0; k < 5; k++) buffer.push(filled(CHUNK, 0.5), k * 20);
    for (let q = 0; q < 200; q++) buffer.pull(output);
    const jitterBefore = buffer.stats.jitterMs;
    for (let k = 0; k < 5; k++) buffer.push(filled(CHUNK, 0.5), 3000 + k * 20);
    expect(buffer.stats.underruns).to.equal(0);
    expect(buffer.stats.jitterMs).to.equal(jitterBefore);
  });

  it('plays the tail of a turn that stays below the target', () => {
    const buffer = new Playout({ sampleRate: RATE, initialTargetMs: 100 });
    buffer.push(filled(CHUNK, 0.5), 0);
    const output = new Float32Array(QUANTUM);
    let played = 0;
    for (let q = 0; q < 60; q++) played += buffer.pull(output);
    expect(played).to.equal(CHUNK);
    expect(buffer.stats.playedMs).to.equal(20);
  });

  it('pushPcm16 stores the same audio as push', () => {
    const pcm = Int16Array.from({ length: 3 * CHUNK }, (_, i) => ((i * 37) % 65536) - 32768);
    const floats = Float32Array.from(pcm, (v) => v / 32768);
    const a = new Playout({ sampleRate: RATE });
    const b = new Playout({ sampleRate: RATE });
    a.pushPcm16(pcm, 0);
    b.push(floats, 0);
    const outA = new Float32Array(6 * CHUNK);
    const outB = new Float32Array(6 * CHUNK);
    let playedA = 0;
    for (let q = 0; q < 6; q++) playedA += a.pull(outA.subarray(q * CHUNK, (q + 1) * CHUNK));
    for (let q = 0; q < 6; q++) b.pull(outB.subarray(q * CHUNK, (q + 1) * CHUNK));
    expect(playedA).to.equal(3 * CHUNK);
    expect(outA).to.deep.equal(outB);
  });
});
