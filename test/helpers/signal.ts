// Signal measurements for tests: tone frequency and loudness of captured/played audio.

/** Frequency of a steady tone from interpolated upward zero crossings; NaN if too few. */
export function estimateFrequency(samples: ArrayLike<number>, sampleRate: number): number {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1];
    const after = samples[i];
    if (before < 0 && after >= 0) {
      const position = i - 1 + before / (before - after);
      if (first < 0) first = position;
      last = position;
      crossings++;
    }
  }
  return crossings < 2 ? NaN : ((crossings - 1) * sampleRate) / (last - first);
}

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
