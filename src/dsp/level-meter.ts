/** Level range the 0..1 UI value spans: -60 dBFS → 0, 0 dBFS → 1. */
const METER_RANGE_DB = 60;

export interface LevelMeterOptions {
  /** Integration time of the RMS average (rise time), ms. Default 10. */
  attackMs?: number;
  /** Fall time constant of the displayed power, ms. Default 300. */
  releaseMs?: number;
  /** Lowest reported level (silence), dBFS. Default -100. */
  floorDb?: number;
}

/** RMS → dBFS with attack/release smoothing, for mic and agent audio. */
export class LevelMeter {
  readonly #floorDb: number;
  readonly #floorPower: number;
  /** Per-sample weight of the mean-square average (symmetric, so a steady tone reads its true RMS). */
  readonly #attackWeight: number;
  readonly #releaseSamples: number;
  #meanSquare = 0;
  /** Displayed power: follows rises of meanSquare at once, decays exponentially (release). */
  #displayPower = 0;
  /** Initialised to a number so the field stays an unboxed double (no allocation per update). */
  #smoothedDb = -100;

  constructor(sampleRate: number, options: LevelMeterOptions = {}) {
    const attackMs = options.attackMs ?? 10;
    const releaseMs = options.releaseMs ?? 300;
    this.#floorDb = options.floorDb ?? -100;
    this.#floorPower = 10 ** (this.#floorDb / 10);
    this.#attackWeight = 1 - Math.exp(-1000 / (Math.max(attackMs, 1e-3) * sampleRate));
    this.#releaseSamples = (Math.max(releaseMs, 1e-3) * sampleRate) / 1000;
    this.#smoothedDb = this.#floorDb;
  }

  /** Smoothed level in dBFS (RMS; a full-scale sine reads -3.01), never below floorDb. */
  get db(): number {
    return this.#smoothedDb;
  }

  /** Level for a UI meter in 0..1 (-60 dBFS → 0, 0 dBFS → 1). */
  get level(): number {
    const value = (this.#smoothedDb + METER_RANGE_DB) / METER_RANGE_DB;
    return value < 0 ? 0 : value > 1 ? 1 : value;
  }

  /** Feeds samples[0..length). */
  process(samples: Float32Array, length: number = samples.length): void {
    if (length <= 0) return;
    const weight = this.#attackWeight;
    let meanSquare = this.#meanSquare;
    for (let i = 0; i < length; i++) {
      const s = samples[i];
      meanSquare += weight * (s * s - meanSquare);
    }
    this.#meanSquare = meanSquare;
    // Rises follow the RMS average at once; falls decay in power with the release time constant
    // (−4.3 dB per releaseMs), like a peak-hold-free VU meter.
    this.#displayPower =
      meanSquare >= this.#displayPower
        ? meanSquare
        : meanSquare + (this.#displayPower - meanSquare) * Math.exp(-length / this.#releaseSamples);
    // Math.max, not `? log : floorDb`: a branch joining a double and an integer field makes the
    // optimiser box the double, a heap allocation per call in the audio thread.
    this.#smoothedDb = Math.max(this.#floorDb, 10 * Math.log10(Math.max(this.#displayPower, this.#floorPower)));
  }

  /** Returns to silence (floorDb). */
  reset(): void {
    this.#meanSquare = 0;
    this.#displayPower = 0;
    this.#smoothedDb = this.#floorDb;
  }
}
