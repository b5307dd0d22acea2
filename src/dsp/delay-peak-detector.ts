/**
 * Recurring delay peaks, after the idea of NetEq's delay peak detector: a network that now and
 * then holds everything back for a while (a radio handover, a busy proxy flushing in bursts)
 * shows rare, tall lateness peaks that a quantile of the lateness forgets between them, so the
 * buffer runs dry at every one. Once two peaks were seen close enough together, peak mode keeps
 * the target at the tallest recent peak until no peak has come for twice the longest period.
 *
 * A tall lateness counts only once the audio held back behind it arrives in a burst (the arrival
 * offsets fall back): a sender that paused and stays behind (a slow TTS) is not a network peak,
 * and raising the target for it would add delay without filling the buffer.
 *
 * Unlike the lateness histogram, this survives the ends of talk spurts: holds recur across turns.
 */

/** A lateness this far above the jitter estimate is a peak, ms. */
const PEAK_MARGIN_MS = 60;
/** Peaks kept; the tallest of them sets the height. */
const MAX_PEAKS = 8;
/** Peaks needed before peak mode starts. */
const PEAKS_TO_TRIGGER = 2;
/** Peaks further apart than this are not recurring: the history starts afresh, ms. */
const MAX_PEAK_PERIOD_MS = 12000;
/** The burst that confirms a peak must come this soon after it, ms. */
const CONFIRM_WITHIN_MS = 1000;

export class DelayPeakDetector {
  readonly #heights = new Float64Array(MAX_PEAKS);
  readonly #periods = new Float64Array(MAX_PEAKS);
  #count = 0;
  #next = 0;
  #lastPeakMs = -Infinity;
  #peakMs = 0;
  /** A tall lateness waiting for its burst: height, arrival time and offset (0 height: none). */
  #candidateHeightMs = 0;
  #candidateAtMs = 0;
  #candidateOffsetMs = 0;

  /** Height of the tallest recent peak while peak mode is on, else 0, ms. */
  get peakMs(): number {
    return this.#peakMs;
  }

  /**
   * An arrival `latenessMs` late at `arrivalMs` (monotonic ms) with offset `offsetMs` (arrival
   * minus media time, ms), given the jitter estimate `jitterMs` from before it.
   */
  noteLateness(latenessMs: number, arrivalMs: number, offsetMs: number, jitterMs: number): void {
    if (latenessMs > jitterMs + PEAK_MARGIN_MS) {
      this.#candidateHeightMs = latenessMs;
      this.#candidateAtMs = arrivalMs;
      this.#candidateOffsetMs = offsetMs;
    }
    this.#refresh(arrivalMs);
  }

  /** Every arrival's offset: a burst catching up confirms the waiting peak. */
  noteOffset(arrivalMs: number, offsetMs: number): void {
    const height = this.#candidateHeightMs;
    if (height === 0) return;
    if (arrivalMs - this.#candidateAtMs > CONFIRM_WITHIN_MS) {
      this.#candidateHeightMs = 0; // the stream stayed behind: the sender paused
    } else if (offsetMs <= this.#candidateOffsetMs - height / 2) {
      this.#candidateHeightMs = 0;
      this.#notePeak(height, this.#candidateAtMs);
      this.#refresh(arrivalMs);
    }
  }

  /** Forgets every peak (e.g. a new call). */
  reset(): void {
    this.#count = this.#next = 0;
    this.#lastPeakMs = -Infinity;
    this.#peakMs = 0;
    this.#candidateHeightMs = 0;
  }

  #notePeak(heightMs: number, arrivalMs: number): void {
    const period = arrivalMs - this.#lastPeakMs;
    this.#lastPeakMs = arrivalMs;
    if (!(period <= MAX_PEAK_PERIOD_MS)) {
      // The first peak, or one long after the last: nothing recurs yet.
      this.#count = this.#next = 0;
    }
    this.#heights[this.#next] = heightMs;
    this.#periods[this.#next] = this.#count === 0 ? 0 : period;
    this.#next = (this.#next + 1) % MAX_PEAKS;
    this.#count = Math.min(this.#count + 1, MAX_PEAKS);
  }

  #refresh(nowMs: number): void {
    let height = 0;
    let longestPeriod = 0;
    for (let i = 0; i < this.#count; i++) {
      height = Math.max(height, this.#heights[i]);
      longestPeriod = Math.max(longestPeriod, this.#periods[i]);
    }
    const recurring = this.#count >= PEAKS_TO_TRIGGER && nowMs - this.#lastPeakMs <= 2 * longestPeriod;
    this.#peakMs = recurring ? height : 0;
  }
}
