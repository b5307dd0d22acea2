// Tells an echo burst in the cleaned mic from the visitor's voice by its shape, not its level:
// a browser's canceller that has output silence for seconds may let the echo through at up to
// the agent's full level for a fraction of a second while it locks, and no level threshold
// tells that from a visitor quieter than the agent. Echo is the played signal, delayed and
// scaled: its fine log-energy envelope (one value per render quantum, each over the last 8 ms:
// syllable edges, the rise and fall inside a vowel) follows the agent's at one lag. A visitor's does not follow the agent's at any lag.
// Judged over the newest `windowMs` only (the burst itself, not the silence before it, whose
// step up would match any onset of the agent), at every lag up to `maxDelayMs`. A steady
// envelope (a held vowel, a tone) says nothing by its shape and does not count as echo. No allocation
// after construction; fractional state in TypeScript `private` fields (see echo-canceller.ts).

export interface EchoLikenessOptions {
  sampleRate: number;
  /** Samples per push (one render quantum). */
  blockSize: number;
  /** Longest echo delay searched, ms. Default 500. */
  maxDelayMs?: number;
  /** Newest stretch of the mic compared, ms. Default 40 (the barge-in detector's onset). */
  windowMs?: number;
  /** Envelope correlation at which the mic counts as echo. Default 0.7. */
  minCorrelation?: number;
}

/** Mean-square floor of the envelopes (-90 dBFS): exact zeros must not dominate the log. */
const FLOOR = 1e-9;
/** The agent's envelope must vary at least this much (variance of ln power, ~1 dB std) to be recognisable. */
const MIN_AGENT_VARIANCE = 0.05;
/** The mic's envelope must vary at least this share of the agent's (a steady tone does not follow speech). */
const MIN_VARIANCE_SHARE = 0.2;
/** Blocks summed into each envelope value (three render quanta: 8 ms at 48 kHz, about a pitch period). */
const SPAN = 3;

export class EchoLikeness {
  /** Best correlation and its lag (blocks) at the last judge(). */
  correlation = 0;
  lag = -1;
  private readonly window: number;
  private readonly maxLag: number;
  private readonly minCorrelation: number;
  private readonly agent: Float32Array;
  private readonly mic: Float32Array;
  private head = 0;
  private filled = 0;
  /** Powers of the last SPAN blocks: each envelope value spans more than a pitch period, so it does not hang on where the pulses fall. */
  private readonly agentPowers = new Float64Array(SPAN);
  private readonly micPowers = new Float64Array(SPAN);
  private agentSum = 0;
  private micSum = 0;
  private spanSlot = 0;

  constructor(options: EchoLikenessOptions) {
    const blockMs = (options.blockSize * 1000) / options.sampleRate;
    this.window = Math.max(4, Math.round((options.windowMs ?? 40) / blockMs) - SPAN + 1);
    this.maxLag = Math.ceil((options.maxDelayMs ?? 500) / blockMs);
    this.minCorrelation = options.minCorrelation ?? 0.7;
    this.agent = new Float32Array(this.maxLag + this.window);
    this.mic = new Float32Array(this.maxLag + this.window);
  }

  /** Adds one block of the played signal and the cleaned mic. */
  push(played: Float32Array, mic: Float32Array, length: number): void {
    let agentPower = 0;
    let micPower = 0;
    for (let i = 0; i < length; i++) {
      agentPower += played[i] * played[i];
      micPower += mic[i] * mic[i];
    }
    const slot = this.spanSlot;
    this.spanSlot = (slot + 1) % SPAN;
    this.agentSum += agentPower - this.agentPowers[slot];
    this.micSum += micPower - this.micPowers[slot];
    this.agentPowers[slot] = agentPower;
    this.micPowers[slot] = micPower;
    this.agent[this.head] = Math.log(Math.max(this.agentSum, 0) / (SPAN * length) + FLOOR);
    this.mic[this.head] = Math.log(Math.max(this.micSum, 0) / (SPAN * length) + FLOOR);
    this.head = (this.head + 1) % this.agent.length;
    if (this.filled < this.agent.length) this.filled++;
  }

  /** True when the newest window of the mic follows the agent's envelope at some lag. */
  judge(): boolean {
    const size = this.agent.length;
    const window = this.window;
    this.correlation = 0;
    this.lag = -1;
    if (this.filled < window) return false;
    const micStart = (this.head - window + size) % size;
    let micMean = 0;
    for (let i = 0; i < window; i++) micMean += this.mic[(micStart + i) % size];
    micMean /= window;
    let micVariance = 0;
    for (let i = 0; i < window; i++) {
      const m = this.mic[(micStart + i) % size] - micMean;
      micVariance += m * m;
    }
    const lags = Math.min(this.maxLag, this.filled - window);
    for (let lag = 0; lag <= lags; lag++) {
      const start = (micStart - lag + size) % size;
      let mean = 0;
      for (let i = 0; i < window; i++) mean += this.agent[(start + i) % size];
      mean /= window;
      let cross = 0;
      let variance = 0;
      for (let i = 0; i < window; i++) {
        const a = this.agent[(start + i) % size] - mean;
        cross += a * (this.mic[(micStart + i) % size] - micMean);
        variance += a * a;
      }
      if (variance < MIN_AGENT_VARIANCE * window || micVariance < MIN_VARIANCE_SHARE * variance) continue;
      const correlation = cross / Math.sqrt(variance * micVariance);
      if (correlation > this.correlation) {
        this.correlation = correlation;
        this.lag = lag;
      }
    }
    return this.correlation >= this.minCorrelation;
  }

  reset(): void {
    this.head = this.filled = this.spanSlot = 0;
    this.agentSum = this.micSum = 0;
    this.agentPowers.fill(0);
    this.micPowers.fill(0);
    this.correlation = 0;
    this.lag = -1;
  }
}
