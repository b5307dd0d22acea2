// DSP benchmarks: each exported function returns a table section { title, columns, rows, notes }.
import { loadDsp } from './load-dsp.mjs';

const RESAMPLER_PAIRS = [
  [48000, 24000],
  [44100, 24000],
  [24000, 48000],
  [16000, 48000],
];
const BLOCK = 128; // render quantum
const SPEED_SECONDS = 10;
/** Extra delay of a spike in the "spikes" case. */
const SPIKE_MS = 150;

/** The naive baseline: linear interpolation between neighbouring input samples, streaming. */
class LinearResampler {
  constructor(inputRate, outputRate) {
    this.step = inputRate / outputRate;
    this.position = 0; // of the next output, relative to the current block's first input
    this.previous = 0; // last input of the previous block (index -1)
  }
  maxOutputLength(inputLength) {
    return Math.ceil(inputLength / this.step) + 1;
  }
  process(input, output, inputLength = input.length) {
    let written = 0;
    let position = this.position;
    while (position < inputLength - 1) {
      const index = Math.floor(position);
      const fraction = position - index;
      const left = index < 0 ? this.previous : input[index];
      output[written++] = left + fraction * (input[index + 1] - left);
      position += this.step;
    }
    this.previous = input[inputLength - 1];
    this.position = position - inputLength;
    return written;
  }
}

/** × real time on one core, best of three runs over SPEED_SECONDS of speech-like audio in 128-sample blocks. */
function measureSpeed(resampler, signal, inputRate) {
  const output = new Float32Array(resampler.maxOutputLength(BLOCK));
  const block = new Float32Array(BLOCK);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    for (let offset = 0; offset + BLOCK <= signal.length; offset += BLOCK) {
      block.set(signal.subarray(offset, offset + BLOCK));
      resampler.process(block, output, BLOCK);
    }
    best = Math.min(best, performance.now() - start);
  }
  return (signal.length / inputRate) / (best / 1000);
}

/**
 * Stopband attenuation, dB. Down-sampling: a tone at 1.25 × the output Nyquist must vanish
 * (output energy vs input). Up-sampling: a 0.8 × Nyquist tone is fitted and removed; what remains
 * (images) is compared with the tone.
 */
function measureStopband(createResampler, inputRate, outputRate, fitTone) {
  const resampler = createResampler();
  const nyquist = Math.min(inputRate, outputRate) / 2;
  const down = outputRate < inputRate;
  const frequency = (down ? 1.25 : 0.8) * nyquist;
  const input = new Float32Array(inputRate);
  for (let i = 0; i < input.length; i++) input[i] = 0.5 * Math.sin((2 * Math.PI * frequency * i) / inputRate);
  const output = new Float32Array(resampler.maxOutputLength(input.length));
  const count = resampler.process(input, output);
  const from = Math.floor(count / 4); // past the start-up transient
  let unwanted;
  if (down) {
    let energy = 0;
    for (let i = from; i < count; i++) energy += output[i] * output[i];
    unwanted = Math.sqrt(energy / (count - from));
  } else {
    unwanted = fitTone(output, outputRate, frequency, from, count).residualRms;
  }
  return -20 * Math.log10(unwanted / (0.5 / Math.SQRT2));
}

export async function resamplerRows() {
  const { Resampler, makeSpeechLike, fitTone } = await loadDsp();
  const rows = RESAMPLER_PAIRS.map(([inputRate, outputRate]) => {
    const signal = makeSpeechLike(inputRate, SPEED_SECONDS, 7);
    const ours = new Resampler(inputRate, outputRate);
    return [
      `${inputRate / 1000}k → ${outputRate / 1000}k`,
      `${measureSpeed(ours, signal, inputRate).toFixed(0)}×`,
      `${measureSpeed(new LinearResampler(inputRate, outputRate), signal, inputRate).toFixed(0)}×`,
      `${measureStopband(() => new Resampler(inputRate, outputRate), inputRate, outputRate, fitTone).toFixed(1)} dB`,
      `${measureStopband(() => new LinearResampler(inputRate, outputRate), inputRate, outputRate, fitTone).toFixed(1)} dB`,
      `${(ours.latencySeconds * 1000).toFixed(2)} ms`,
    ];
  });
  return {
    title: 'Resampler (windowed-sinc polyphase vs naive linear interpolation, 128-sample blocks, one core)',
    columns: ['rate pair', 'speed ours', 'speed linear', 'stopband ours', 'stopband linear', 'latency ours'],
    rows,
    notes: [
      'goals: speed ≥ 300× real time, stopband ≥ 70 dB',
      'stopband: down-sampling = residue of a 1.25 × Nyquist tone; up-sampling = images of a 0.8 × Nyquist tone',
    ],
  };
}

/**
 * Simulated call leg: 20 ms chunks sent at real rate, each delayed by uniform random 0..jitterMs
 * (in order, as over TCP); an optional stall holds every chunk back until it ends. Playout pulls
 * 128 samples per render quantum on the same simulated clock, and arrivals are stamped at quantum
 * boundaries like a worklet's currentTime.
 */
export async function simulatePlayout({ jitterMs, seconds = 60, stall, spikes = 0, seed = 3, sampleRate = 24000, chunkMs = 20 }) {
  const { Playout, makeSpeechLike, createRandom, simulatedArrivals } = await loadDsp();
  const signal = makeSpeechLike(sampleRate, seconds, seed);
  const chunk = Math.round((sampleRate * chunkMs) / 1000);
  const arrivals = simulatedArrivals(Math.ceil(signal.length / chunk), chunkMs, jitterMs, createRandom(seed), stall);
  if (spikes > 0) {
    const random = createRandom(seed + 1);
    for (let k = 0; k < arrivals.length; k++) {
      if (random() < spikes) arrivals[k] += SPIKE_MS;
      if (k > 0) arrivals[k] = Math.max(arrivals[k], arrivals[k - 1]);
    }
  }
  const buffer = new Playout({ sampleRate });
  const output = new Float32Array(BLOCK);
  const quantumMs = (BLOCK / sampleRate) * 1000;
  let next = 0;
  let latencySum = 0;
  let latencyCount = 0;
  let maxLatency = 0;
  const afterStall = { sum: 0, count: 0 };
  // Output that was not speech between the first and the last audio: holes (silence, or concealment).
  let holeSamples = 0;
  let pendingHole = 0;
  let silentSamples = 0;
  let pendingSilent = 0;
  let started = false;
  for (let q = 0; next < arrivals.length || buffer.stats.depthMs > 0; q++) {
    const now = q * quantumMs;
    while (next < arrivals.length && arrivals[next] <= now) {
      const start = next * chunk;
      buffer.push(signal.subarray(start, Math.min(start + chunk, signal.length)), now);
      next++;
    }
    const played = buffer.pull(output, BLOCK);
    let silent = 0;
    for (let i = played; i < BLOCK; i++) if (output[i] === 0) silent++;
    if (started) {
      pendingHole += BLOCK - played;
      pendingSilent += silent;
    }
    if (played > 0) {
      started = true;
      // Counted once audio follows: the last block's tail is the end of the stream, not a hole.
      holeSamples += pendingHole - (BLOCK - played);
      silentSamples += pendingSilent - silent;
      pendingHole = BLOCK - played;
      pendingSilent = silent;
      const stats = buffer.stats;
      // Media consumed (played + skipped) vs the clock: how late the current sample plays
      // relative to its jitter-free arrival time.
      const latency = now + (played / sampleRate) * 1000 - (stats.playedMs + stats.droppedMs);
      latencySum += latency;
      latencyCount++;
      maxLatency = Math.max(maxLatency, latency);
      if (stall && now >= stall.atMs + 5000 && now < stall.atMs + 6000) {
        afterStall.sum += latency;
        afterStall.count++;
      }
    }
  }
  const stats = buffer.stats;
  return {
    underrunsPerMinute: stats.underruns / (seconds / 60),
    meanLatencyMs: latencySum / latencyCount,
    maxLatencyMs: maxLatency,
    latency5sAfterStallMs: afterStall.count ? afterStall.sum / afterStall.count : NaN,
    droppedMs: stats.droppedMs,
    targetMs: stats.targetMs,
    jitterMs: stats.jitterMs,
    holeMs: (holeSamples / sampleRate) * 1000,
    silentMs: (silentSamples / sampleRate) * 1000,
    concealedMs: stats.concealedMs,
    acceleratedMs: stats.acceleratedMs,
    expandedMs: stats.expandedMs,
  };
}

export async function jitterRows() {
  const cases = [
    ['0 ms jitter', { jitterMs: 0 }],
    ['20 ms jitter', { jitterMs: 20 }],
    ['40 ms jitter', { jitterMs: 40 }],
    ['80 ms jitter', { jitterMs: 80 }],
    ['40 ms jitter + spikes', { jitterMs: 40, spikes: 0.02 }],
    ['20 ms + 300 ms hold', { jitterMs: 20, stall: { atMs: 20000, durationMs: 300 } }],
    ['20 ms + 300 ms pause', { jitterMs: 20, stall: { atMs: 20000, durationMs: 300, shift: true } }],
  ];
  const rows = [];
  for (const [label, options] of cases) {
    const result = await simulatePlayout(options);
    rows.push([
      label,
      result.underrunsPerMinute.toFixed(1),
      `${result.meanLatencyMs.toFixed(0)} ms`,
      `${result.maxLatencyMs.toFixed(0)} ms`,
      `${result.targetMs.toFixed(0)} ms`,
      `${result.droppedMs.toFixed(0)} ms`,
      Number.isNaN(result.latency5sAfterStallMs) ? '' : `${result.latency5sAfterStallMs.toFixed(0)} ms`,
      `${result.holeMs.toFixed(0)} ms`,
      `${result.silentMs.toFixed(0)} ms`,
      `${result.acceleratedMs.toFixed(0)} / ${result.expandedMs.toFixed(0)} ms`,
    ]);
  }
  return {
    title: 'Playout alone (src/dsp/playout.ts), simulated (24 kHz speech-like audio, 20 ms chunks, uniform random delay, 60 s, no browser)',
    columns: ['case', 'underruns/min', 'mean latency', 'max latency', 'final target', 'skipped', 'latency 5 s after stall', 'holes', 'heard as silence', 'accelerated / expanded'],
    rows,
    notes: [
      'goal: 0 underruns at 40 ms jitter with ≤ 120 ms mean latency',
      'latency = playout time − media time of the sample (chunk k holds media k·20…k·20+20 ms, sent at k·20 ms); includes the start gate',
      'hold: a network stall — chunks due during 300 ms at t = 20 s arrive at its end, later ones on time; pause: the sender stops for 300 ms and the rest of the stream stays 300 ms late (the mock\'s stallMs fault); excess latency is shed by skipping inside speech pauses and by removing pitch periods (accelerate, ≤ 15 %) elsewhere',
      'holes: output that was not speech between the first and the last audio; heard as silence: the part of it that was exact zeros (a hole is now filled by a pitch-synchronous continuation fading out over 60 ms, then silence, and speech resumes with a 5 ms cross-fade)',
      'spikes: besides the uniform delay, 2 % of chunks (random) are 150 ms late, and the ones behind them wait (in order, as over TCP)',
      'expanded: audio added by preemptive expansion or by lengthening a pause, while a reply grows from its low start depth to the target',
    ],
  };
}
