// Half-duplex echo safety: while the agent is audible, the gate attenuates the mic — unless
// the visitor is clearly louder than the echo expected. With `echoKnown`, that expectation is
// `echoDb` (the capture worklet passes the residual the barge-in detector measures: tens of dB
// below the agent's playback once echo is cancelled); without, the agent's own playback level
// (echo is essentially never louder than what the speakers play). The capture worklet only
// enables it while echo is found in the mic and not yet cancelled; barge-in is BargeInDetector's.

export interface EchoGateOptions {
  sampleRate: number;
  /** How far gated mic audio is turned down, dB. Default 30. */
  attenuationDb?: number;
  /** Agent playback above this level (dBFS) counts as the agent speaking. Default -50. */
  agentActiveDb?: number;
  /** Mic must exceed the agent level by this much (dB) to count as the visitor talking over it. Default 0. */
  marginDb?: number;
  /** Gate stays closed this long after the agent falls silent (echo tail, level lag), ms. Default 200. */
  holdMs?: number;
  /** Gain ramp time, ms: avoids clicks when the gate opens or closes. Default 10. */
  rampMs?: number;
  /** With `echoKnown`: the mic must exceed `echoDb` by this much (dB). Default 10. */
  residualMarginDb?: number;
}

export class EchoGate {
  /** When false, audio passes untouched (headphones, or the site owner turned it off). */
  enabled = true;
  /** The agent's current playback level, dBFS (fed from the playback side). */
  agentDb = -100;
  /**
   * The ungated mic level, dBFS, set before each process() call. A field rather than an
   * argument: passing a double into a non-inlined call boxes it on every render quantum.
   */
  micDb = -100;
  /** Echo expected in the mic (after a canceller), dBFS; used while `echoKnown`. */
  echoDb = -100;
  /** True while `echoDb` is a trustworthy estimate (a converged canceller); else the agent level is. */
  echoKnown = false;
  readonly #residualMarginDb: number;
  readonly #closedGain: number;
  readonly #agentActiveDb: number;
  readonly #marginDb: number;
  readonly #holdSamples: number;
  readonly #rampStep: number;
  /** A `private` field, not `#`: see echo-canceller.ts (a `#` field holding fractions boxes each write). */
  private currentGain = 1;
  /** Capped at the hold so it stays a small integer: an Infinity here would box a double per quantum. */
  #samplesSinceAgent = 0;
  /** Agent level while it was last audible: during the hold its echo still sounds like that. */
  private lastAudibleAgentDb = -100;

  constructor(options: EchoGateOptions) {
    const { sampleRate } = options;
    this.#closedGain = 10 ** (-(options.attenuationDb ?? 30) / 20);
    this.#agentActiveDb = options.agentActiveDb ?? -50;
    this.#marginDb = options.marginDb ?? 0;
    this.#residualMarginDb = options.residualMarginDb ?? 10;
    this.#holdSamples = Math.ceil(((options.holdMs ?? 200) * sampleRate) / 1000);
    this.#samplesSinceAgent = this.#holdSamples;
    this.#rampStep = 1 / Math.max(1, ((options.rampMs ?? 10) * sampleRate) / 1000);
  }

  /** True while the agent is (or just was) audible. */
  get agentSpeaking(): boolean {
    return this.#samplesSinceAgent < this.#holdSamples;
  }

  /** Current gain applied to the mic (1 = open). */
  get gain(): number {
    return this.currentGain;
  }

  /** Gates samples[0..length) in place, judging by `micDb` and `agentDb`. */
  process(samples: Float32Array, length: number): void {
    const micDb = this.micDb;
    if (this.agentDb > this.#agentActiveDb) {
      this.#samplesSinceAgent = 0;
      this.lastAudibleAgentDb = this.agentDb;
    } else {
      this.#samplesSinceAgent = Math.min(this.#samplesSinceAgent + length, this.#holdSamples);
    }
    const threshold = this.echoKnown ? this.echoDb + this.#residualMarginDb : this.lastAudibleAgentDb + this.#marginDb;
    const userOver = this.agentSpeaking && micDb > threshold;
    const target = !this.enabled || !this.agentSpeaking || userOver ? 1 : this.#closedGain;
    let gain = this.currentGain;
    if (gain === target && gain === 1) return;
    const step = this.#rampStep;
    for (let i = 0; i < length; i++) {
      if (gain < target) gain = Math.min(target, gain + step);
      else if (gain > target) gain = Math.max(target, gain - step);
      samples[i] *= gain;
    }
    this.currentGain = gain;
  }

  reset(): void {
    this.currentGain = 1;
    this.#samplesSinceAgent = this.#holdSamples;
    this.agentDb = this.lastAudibleAgentDb = -100;
  }
}
