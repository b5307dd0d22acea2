// Tells an echo burst in the cleaned mic from the visitor's voice by its shape, not its level:
// a browser's canceller that has output silence for seconds may let the echo through at up to
// the agent's full level for a fraction of a second while it locks, and no level threshold
// tells that from a visitor quieter than the agent. Echo is the played signal, delayed and
// scaled: its fine log-energy envelopes (one value per render quantum, each over the last 8 ms,
// in two bands: the signal and its first difference, which weighs the highs) follow the
// agent's at one lag. Two bands halve the chance that another voice matches at some lag. A visitor's does not follow the agent's at any lag.
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
/** ln of a mean square of -80 dBFS: below it the mic counts as silent. */
const SILENT = Math.log(1e-8);
/** Bands: the signal, and its first difference (the highs weigh more). */
const BANDS = 2;
/** Blocks summed into each envelope value (three render quanta: 8 ms at 48 kHz, about a pitch period). */
const SPAN = 3;

export class EchoLikeness {
  /** Best correlation and its lag (blocks) at the last judge(). */
  correlation = 0;
  lag = -1;
  /** Lag of the last judgement that matched, or -2. */
  private matchedLag = -2;
  private readonly window: number;
  private readonly maxLag: number;
  private readonly minCorrelation: number;
  /** Log-power envelopes, band after band: [band * size + block], a ring of `size` blocks. */
  private readonly agent: Float32Array;
  private readonly mic: Float32Array;
  private readonly size: number;
  private head = 0;
  private filled = 0;
  /** Powers of the last SPAN blocks per band, [band * SPAN + slot], and their sums. */
  private readonly agentPowers = new Float64Array(BANDS * SPAN);
  private readonly micPowers = new Float64Array(BANDS * SPAN);
  private readonly agentSums = new Float64Array(BANDS);
  private readonly micSums = new Float64Array(BANDS);
  private spanSlot = 0;
  /** This block's powers: agent low, high, mic low, high. */
  private readonly blockPowers = new Float64Array(2 * BANDS);
  private readonly micMeans = new Float64Array(BANDS);
  /** Each signal's last sample, for the first difference across blocks. */
  private lastPlayed = 0;
  private lastMic = 0;

  constructor(options: EchoLikenessOptions) {
    const blockMs = (options.blockSize * 1000) / options.sampleRate;
    this.window = Math.max(4, Math.round((options.windowMs ?? 40) / blockMs) - SPAN + 1);
    this.maxLag = Math.ceil((options.maxDelayMs ?? 500) / blockMs);
    this.minCorrelation = options.minCorrelation ?? 0.7;
    this.size = this.maxLag + this.window;
    this.agent = new Float32Array(BANDS * this.size);
    this.mic = new Float32Array(BANDS * this.size);
  }

  /** Adds one block of the played signal and the cleaned mic. */
  push(played: Float32Array, mic: Float32Array, length: number): void {
    let agentLow = 0;
    let agentHigh = 0;
    let micLow = 0;
    let micHigh = 0;
    let lastPlayed = this.lastPlayed;
    let lastMic = this.lastMic;
    for (let i = 0; i < length; i++) {
      const p = played[i];
      const m = mic[i];
      agentLow += p * p;
      agentHigh += (p - lastPlayed) * (p - lastPlayed);
      micLow += m * m;
      micHigh += (m - lastMic) * (m - lastMic);
      lastPlayed = p;
      lastMic = m;
    }
    this.lastPlayed = lastPlayed;
    this.lastMic = lastMic;
    const blockPowers = this.blockPowers;
    blockPowers[0] = agentLow;
    blockPowers[1] = agentHigh;
    blockPowers[2] = micLow;
    blockPowers[3] = micHigh;
    const slot = this.spanSlot;
    this.spanSlot = (slot + 1) % SPAN;
    // Per band, the log of its mean power over the last SPAN blocks (no call takes a double:
    // one not inlined would box it).
    for (let band = 0; band < BANDS; band++) {
      const at = band * SPAN + slot;
      this.agentSums[band] += blockPowers[band] - this.agentPowers[at];
      this.agentPowers[at] = blockPowers[band];
      this.agent[band * this.size + this.head] = Math.log(Math.max(this.agentSums[band], 0) / (SPAN * length) + FLOOR);
      this.micSums[band] += blockPowers[BANDS + band] - this.micPowers[at];
      this.micPowers[at] = blockPowers[BANDS + band];
      this.mic[band * this.size + this.head] = Math.log(Math.max(this.micSums[band], 0) / (SPAN * length) + FLOOR);
    }
    this.head = (this.head + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** True when the newest window of the mic follows the agent's envelopes at some lag. */
  judge(): boolean {
    const size = this.size;
    const window = this.window;
    const mic = this.mic;
    const agent = this.agent;
    this.correlation = 0;
    this.lag = -1;
    if (this.filled < window) return false;
    const micStart = (this.head - window + size) % size;
    // Digital silence inside the window: a canceller's gate opening or closing around a burst
    // (its edges), never a voice that has been over the threshold for the window.
    for (let i = 0; i < window; i++) if (mic[(micStart + i) % size] < SILENT) return true;
    // Each band's mean over the window, then the mic's spread around them.
    const micMeans = this.micMeans;
    let micVariance = 0;
    for (let band = 0; band < BANDS; band++) {
      const base = band * size;
      let sum = 0;
      for (let i = 0; i < window; i++) sum += mic[base + ((micStart + i) % size)];
      micMeans[band] = sum / window;
      for (let i = 0; i < window; i++) {
        const d = mic[base + ((micStart + i) % size)] - micMeans[band];
        micVariance += d * d;
      }
    }
    const lags = Math.min(this.maxLag, this.filled - window);
    for (let lag = 0; lag <= lags; lag++) {
      const start = (micStart - lag + size) % size;
      let cross = 0;
      let variance = 0;
      for (let band = 0; band < BANDS; band++) {
        const base = band * size;
        let sum = 0;
        for (let i = 0; i < window; i++) sum += agent[base + ((start + i) % size)];
        const agentMean = sum / window;
        for (let i = 0; i < window; i++) {
          const a = agent[base + ((start + i) % size)] - agentMean;
          cross += a * (mic[base + ((micStart + i) % size)] - micMeans[band]);
          variance += a * a;
        }
      }
      if (variance < MIN_AGENT_VARIANCE * BANDS * window || micVariance < MIN_VARIANCE_SHARE * variance) continue;
      const correlation = cross / Math.sqrt(variance * micVariance);
      if (correlation > this.correlation) {
        this.correlation = correlation;
        this.lag = lag;
      }
    }
    // Echo comes back at one delay; a voice matches the agent by chance at a lag here and
    // another there. Only a match at the lag of the previous one (±1 block) counts.
    const matched = this.correlation >= this.minCorrelation;
    const previous = this.matchedLag;
    this.matchedLag = matched ? this.lag : -2;
    return matched && previous >= 0 && Math.abs(this.lag - previous) <= 1;
  }

  reset(): void {
    this.head = this.filled = this.spanSlot = 0;
    this.lastPlayed = this.lastMic = 0;
    this.agentPowers.fill(0);
    this.micPowers.fill(0);
    this.agentSums.fill(0);
    this.micSums.fill(0);
    this.correlation = 0;
    this.lag = -1;
    this.matchedLag = -2;
  }
}
