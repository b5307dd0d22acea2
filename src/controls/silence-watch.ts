// Tells a microphone that sends nothing but digital silence (every sample exactly zero) from
// a quiet one: a real mic in a quiet room still has noise. iOS sometimes hands out such a dead
// track; the visitor should hear about it before talking to nobody. Pure: time comes in.

/** True when every sample is exactly zero (float samples or PCM16). */
export function isDigitalSilence(samples: ArrayLike<number>): boolean {
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

/**
 * A call's mic frames, watched for a dead track. Frames the widget itself silenced (mute,
 * push-to-talk released) say nothing about the mic and start the count over.
 */
export class DeadMicWatch {
  readonly #watch: SilenceWatch;
  readonly #frameMs: number;
  silent = false;

  constructor(limitMs: number, frameMs: number) {
    this.#watch = new SilenceWatch(limitMs);
    this.#frameMs = frameMs;
  }

  /** One captured frame; true when the verdict changed. */
  frame(pcm: ArrayLike<number>, level: number, muted: boolean): boolean {
    if (muted) this.#watch.reset();
    const silent = !muted && this.#watch.update(isDigitalSilence(pcm), level, this.#frameMs);
    if (silent === this.silent) return false;
    this.silent = silent;
    return true;
  }
}
