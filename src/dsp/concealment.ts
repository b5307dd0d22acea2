import { TimeStretcher } from './time-stretcher';

/**
 * Packet-loss concealment for an underrun, after NetEq's expand and merge: when the buffer runs
 * dry mid-speech, the last pitch period of what was played is repeated (pitch-synchronous, so
 * the voice continues at its own pitch) under a gain that falls linearly to silence over
 * FADE_MS; when real audio resumes it is cross-faded in from the continuation over MERGE_MS.
 * Neither a hole nor a resumption is a hard cut.
 */

/** Concealment fades from full level to silence over this long. */
const FADE_MS = 60;
/** Resumed audio is cross-faded in from the continuation over this long. */
const MERGE_MS = 5;

export class Concealment {
  readonly #stretcher: TimeStretcher;
  /** Recent output, written twice (at i and i + length) so its newest `length` samples are contiguous. */
  readonly #history: Float32Array;
  readonly #historyLength: number;
  #historyNext = 0;
  #historyFilled = 0;
  /** The pitch period being repeated. */
  readonly #period: Float32Array;
  #periodLength = 0;
  #phase = 0;
  /** Samples of continuation produced since the underrun (sets the gain). */
  #elapsed = 0;
  readonly #fadeSamples: number;
  readonly #mergeSamples: number;
  /** Samples of resumed audio merged so far; −1 while not merging. */
  #merged = -1;
  #active = false;

  constructor(sampleRate: number, stretcher: TimeStretcher = new TimeStretcher(sampleRate)) {
    this.#stretcher = stretcher;
    this.#historyLength = 2 * stretcher.maxLag;
    this.#history = new Float32Array(2 * this.#historyLength);
    this.#period = new Float32Array(stretcher.maxLag);
    this.#fadeSamples = Math.round((FADE_MS * sampleRate) / 1000);
    this.#mergeSamples = Math.max(1, Math.round((MERGE_MS * sampleRate) / 1000));
  }

  /** True from an underrun until resumed audio has been merged in (or reset()). */
  get active(): boolean {
    return this.#active;
  }

  /** The repeated period's length, samples (0 if nothing was played to continue). */
  get periodLength(): number {
    return this.#periodLength;
  }

  /** Notes audio that was played (the continuation is taken from it). */
  remember(samples: Float32Array, from: number, count: number): void {
    const history = this.#history;
    const length = this.#historyLength;
    let next = this.#historyNext;
    for (let i = from; i < from + count; i++) {
      history[next] = history[next + length] = samples[i];
      if (++next === length) next = 0;
    }
    this.#historyNext = next;
    this.#historyFilled = Math.min(length, this.#historyFilled + count);
  }

  /** Fills output[from..to) with the continuation (starting one at an underrun). */
  conceal(output: Float32Array, from: number, to: number): void {
    if (!this.#active) this.#start();
    this.#merged = -1;
    for (let i = from; i < to; i++) output[i] = this.#next();
  }

  /**
   * Cross-fades resumed audio in output[from..from+count) in from the continuation (no-op when
   * not concealing). Call on each stretch of real audio until `active` turns false.
   */
  merge(output: Float32Array, from: number, count: number): void {
    if (!this.#active) return;
    if (this.#merged < 0) this.#merged = 0;
    const total = this.#mergeSamples;
    const end = Math.min(from + count, from + total - this.#merged);
    for (let i = from; i < end; i++) {
      const w = ++this.#merged / (total + 1);
      output[i] = output[i] * w + this.#next() * (1 - w);
    }
    if (this.#merged >= total) this.reset();
  }

  /** Forgets the continuation: the next audio starts as it is (a new turn, or a flush). */
  reset(): void {
    this.#active = false;
    this.#merged = -1;
  }

  /** Forgets the continuation and what was played: the next hole has nothing to continue. */
  clear(): void {
    this.reset();
    this.#historyFilled = 0;
  }

  /** Picks the last pitch period of the history. */
  #start(): void {
    this.#elapsed = 0;
    this.#phase = 0;
    this.#periodLength = 0;
    const stretcher = this.#stretcher;
    const end = this.#historyNext + this.#historyLength;
    if (this.#historyFilled < 2 * stretcher.minLag) return; // nothing played yet: plain silence
    this.#active = true;
    stretcher.findLagBefore(this.#history, end, this.#historyFilled);
    const lag = stretcher.lag;
    for (let i = 0; i < lag; i++) this.#period[i] = this.#history[end - lag + i];
    this.#periodLength = lag;
  }

  #next(): number {
    if (this.#periodLength === 0 || this.#elapsed >= this.#fadeSamples) return 0;
    const gain = 1 - this.#elapsed++ / this.#fadeSamples;
    const sample = this.#period[this.#phase] * gain;
    if (++this.#phase === this.#periodLength) this.#phase = 0;
    return sample;
  }
}
