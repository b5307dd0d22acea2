// Finds how late the agent's own audio comes back in the mic (output latency + air + input
// latency: tens to hundreds of ms, unknown and device dependent), so the adaptive filter only
// has to model the short room response after it. Correlates block log-energy envelopes of the
// played signal and the mic over a range of lags; speech is strongly modulated, so the peak is
// sharp. Resolution: one block. No allocation after construction.

export interface EchoDelayOptions {
  /** Samples per block (one render quantum). */
  blockSize: number;
  sampleRate: number;
  /** Longest delay searched, ms. Default 500. */
  maxDelayMs?: number;
  /** Mic history compared at each look, ms. Default 1000. */
  windowMs?: number;
  /** How often a look is taken, ms. Default 250. */
  intervalMs?: number;
  /** Correlation a peak needs to count. Default 0.5. */
  minCorrelation?: number;
}

/** Energy floor of the envelopes: silence between words must not dominate the log. */
const FLOOR = 1e-7;

export class EchoDelayEstimator {
  /** The settled delay in blocks, or -1 while unknown. */
  delayBlocks = -1;
  /** Correlation of the last accepted peak (0..1). */
  confidence = 0;
  readonly #maxLag: number;
  readonly #window: number;
  readonly #interval: number;
  readonly #minCorrelation: number;
  readonly #reference: Float32Array;
  readonly #mic: Float32Array;
  #head = 0;
  #filled = 0;
  #sinceLook = 0;
  /** A peak seen once; accepted when the next look agrees. */
  #candidate = -1;

  constructor(options: EchoDelayOptions) {
    const blockMs = (options.blockSize * 1000) / options.sampleRate;
    this.#maxLag = Math.ceil((options.maxDelayMs ?? 500) / blockMs);
    this.#window = Math.ceil((options.windowMs ?? 1000) / blockMs);
    this.#interval = Math.ceil((options.intervalMs ?? 250) / blockMs);
    this.#minCorrelation = options.minCorrelation ?? 0.5;
    const length = this.#maxLag + this.#window;
    this.#reference = new Float32Array(length);
    this.#mic = new Float32Array(length);
  }

  /** This block's energies (sum of squares), set before push(): fields, so nothing is boxed. */
  referenceEnergy = 0.5;
  micEnergy = 0.5;

  /** Adds this block's energies; returns true when the delay changed. */
  push(): boolean {
    const length = this.#reference.length;
    this.#reference[this.#head] = Math.log(this.referenceEnergy + FLOOR);
    this.#mic[this.#head] = Math.log(this.micEnergy + FLOOR);
    this.#head = (this.#head + 1) % length;
    if (this.#filled < length) this.#filled++;
    if (++this.#sinceLook < this.#interval || this.#filled < length) return false;
    this.#sinceLook = 0;
    return this.#look();
  }

  reset(): void {
    this.delayBlocks = this.#candidate = -1;
    this.confidence = 0;
    this.#filled = this.#sinceLook = 0;
  }

  #look(): boolean {
    const length = this.#reference.length;
    const window = this.#window;
    // Newest `window` mic blocks end at head-1.
    const micStart = (this.#head - window + length) % length;
    let micMean = 0;
    for (let i = 0; i < window; i++) micMean += this.#mic[(micStart + i) % length];
    micMean /= window;
    let micVar = 0;
    for (let i = 0; i < window; i++) {
      const m = this.#mic[(micStart + i) % length] - micMean;
      micVar += m * m;
    }
    if (micVar <= 0) return false;
    let best = -1;
    let bestLag = -1;
    for (let lag = 0; lag <= this.#maxLag && lag + window <= length; lag++) {
      const refStart = (micStart - lag + length) % length;
      let refMean = 0;
      for (let i = 0; i < window; i++) refMean += this.#reference[(refStart + i) % length];
      refMean /= window;
      let cross = 0;
      let refVar = 0;
      for (let i = 0; i < window; i++) {
        const r = this.#reference[(refStart + i) % length] - refMean;
        cross += r * (this.#mic[(micStart + i) % length] - micMean);
        refVar += r * r;
      }
      if (refVar <= 0) continue;
      const correlation = cross / Math.sqrt(refVar * micVar);
      if (correlation > best) {
        best = correlation;
        bestLag = lag;
      }
    }
    if (best < this.#minCorrelation) return false;
    const agrees = this.#candidate >= 0 && Math.abs(this.#candidate - bestLag) <= 1;
    this.#candidate = bestLag;
    if (!agrees || Math.abs(bestLag - this.delayBlocks) <= 1 && this.delayBlocks >= 0) {
      if (agrees) this.confidence = best;
      return false;
    }
    this.delayBlocks = bestLag;
    this.confidence = best;
    return true;
  }
}
