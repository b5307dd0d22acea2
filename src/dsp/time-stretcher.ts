/**
 * WSOLA-style time stretching of speech by whole pitch periods, the way NetEq's accelerate and
 * preemptive expand work: find the lag L (2.5–15 ms) at which the signal best repeats itself
 * (normalised cross-correlation of two adjacent L-sample segments), then remove one period
 * (accelerate) or repeat one (preemptive expand), cross-fading the two segments so the joins
 * are continuous. Pitch is unchanged; only duration changes. Low-energy audio repeats "well
 * enough" whatever its correlation, so pauses are always stretchable.
 */

/** Shortest and longest pitch period searched, ms (400 Hz … 67 Hz). */
export const MIN_LAG_MS = 2.5;
export const MAX_LAG_MS = 15;
/** A stretch happens only where the signal repeats this well (normalised correlation). */
export const CORRELATION_THRESHOLD = 0.9;
/** Mean square below which a segment counts as quiet (−50 dBFS RMS): stretch it regardless. */
const QUIET_ENERGY = 10 ** (-50 / 10);
/** Most that stretching may change the playback speed: 15 % of the audio played. */
export const MAX_STRETCH_PERCENT = 15;
/** Correlation within this of the best lag counts as equally good: the shortest such peak wins. */
const PEAK_TOLERANCE = 0.02;

export class TimeStretcher {
  readonly minLag: number;
  readonly maxLag: number;
  /** Result of the last search: the period in samples, and how well the signal repeats at it. */
  lag = 0;
  correlation = 0;
  /**
   * Samples that may still be removed or inserted (earned by audio played, see
   * MAX_STRETCH_PERCENT), in hundredths: an integer, so updating it never boxes a double.
   */
  #creditCents = 0;

  constructor(sampleRate: number) {
    this.minLag = Math.max(1, Math.round((MIN_LAG_MS * sampleRate) / 1000));
    this.maxLag = Math.max(this.minLag, Math.round((MAX_LAG_MS * sampleRate) / 1000));
  }

  /** Enough credit for at least the shortest period. */
  get ready(): boolean {
    return this.#creditCents >= 100 * this.minLag;
  }

  /** `count` samples were played: earns credit for stretching, up to one longest period. */
  earn(count: number): void {
    this.#creditCents = Math.min(100 * this.maxLag, this.#creditCents + count * MAX_STRETCH_PERCENT);
  }

  /** A stretch of `count` samples happened. */
  spend(count: number): void {
    this.#creditCents -= 100 * count;
  }

  /** A search found nothing to stretch here: wait before the next (it costs a correlation sweep). */
  holdOff(): void {
    this.#creditCents = 0;
  }

  /**
   * Searches x[from..from+available) for the lag L at which x[from..from+L) best matches
   * x[from+L..from+2L) (so 2L ≤ available). Sets `lag` and `correlation`; returns true when a
   * stretch there would be clean (correlation ≥ threshold, or quiet audio), false otherwise.
   */
  findLag(x: Float32Array, from: number, available: number): boolean {
    return this.#search(x, from, available, false);
  }

  /** Like findLag(), for the period that ends at x[end]: x[end−2L..end−L) against x[end−L..end). */
  findLagBefore(x: Float32Array, end: number, available: number): boolean {
    return this.#search(x, end, available, true);
  }

  /**
   * Accelerate: writes to out[at..at+L) the cross-fade from x[from..from+L) into
   * x[from+L..from+2L); playback then continues at x[from+2L]. 2L input samples become L.
   */
  accelerate(x: Float32Array, from: number, lag: number, out: Float32Array, at: number): void {
    crossFade(x, from, from + lag, lag, out, at);
  }

  /**
   * Preemptive expand: writes to out[at..at+2L) x[from..from+L) then the cross-fade from
   * x[from+L..from+2L) back into x[from..from+L); playback then continues at x[from+L].
   * L input samples become 2L.
   */
  preemptiveExpand(x: Float32Array, from: number, lag: number, out: Float32Array, at: number): void {
    for (let i = 0; i < lag; i++) out[at + i] = x[from + i];
    crossFade(x, from + lag, from, lag, out, at + lag);
  }

  #search(x: Float32Array, anchor: number, available: number, backwards: boolean): boolean {
    const maxLag = Math.min(this.maxLag, Math.floor(available / 2));
    this.lag = 0;
    this.correlation = 0;
    if (maxLag < this.minLag) return false;
    let bestLag = this.minLag;
    let best = -2;
    for (let lag = this.minLag; lag <= maxLag; lag++) {
      const correlation = this.#correlationAt(x, anchor, lag, backwards);
      if (correlation > best) {
        best = correlation;
        bestLag = lag;
      }
    }
    // Every multiple of the period matches too: take the first local peak about as good as the best.
    let lag = bestLag;
    for (let candidate = this.minLag; candidate < bestLag; candidate++) {
      if (this.#correlationAt(x, anchor, candidate, backwards) >= best - PEAK_TOLERANCE) {
        lag = candidate;
        let here = this.#correlationAt(x, anchor, lag, backwards);
        while (lag < bestLag) {
          const next = this.#correlationAt(x, anchor, lag + 1, backwards);
          if (next < here) break;
          here = next;
          lag++;
        }
        best = here;
        break;
      }
    }
    this.lag = lag;
    this.correlation = best;
    return best >= CORRELATION_THRESHOLD || isQuiet(x, backwards ? anchor - 2 * lag : anchor, 2 * lag);
  }

  #correlationAt(x: Float32Array, anchor: number, lag: number, backwards: boolean): number {
    const a = backwards ? anchor - 2 * lag : anchor;
    let cross = 0;
    let energyA = 0;
    let energyB = 0;
    for (let i = 0; i < lag; i++) {
      const s = x[a + i];
      const t = x[a + lag + i];
      cross += s * t;
      energyA += s * s;
      energyB += t * t;
    }
    const energy = Math.sqrt(energyA * energyB);
    return energy > 0 ? cross / energy : 0;
  }
}

function isQuiet(x: Float32Array, from: number, length: number): boolean {
  let energy = 0;
  for (let i = from; i < from + length; i++) energy += x[i] * x[i];
  return energy < QUIET_ENERGY * length;
}

/** out[at+i] = fade from x[from+i] to x[to+i] over `length` samples (linear ramp). */
export function crossFade(x: Float32Array, from: number, to: number, length: number, out: Float32Array, at: number): void {
  for (let i = 0; i < length; i++) {
    const w = (i + 0.5) / length;
    out[at + i] = x[from + i] * (1 - w) + x[to + i] * w;
  }
}
