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
/**
 * The joins of the continuation are smoothed over this long (at most a quarter period): speech
 * is never exactly periodic, and where it is least (a consonant, a pitch glide) the raw joins
 * are audible steps — at the cut, and again each time the period repeats.
 */
const JOIN_MS = 1;

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
  /**
   * At the cut, how far the period's start is from where the played audio was heading: [0] the
   * value (linear extrapolation − period[0]), [1] the slope per sample. Both are eased away over
   * the first join samples. In an array so that storing them never boxes a double.
   */
  readonly #entry = new Float32Array(2);
  readonly #joinSamples: number;
  /** Samples of continuation produced since the underrun (sets the gain). */
  #elapsed = 0;
  readonly #fadeSamples: number;
  readonly #mergeSamples: number;
  /**
   * Weight of the resumed audio at each merge sample: a raised cosine, flat at both ends, so the
   * fade itself adds no kink where it starts and stops (a linear one bends by 1/length × the
   * difference of the two signals there: audible when they are far apart, as at a splice).
   */
  readonly #mergeWeights: Float32Array;
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
    this.#mergeWeights = new Float32Array(this.#mergeSamples);
    for (let i = 0; i < this.#mergeSamples; i++) this.#mergeWeights[i] = 0.5 - 0.5 * Math.cos((Math.PI * (i + 1)) / (this.#mergeSamples + 1));
    this.#joinSamples = Math.max(1, Math.round((JOIN_MS * sampleRate) / 1000));
  }

  /** True from an underrun until resumed audio has been merged in (or reset()). */
  get active(): boolean {
    return this.#active;
  }

  /** The continuation is still sounding: concealing, and not yet faded to silence. */
  get audible(): boolean {
    return this.#active && this.#periodLength > 0 && this.#elapsed < this.#fadeSamples;
  }

  /** The repeated period's length, samples (0 if nothing was played to continue). */
  get periodLength(): number {
    return this.#periodLength;
  }

  /** Resumed audio is cross-faded in over this many samples (see merge()). */
  get mergeLength(): number {
    return this.#mergeSamples;
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

  /** Copies the newest `count` remembered samples (fewer if fewer were remembered) to output[0..); returns how many. */
  recent(output: Float32Array, count: number): number {
    const copied = Math.min(count, this.#historyFilled);
    const end = this.#historyNext + this.#historyLength;
    for (let i = 0; i < copied; i++) output[i] = this.#history[end - copied + i];
    return copied;
  }

  /** Starts a continuation of what was remembered without playing any of it: merge() then fades into new audio. */
  begin(): void {
    if (!this.#active) this.#start();
    this.#merged = -1;
  }

  /** Fills output[from..to) with the continuation (starting one at an underrun). */
  conceal(output: Float32Array, from: number, to: number): void {
    this.begin();
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
      const w = this.#mergeWeights[this.#merged++];
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
    const history = this.#history;
    const period = this.#period;
    for (let i = 0; i < lag; i++) period[i] = history[end - lag + i];
    // Wrap: the period's tail is cross-faded into the samples one period earlier, which lead
    // into period[0] as recorded (the search keeps 2·lag within what was played).
    const join = Math.min(this.#joinSamples, lag >> 2);
    for (let j = 0; j < join; j++) {
      const w = (j + 1) / (join + 1);
      period[lag - join + j] = (1 - w) * period[lag - join + j] + w * history[end - lag - join + j];
    }
    // Cut: the first samples are bent towards where the played audio was heading.
    const slope = history[end - 1] - history[end - 2];
    this.#entry[0] = history[end - 1] + slope - period[0];
    this.#entry[1] = slope - (period[1] - period[0]);
    this.#periodLength = lag;
  }

  /** Cubic Hermite ease from the entry's value and slope mismatch to 0 (and flat) at joinSamples. */
  #entryCorrection(elapsed: number): number {
    const span = this.#joinSamples;
    const t = elapsed / span;
    const t2 = t * t;
    return this.#entry[0] * (2 * t2 * t - 3 * t2 + 1) + this.#entry[1] * span * (t2 * t - 2 * t2 + t);
  }

  #next(): number {
    if (this.#periodLength === 0 || this.#elapsed >= this.#fadeSamples) return 0;
    const elapsed = this.#elapsed++;
    const gain = 1 - elapsed / this.#fadeSamples;
    let sample = this.#period[this.#phase] * gain;
    if (elapsed < this.#joinSamples) sample += this.#entryCorrection(elapsed);
    if (++this.#phase === this.#periodLength) this.#phase = 0;
    return sample;
  }
}
