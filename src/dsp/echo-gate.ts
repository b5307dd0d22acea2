// Half-duplex echo safety. Browsers' echo cancellers do not cover Web Audio output, so a
// speakerphone visitor's mic hears the agent, and the agent may answer itself. While the
// agent is audible, the gate attenuates the mic — unless the visitor is clearly louder than
// the agent's own playback (echo is essentially never louder than what the speakers play),
// which is also the cue for local barge-in.
//
// After an echo canceller, the gate is its residual echo suppressor: the canceller says how
// much echo it expects to have left (`echoDb`, `echoKnown`), and the visitor only has to be
// louder than that — tens of dB below the agent's playback — for the gate to open.

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
  /** Visitor must stay louder this long to count as barge-in, ms. Default 100. */
  bargeInMs?: number;
  /** Gain ramp time, ms: avoids clicks when the gate opens or closes. Default 10. */
  rampMs?: number;
  /** With `echoKnown`: the mic must exceed `echoDb` by this much (dB). Default 10. */
  residualMarginDb?: number;
  /** With `echoKnown`: barge-in after this long, ms (a cancelled echo is told apart sooner). Default 60. */
  residualBargeInMs?: number;
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
  readonly #residualBargeInSamples: number;
  readonly #closedGain: number;
  readonly #agentActiveDb: number;
  readonly #marginDb: number;
  readonly #holdSamples: number;
  readonly #bargeInSamples: number;
  readonly #rampStep: number;
  #gain = 1;
  /** Capped at the hold so it stays a small integer: an Infinity here would box a double per quantum. */
  #samplesSinceAgent = 0;
  #samplesUserOver = 0;
  /** Agent level while it was last audible: during the hold its echo still sounds like that. */
  #lastAudibleAgentDb = -100;

  constructor(options: EchoGateOptions) {
    const { sampleRate } = options;
    this.#closedGain = 10 ** (-(options.attenuationDb ?? 30) / 20);
    this.#agentActiveDb = options.agentActiveDb ?? -50;
    this.#marginDb = options.marginDb ?? 0;
    this.#residualMarginDb = options.residualMarginDb ?? 10;
    this.#residualBargeInSamples = Math.ceil(((options.residualBargeInMs ?? 60) * sampleRate) / 1000);
    this.#holdSamples = Math.ceil(((options.holdMs ?? 200) * sampleRate) / 1000);
    this.#bargeInSamples = Math.ceil(((options.bargeInMs ?? 100) * sampleRate) / 1000);
    this.#samplesSinceAgent = this.#holdSamples;
    this.#rampStep = 1 / Math.max(1, ((options.rampMs ?? 10) * sampleRate) / 1000);
  }

  /** True while the agent is (or just was) audible. */
  get agentSpeaking(): boolean {
    return this.#samplesSinceAgent < this.#holdSamples;
  }

  /** True once the visitor has been clearly louder than the agent for bargeInMs while it spoke. */
  get bargeIn(): boolean {
    return this.#samplesUserOver >= (this.echoKnown ? this.#residualBargeInSamples : this.#bargeInSamples);
  }

  /** Current gain applied to the mic (1 = open). */
  get gain(): number {
    return this.#gain;
  }

  /** Gates samples[0..length) in place, judging by `micDb` and `agentDb`. */
  process(samples: Float32Array, length: number): void {
    const micDb = this.micDb;
    if (this.agentDb > this.#agentActiveDb) {
      this.#samplesSinceAgent = 0;
      this.#lastAudibleAgentDb = this.agentDb;
    } else {
      this.#samplesSinceAgent = Math.min(this.#samplesSinceAgent + length, this.#holdSamples);
    }
    const threshold = this.echoKnown ? this.echoDb + this.#residualMarginDb : this.#lastAudibleAgentDb + this.#marginDb;
    const userOver = this.agentSpeaking && micDb > threshold;
    this.#samplesUserOver = userOver ? this.#samplesUserOver + length : 0;
    const target = !this.enabled || !this.agentSpeaking || userOver ? 1 : this.#closedGain;
    let gain = this.#gain;
    if (gain === target && gain === 1) return;
    const step = this.#rampStep;
    for (let i = 0; i < length; i++) {
      if (gain < target) gain = Math.min(target, gain + step);
      else if (gain > target) gain = Math.max(target, gain - step);
      samples[i] *= gain;
    }
    this.#gain = gain;
  }

  reset(): void {
    this.#gain = 1;
    this.#samplesSinceAgent = this.#holdSamples;
    this.#samplesUserOver = 0;
    this.agentDb = this.#lastAudibleAgentDb = -100;
  }
}
