/** Test signals for the playout units: a synthetic vowel and click measures. */

/**
 * A vowel-like voiced signal: a fundamental and four weaker harmonics (one rising zero crossing
 * per period, so estimateFrequency() reads its pitch), starting at `phase` periods.
 */
export function vowel(sampleRate: number, frequency: number, length: number, amplitude = 0.4, phase = 0): Float32Array {
  const harmonics = [1, 0.35, 0.2, 0.1, 0.05];
  const signal = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = phase + (frequency * i) / sampleRate;
    let sample = 0;
    for (let h = 0; h < harmonics.length; h++) sample += harmonics[h] * Math.sin(2 * Math.PI * (h + 1) * t + h * 0.7);
    signal[i] = (amplitude * sample) / 1.7;
  }
  return signal;
}

/** Largest sample-to-sample step in samples[from..to). */
export function largestStep(samples: Float32Array, from = 1, to = samples.length): number {
  let largest = 0;
  for (let i = Math.max(1, from); i < to; i++) largest = Math.max(largest, Math.abs(samples[i] - samples[i - 1]));
  return largest;
}

/** Largest second difference |x[i] − 2x[i−1] + x[i−2]| in samples[from..to): a kink or a step shows here first. */
export function largestBend(samples: Float32Array, from = 2, to = samples.length): number {
  let largest = 0;
  for (let i = Math.max(2, from); i < Math.min(to, samples.length); i++) largest = Math.max(largest, Math.abs(samples[i] - 2 * samples[i - 1] + samples[i - 2]));
  return largest;
}

/** Peak magnitude of samples[from..to). */
export function peak(samples: Float32Array, from = 0, to = samples.length): number {
  let largest = 0;
  for (let i = from; i < to; i++) largest = Math.max(largest, Math.abs(samples[i]));
  return largest;
}
