/** "No minimum seen yet": a small integer (not Infinity) so depth arithmetic stays integral. */
const NONE = 0x3fffffff;

/**
 * The lowest buffer depth over the current and the previous window of playout: how close the
 * buffer came to running dry recently (sampled after each pull, just before arrivals refill it).
 */
export class DepthWindows {
  readonly #windowSamples: number;
  #current = NONE;
  #previous = NONE;
  #elapsed = 0;

  constructor(windowSamples: number) {
    this.#windowSamples = windowSamples;
  }

  /** A whole window has been seen since the last restart. */
  get ready(): boolean {
    return this.#previous !== NONE;
  }

  /** Lowest depth over both windows and now (meaningful once `ready`). */
  recentMinimum(depth: number): number {
    return Math.min(this.#current, this.#previous, depth);
  }

  /** Forget what was seen (the depth changed for a known reason, e.g. a start gate). */
  restart(): void {
    this.#current = this.#previous = NONE;
    this.#elapsed = 0;
  }

  /** Audio was removed from (negative) or added to (positive) the buffer outside arrivals. */
  shift(delta: number): void {
    if (this.#current !== NONE) this.#current += delta;
    if (this.#previous !== NONE) this.#previous += delta;
  }

  /** Notes the depth after a pull of `pulled` samples. */
  track(depth: number, pulled: number): void {
    if (depth < this.#current) this.#current = depth;
    this.#elapsed += pulled;
    if (this.#elapsed >= this.#windowSamples) {
      this.#elapsed = 0;
      this.#previous = this.#current;
      this.#current = depth;
    }
  }
}
