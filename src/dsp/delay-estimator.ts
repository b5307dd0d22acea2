import { DelayPeakDetector } from './delay-peak-detector';

/**
 * Arrival-delay estimate for a stream of audio chunks: how much later than the media clock
 * promised a chunk arrived, versus the earliest recent chunk. A high quantile of that lateness
 * (a histogram with exponential forgetting: a few late chunks raise it within a couple of
 * arrivals, lowering it takes seconds) is the jitter the playout target must cover.
 *
 * Talk spurts: the media clock starts afresh with each spurt (endSpurt()), so pauses between the
 * agent's turns are not measured as lateness. After an underrun, `resumed` restarts the lateness
 * reference from the resumed stream: a sender that paused and stays behind is not late.
 * Lateness peaks that recur (holds every few seconds) are remembered apart: `peakMs`.
 */

/** Lateness quantile covered; rarer delays are concealed instead of adding latency to every turn. */
const LATENESS_QUANTILE = 0.99;
/** Per-arrival forgetting factor of the histogram (memory ≈ 200 arrivals, 4 s of 20 ms chunks). */
const HISTOGRAM_FORGETTING = 0.995;
const HISTOGRAM_BIN_MS = 2;
/** Arrivals before the histogram is trusted. */
const WARMUP_ARRIVALS = 16;
/** Recent chunks whose earliest media offset is the reference for lateness. */
const OFFSET_WINDOW = 50;
/** Weight of the newest chunk in the average chunk duration. */
const CHUNK_AVERAGE_WEIGHT = 0.1;

export class DelayEstimator {
  readonly #histogram: Float64Array;
  readonly #peaks = new DelayPeakDetector();
  #histogramTotal = 0;
  #lateArrivals = 0;
  #jitterMs = 0;
  #chunkMs = 0;
  readonly #offsets = new Float64Array(OFFSET_WINDOW);
  #offsetCount = 0;
  #offsetNext = 0;
  #lastArrivalMs = -Infinity;
  #lastChunkMs = 0;
  #spurtActive = false;
  /** Media time received in this spurt, ms. */
  #spurtMediaMs = 0;
  /** This spurt's first and earliest media offsets (arrival − media time), ms. */
  #spurtFirstOffset = 0;
  #spurtEarliestOffset = 0;

  /** `maxDelayMs`: the histogram's range; longer delays count as this. */
  constructor(maxDelayMs: number) {
    this.#histogram = new Float64Array(Math.ceil(maxDelayMs / HISTOGRAM_BIN_MS) + 1);
  }

  /** Lateness quantile, ms (0 before any lateness was measured). */
  get jitterMs(): number {
    return this.#jitterMs;
  }

  /** Height of recurring lateness peaks while they recur, else 0, ms. */
  get peakMs(): number {
    return this.#peaks.peakMs;
  }

  /** Average chunk duration, ms. */
  get chunkMs(): number {
    return this.#chunkMs;
  }

  /** Enough arrivals seen for the jitter estimate to be trusted. */
  get warmedUp(): boolean {
    return this.#lateArrivals >= WARMUP_ARRIVALS;
  }

  /** How late this spurt's first chunk turned out to be (its start waited that long for nothing), ms. */
  get firstLatenessMs(): number {
    return this.#spurtFirstOffset - this.#spurtEarliestOffset;
  }

  get spurtActive(): boolean {
    return this.#spurtActive;
  }

  /** Time since the previous arrival, ms. */
  gapMs(arrivalMs: number): number {
    return arrivalMs - this.#lastArrivalMs;
  }

  /** The spurt is over (a long dry pause, or a flush); the next arrival starts a new media clock. */
  endSpurt(): void {
    this.#spurtActive = false;
    this.#offsetCount = 0;
    this.#offsetNext = 0;
  }

  /**
   * A chunk of `chunkMs` arrived at `arrivalMs`; `resumed`: the first one after an underrun;
   * `afterLoss`: a chunk before it will never arrive (Playout finds that by the splice), so the
   * media clock moves on by a chunk first and this one is not read as that much late.
   */
  noteArrival(arrivalMs: number, chunkMs: number, resumed: boolean, afterLoss = false): void {
    const gapMs = arrivalMs - this.#lastArrivalMs;
    const startsSpurt = !this.#spurtActive;
    if (startsSpurt) {
      this.#spurtActive = true;
      this.#spurtMediaMs = 0;
    } else if (afterLoss) this.#spurtMediaMs += this.#chunkMs;
    // Arrival time minus the media time of this chunk's first sample.
    const offset = arrivalMs - this.#spurtMediaMs;
    // Chunks following within a burst are never later than its first: only the first is an event.
    const isEvent = !startsSpurt && gapMs >= this.#lastChunkMs / 2;
    if (isEvent) {
      let earliest = Infinity;
      for (let i = 0; i < this.#offsetCount; i++) earliest = Math.min(earliest, this.#offsets[i]);
      const latenessMs = Math.max(0, offset - earliest);
      this.#peaks.noteLateness(latenessMs, arrivalMs, offset, this.#jitterMs);
      this.#recordLateness(latenessMs);
    }
    this.#peaks.noteOffset(arrivalMs, offset);
    if (resumed) {
      this.#offsetCount = 0;
      this.#offsetNext = 0;
    }
    this.#offsets[this.#offsetNext] = offset;
    this.#offsetNext = (this.#offsetNext + 1) % OFFSET_WINDOW;
    this.#offsetCount = Math.min(this.#offsetCount + 1, OFFSET_WINDOW);
    // Events only: within a burst faster than real time (TTS) offsets fall without anything being late.
    if (startsSpurt) this.#spurtFirstOffset = this.#spurtEarliestOffset = offset;
    else if (isEvent) this.#spurtEarliestOffset = Math.min(this.#spurtEarliestOffset, offset);
    this.#spurtMediaMs += chunkMs;
    this.#chunkMs = this.#chunkMs === 0 ? chunkMs : this.#chunkMs + CHUNK_AVERAGE_WEIGHT * (chunkMs - this.#chunkMs);
    this.#lastArrivalMs = arrivalMs;
    this.#lastChunkMs = chunkMs;
  }

  #recordLateness(latenessMs: number): void {
    const histogram = this.#histogram;
    for (let i = 0; i < histogram.length; i++) histogram[i] *= HISTOGRAM_FORGETTING;
    histogram[Math.min(histogram.length - 1, Math.floor(latenessMs / HISTOGRAM_BIN_MS))] += 1;
    this.#histogramTotal = this.#histogramTotal * HISTOGRAM_FORGETTING + 1;
    this.#lateArrivals++;
    const wanted = LATENESS_QUANTILE * this.#histogramTotal;
    let cumulative = 0;
    let bin = 0;
    while (bin < histogram.length - 1 && (cumulative += histogram[bin]) < wanted) bin++;
    this.#jitterMs = (bin + 1) * HISTOGRAM_BIN_MS;
  }
}
