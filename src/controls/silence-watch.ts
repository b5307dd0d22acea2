// Tells a microphone that sends nothing but digital silence (every sample exactly zero) from
// a quiet one: a real mic in a quiet room still has noise. iOS sometimes hands out such a dead
// track; the visitor should hear about it before talking to nobody. Pure: time comes in.

/** True when every sample is exactly zero. */
export function isDigitalSilence(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== 0) return false;
  return true;
}

export class SilenceWatch {
  #silentMs = 0;

  /** @param limitMs how long the mic must send only zeros before it counts as dead. */
  constructor(readonly limitMs: number) {}

  /**
   * One look at the mic: whether its last samples were all zeros, the meter's 0–1 level, and
   * the audio time since the previous look. True while the mic has been dead for limitMs.
   */
  update(digitalSilence: boolean, level: number, elapsedMs: number): boolean {
    this.#silentMs = digitalSilence && level === 0 ? this.#silentMs + Math.max(0, elapsedMs) : 0;
    return this.silent;
  }

  get silent(): boolean {
    return this.#silentMs >= this.limitMs;
  }

  reset(): void {
    this.#silentMs = 0;
  }
}
