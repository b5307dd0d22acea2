/** Small measurement helpers for tests and benchmarks (not used by the worklets). */

/**
 * Estimates the frequency of a tone from its rising zero crossings, each located by linear
 * interpolation between samples. Returns NaN if fewer than two crossings are found.
 */
export function estimateFrequency(samples: Float32Array, sampleRate: number, length: number = samples.length): number {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let i = 1; i < length; i++) {
    const previous = samples[i - 1];
    const current = samples[i];
    if (previous < 0 && current >= 0) {
      const position = i - 1 + previous / (previous - current);
      if (first < 0) first = position;
      last = position;
      crossings++;
    }
  }
  return crossings < 2 ? NaN : ((crossings - 1) * sampleRate) / (last - first);
}

/** Result of fitTone. */
export interface ToneFit {
  /** Peak amplitude of the fitted sinusoid. */
  amplitude: number;
  /** Phase in radians: the fit is amplitude · sin(2π f n / rate + phase). */
  phase: number;
  /** RMS of what the sinusoid does not explain (noise, distortion, other tones). */
  residualRms: number;
}

/**
 * Least-squares fit of a sinusoid of known frequency to samples[from..to) (exact for any window
 * length, unlike a plain DFT bin). Sample n is at time n / sampleRate.
 */
export function fitTone(samples: Float32Array, sampleRate: number, frequency: number, from = 0, to = samples.length): ToneFit {
  const omega = (2 * Math.PI * frequency) / sampleRate;
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let n = from; n < to; n++) {
    const s = Math.sin(omega * n);
    const c = Math.cos(omega * n);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += samples[n] * s;
    yc += samples[n] * c;
  }
  const determinant = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / determinant;
  const b = (yc * ss - ys * sc) / determinant;
  let residual = 0;
  for (let n = from; n < to; n++) {
    const r = samples[n] - a * Math.sin(omega * n) - b * Math.cos(omega * n);
    residual += r * r;
  }
  return { amplitude: Math.hypot(a, b), phase: Math.atan2(b, a), residualRms: Math.sqrt(residual / Math.max(1, to - from)) };
}

/** Deterministic uniform random numbers in [0, 1) (mulberry32), for reproducible test signals. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A speech-like test signal: voiced "syllables" (80–320 ms, 110–260 Hz fundamental plus two
 * harmonics, smooth envelope, peak ≈ 0.5) separated by pauses of 40–400 ms of near silence
 * (≈ −80 dBFS noise), like an agent's turn.
 */
export function makeSpeechLike(sampleRate: number, seconds: number, seed = 1): Float32Array {
  const random = createRandom(seed);
  const samples = new Float32Array(Math.round(sampleRate * seconds));
  let n = 0;
  while (n < samples.length) {
    const voiced = Math.round(sampleRate * (0.08 + 0.24 * random()));
    const pitch = 110 + 150 * random();
    const amplitude = 0.25 + 0.1 * random();
    for (let i = 0; i < voiced && n < samples.length; i++, n++) {
      const envelope = Math.sin((Math.PI * i) / voiced) ** 2;
      const phase = (2 * Math.PI * pitch * n) / sampleRate;
      samples[n] = amplitude * envelope * (Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase));
    }
    const pause = Math.round(sampleRate * (0.04 + 0.36 * random()));
    for (let i = 0; i < pause && n < samples.length; i++, n++) samples[n] = (random() - 0.5) * 2e-4;
  }
  return samples;
}

/**
 * A stall in a simulated stream: a network hold (chunks due during it arrive at its end), or
 * with `shift` a sender pause (every later chunk is that much late).
 */
export interface SimulatedStall {
  atMs: number;
  durationMs: number;
  shift?: boolean;
}

/**
 * Arrival times (ms) of `count` chunks of `chunkMs` sent in real time, each delayed by a
 * uniform random 0..jitterMs but delivered in order (as over TCP), with an optional stall.
 */
export function simulatedArrivals(count: number, chunkMs: number, jitterMs: number, random: () => number, stall?: SimulatedStall): number[] {
  const arrivals: number[] = [];
  let previous = 0;
  for (let k = 0; k < count; k++) {
    const sent = stall?.shift && k * chunkMs >= stall.atMs ? k * chunkMs + stall.durationMs : k * chunkMs;
    let arrival = Math.max(previous, sent + random() * jitterMs);
    if (stall && !stall.shift && arrival >= stall.atMs && arrival < stall.atMs + stall.durationMs) arrival = stall.atMs + stall.durationMs;
    arrivals.push(arrival);
    previous = arrival;
  }
  return arrivals;
}
