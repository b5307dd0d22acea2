import { Concealment } from './concealment';
import { DelayEstimator } from './delay-estimator';
import { Operation, PlayoutDecision, SEGMENT_MS } from './playout-decision';
import { PlayoutCounters, type PlayoutStats } from './playout-stats';
import { SampleRing } from './sample-ring';
import { SpliceSmoother } from './splice-smoother';
import { TimeStretcher } from './time-stretcher';

/**
 * Adaptive playout of agent speech arriving in network chunks: the loop over the units that
 * each do one job — SampleRing (what arrived), DelayEstimator (how late chunks come),
 * PlayoutDecision (target depth; normal, accelerate, expand, skip or insert in pauses),
 * TimeStretcher (remove or repeat one pitch period), Concealment (fading continuation when dry,
 * cross-fade back into real audio), SpliceSmoother (a chunk joined to one it did not follow, as
 * after a lost chunk, is cross-faded in) and PlayoutCounters (stats). Usable without a worklet:
 * push() chunks as they arrive, pull() what the speaker needs, flush() on barge-in.
 * Everything is preallocated: the pull path allocates nothing (bench/cpu-worker.mjs checks it).
 */

/** A dry buffer with no audio for this long ends the talk spurt. */
const SPURT_GAP_MS = 1000;
/** Peak level below which audio counts as quiet (−45 dBFS). */
const QUIET_LEVEL = 10 ** (-45 / 20);
/** Quiet audio played before any of a pause may be skipped or stretched. */
const QUIET_KEEP_MS = 30;

/** Where a hole in the output stands. */
const Hole = {
  /** Playing audio, or waiting at the start of a spurt. */
  none: 0,
  /** Ran dry mid-spurt; the next arrival decides: underrun, or the end of the turn. */
  dry: 1,
  /** Audio arrived after an underrun: the start gate opens for it at once. */
  refilling: 2,
} as const;
type Hole = (typeof Hole)[keyof typeof Hole];

export interface PlayoutOptions {
  /** Rate of the stored audio (the provider's), e.g. 16000 or 24000. */
  sampleRate: number;
  /** Lowest adaptive target, ms. Default 40. */
  minTargetMs?: number;
  /** Highest adaptive target, ms. Default 300. */
  maxTargetMs?: number;
  /** Target before enough arrivals were seen, ms. Default 60. */
  initialTargetMs?: number;
  /** Hard cap on buffered audio, ms; beyond it the oldest audio is dropped. Default 3000. */
  maxBufferMs?: number;
}

export type { PlayoutStats };

export class Playout {
  readonly #samplesPerMs: number;
  readonly #ring: SampleRing;
  readonly #estimator: DelayEstimator;
  readonly #decision: PlayoutDecision;
  readonly #stretcher: TimeStretcher;
  readonly #concealment: Concealment;
  readonly #splices: SpliceSmoother;
  readonly #counters = new PlayoutCounters();
  /** Look-ahead copied out of the ring for a stretch, and the stretched audio waiting to be played. */
  readonly #lookahead: Float32Array;
  readonly #staged: Float32Array;
  #stagedCount = 0;
  #stagedRead = 0;
  /** The start gate is closed: a spurt begins, or the buffer ran dry. */
  #buffering = true;
  #hole: Hole = Hole.none;
  #samplesSinceArrival = 0;
  #quietRun = 0;

  constructor(options: PlayoutOptions) {
    const { sampleRate } = options;
    if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be positive, got ${sampleRate}`);
    this.#samplesPerMs = sampleRate / 1000;
    const minTargetMs = options.minTargetMs ?? 40;
    const maxTargetMs = Math.max(minTargetMs, options.maxTargetMs ?? 300);
    this.#decision = new PlayoutDecision(sampleRate, { minTargetMs, maxTargetMs, initialTargetMs: options.initialTargetMs ?? 60 });
    this.#estimator = new DelayEstimator(maxTargetMs);
    this.#ring = new SampleRing(Math.max(options.maxBufferMs ?? 3000, maxTargetMs) * this.#samplesPerMs);
    this.#stretcher = new TimeStretcher(sampleRate);
    this.#concealment = new Concealment(sampleRate, this.#stretcher);
    this.#splices = new SpliceSmoother(sampleRate, this.#stretcher);
    const window = Math.max(2 * this.#stretcher.maxLag, this.#samples(SEGMENT_MS));
    this.#lookahead = new Float32Array(window);
    this.#staged = new Float32Array(window);
  }

  /** Stores samples[0..length) that arrived at `arrivalMs` (monotonic ms, e.g. currentTime*1000). */
  push(samples: Float32Array, arrivalMs: number, length: number = samples.length): void {
    if (length > 0) this.#arrive(samples, arrivalMs, length, 1);
  }

  /** Like push(), converting from PCM16 (value / 32768) without allocating. */
  pushPcm16(samples: Int16Array, arrivalMs: number): void {
    if (samples.length > 0) this.#arrive(samples, arrivalMs, samples.length, 1 / 32768);
  }

  /**
   * Fills output[0..length) and returns how many samples are audio: output[0..returned) is
   * speech (possibly stretched), the rest is concealment fading to silence, or silence.
   */
  pull(output: Float32Array, length: number = output.length): number {
    this.#samplesSinceArrival += length;
    let written = 0;
    while (written < length) {
      if (this.#stagedRead < this.#stagedCount) {
        const count = Math.min(length - written, this.#stagedCount - this.#stagedRead);
        for (let i = 0; i < count; i++) output[written + i] = this.#staged[this.#stagedRead + i];
        this.#stagedRead += count;
        written += count;
        continue;
      }
      if (this.#buffering && !this.#openGate()) break;
      if (this.#ring.depth === 0) {
        this.#runDry();
        break;
      }
      written += this.#step(output, written, length - written);
    }
    if (written > 0) {
      this.#concealment.merge(output, 0, written);
      this.#concealment.remember(output, 0, written);
      this.#stretcher.earn(this.#decision.creditFor(written));
      this.#trackQuiet(output, written);
    }
    if (written < length) this.#playHole(output, written, length);
    this.#decision.notePulled(this.#ring.depth, length);
    return written;
  }

  /** Barge-in: drops everything at once and re-arms the start gate (the jitter estimate is kept). */
  flush(): void {
    this.#ring.clear();
    this.#stagedCount = this.#stagedRead = 0;
    this.#buffering = true;
    this.#endSpurt();
    this.#quietRun = 0;
  }

  /** Current figures (a reused object: read, don't keep). */
  get stats(): PlayoutStats {
    const depth = this.#ring.depth + this.#stagedCount - this.#stagedRead;
    return this.#counters.view(this.#samplesPerMs, depth, this.#decision.targetMs, this.#estimator.jitterMs, this.#buffering);
  }

  /** One operation of the decision logic; returns how many samples it wrote to output[at..) directly. */
  #step(output: Float32Array, at: number, room: number): number {
    const ring = this.#ring;
    const segment = this.#samples(SEGMENT_MS);
    const quietAhead = this.#quietRun >= this.#samples(QUIET_KEEP_MS) && ring.isQuiet(segment, QUIET_LEVEL);
    const counters = this.#counters;
    switch (this.#decision.decide(ring.depth, quietAhead, this.#samplesSinceArrival)) {
      case Operation.skipQuiet:
        ring.discard(segment);
        counters.dropped += segment;
        this.#decision.noteShed(segment);
        return 0;
      case Operation.insertQuiet:
        this.#staged.fill(0, 0, segment);
        this.#stage(segment);
        counters.expanded += segment;
        this.#decision.noteInserted(segment);
        return 0;
      case Operation.accelerate:
        if (this.#stretch(true)) return 0;
        break;
      case Operation.preemptiveExpand:
        if (this.#stretch(false)) return 0;
        break;
    }
    const count = ring.read(output, at, room);
    counters.played += count;
    return count;
  }

  /** Removes (accelerate) or repeats one pitch period at the read head, if credit and signal allow. */
  #stretch(accelerate: boolean): boolean {
    const stretcher = this.#stretcher;
    if (!stretcher.ready) return false;
    const lookahead = this.#lookahead;
    const available = this.#ring.peek(lookahead, 0, lookahead.length);
    if (!stretcher.findLag(lookahead, 0, available)) {
      stretcher.holdOff(); // not periodic here: look again a little later
      return false;
    }
    const lag = stretcher.lag;
    if (accelerate && !this.#decision.mayShed(lag)) return false;
    stretcher.spend(lag);
    if (accelerate) {
      stretcher.accelerate(lookahead, 0, lag, this.#staged, 0);
      this.#stage(lag);
      this.#ring.discard(2 * lag);
      this.#counters.played += 2 * lag;
      this.#counters.accelerated += lag;
      this.#decision.noteShed(lag);
    } else {
      stretcher.preemptiveExpand(lookahead, 0, lag, this.#staged, 0);
      this.#stage(2 * lag);
      this.#ring.discard(lag);
      this.#counters.played += lag;
      this.#counters.expanded += lag;
      this.#decision.noteInserted(lag);
    }
    return true;
  }

  #stage(count: number): void {
    this.#stagedCount = count;
    this.#stagedRead = 0;
  }

  #openGate(): boolean {
    const depth = this.#ring.depth;
    // Also open when nothing more arrives: the tail of a turn must not stay stuck below the start depth.
    // After an underrun mid-spurt, audio that arrives while the concealment still sounds plays
    // at once (merged in, as NetEq does) and stretching rebuilds the depth: waiting for the start
    // depth made every short hole about 40 ms longer and faded it to silence. Once the hole is
    // silent anyway, the gate waits for the start depth, so a stream that resumes after a long
    // hold does not stutter through a chain of short underruns while the depth is rebuilt.
    const resuming = this.#hole === Hole.refilling && this.#concealment.audible;
    if (depth > 0 && (resuming || depth >= this.#decision.startSamples || this.#samplesSinceArrival >= this.#decision.targetSamples)) {
      this.#buffering = false;
      this.#hole = Hole.none;
      // A resumption keeps the recent depths: having run dry, the decision grows the buffer back.
      if (!resuming) this.#decision.noteGateOpened();
      return true;
    }
    return false;
  }

  #runDry(): void {
    this.#buffering = true;
    this.#hole = Hole.dry;
    this.#decision.stop();
  }

  /** output[from..length) has no audio: concealment, then silence. */
  #playHole(output: Float32Array, from: number, length: number): void {
    this.#concealment.conceal(output, from, length);
    if (!this.#estimator.spurtActive) return;
    this.#decision.noteSilence(length - from);
    if (this.#hole !== Hole.none) this.#counters.noteHole(length - from, this.#hole === Hole.refilling);
  }

  #trackQuiet(output: Float32Array, count: number): void {
    let quietRun = this.#quietRun;
    for (let i = 0; i < count; i++) {
      const s = output[i];
      quietRun = s < QUIET_LEVEL && s > -QUIET_LEVEL ? quietRun + 1 : 0;
    }
    this.#quietRun = quietRun;
  }

  #endSpurt(): void {
    this.#estimator.endSpurt();
    this.#decision.endSpurt();
    this.#concealment.clear();
    this.#splices.forget();
    this.#counters.forgetHole();
    this.#hole = Hole.none;
  }

  /**
   * A chunk arrives. In this order: the spurt bookkeeping (a new turn forgets the last one's
   * audio), the join to the chunk before (a splice means media time was lost), the delay
   * estimate (which must know of that loss before it reads how late this chunk is), the target,
   * and the samples stored.
   */
  #arrive(samples: Float32Array | Int16Array, arrivalMs: number, length: number, scale: number): void {
    let resumed = false;
    const idle = this.#ring.depth === 0 && this.#stagedRead === this.#stagedCount;
    if (idle && this.#estimator.gapMs(arrivalMs) >= SPURT_GAP_MS) this.#endSpurt();
    else if (this.#hole === Hole.dry) {
      this.#counters.confirmUnderrun(); // ran dry and audio resumed: a real underrun
      this.#decision.noteUnderrun();
      this.#hole = Hole.refilling;
      resumed = true;
    }
    const smoothed = this.#splices.join(samples, length, scale);
    // A splice most likely means a chunk was lost. Its media time will never arrive, so the
    // estimator's media clock moves on by it (else this chunk and the next ones read as late by
    // a chunk and raise the target), and the latency the decision counts is that much lower,
    // so the buffer grows back by stretching.
    const spliced = this.#splices.spliced;
    if (spliced) this.#decision.noteDropped(length);
    this.#estimator.noteArrival(arrivalMs, length / this.#samplesPerMs, resumed, spliced);
    this.#samplesSinceArrival = 0;
    this.#decision.update(this.#estimator);
    const ring = this.#ring;
    const dropped = (smoothed > 0 ? ring.write(this.#splices.head, smoothed, 1) : 0) + ring.write(samples, length, scale, smoothed);
    if (dropped > 0) {
      this.#counters.dropped += dropped;
      this.#decision.noteDropped(dropped);
    }
  }

  #samples(ms: number): number {
    return Math.round(ms * this.#samplesPerMs);
  }
}
