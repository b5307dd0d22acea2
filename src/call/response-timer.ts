// How long the agent took to answer: from the end of the visitor's talk spurt to the agent
// becoming audible. Times are in ms from any one clock (the call's).

/** A gap in the visitor's voice at least this long ends a talk spurt (shorter: between words). */
const SPURT_GAP_MS = 150;
/**
 * The visitor started talking again at most this long before the agent became audible: the
 * answer was already on its way, so it answers the spurt before. Talking longer than that, the
 * agent talks over the visitor, which is no answer to time.
 */
const RESTART_MS = 1000;
/** Mean square of a PCM16 frame above which it counts as speech (-40 dBFS RMS). */
const VOICED_MEAN_SQUARE = (0.01 * 32768) ** 2;

/** Whether a mic frame carries the visitor's voice (loud enough to be speech). */
export function isVoiced(pcm: Int16Array): boolean {
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  return sum > VOICED_MEAN_SQUARE * pcm.length;
}

export class ResponseTimer {
  #lastVoiceAt = -Infinity;
  #spurtStartedAt = -Infinity;
  /** When the spurt before the current one ended. */
  #previousSpurtEndedAt = -Infinity;

  /** A mic frame that carries the visitor's voice was captured at `now`. */
  voiced(now: number): void {
    if (now - this.#lastVoiceAt >= SPURT_GAP_MS) {
      this.#previousSpurtEndedAt = this.#lastVoiceAt;
      this.#spurtStartedAt = now;
    }
    this.#lastVoiceAt = now;
  }

  /** The agent became audible at `now`: the response time, or undefined when there is no turn to answer. */
  agentAudible(now: number): number | undefined {
    const silentFor = now - this.#lastVoiceAt;
    if (silentFor >= SPURT_GAP_MS) return Number.isFinite(silentFor) ? Math.round(silentFor) : undefined;
    const restartedAgo = now - this.#spurtStartedAt;
    if (restartedAgo > RESTART_MS || !Number.isFinite(this.#previousSpurtEndedAt)) return undefined;
    return Math.round(now - this.#previousSpurtEndedAt);
  }
}
