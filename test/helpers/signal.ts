// Signal helpers for tests: loudness, medians, PCM16 conversion and test tones. Frequency
// estimation is the DSP core's own (src/dsp/tone.ts), shared with the benchmarks.
export { estimateFrequency } from '../../src/dsp/tone';

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

export function median(values: number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

export function pcm16ToFloats(pcm: Int16Array): Float32Array {
  return Float32Array.from(pcm, (sample) => sample / 32768);
}

/** A sine as PCM16, e.g. agent audio to feed into playback. */
export function sinePcm16(frequency: number, sampleRate: number, length: number, amplitude = 0.5, phaseStart = 0): Int16Array {
  const pcm = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    pcm[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * (phaseStart + i)) / sampleRate));
  }
  return pcm;
}
