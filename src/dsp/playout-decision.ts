import { DepthWindows } from './depth-windows';
import type { DelayEstimator } from './delay-estimator';

/**
 * Decision logic of the playout, after NetEq's: a target depth from the delay estimate, and per
 * step one operation — play normally, accelerate (remove a pitch period) while latency exceeds
 * what the target needs, preemptively expand (repeat one) while it falls short, and in pauses
 * skip or insert quiet audio instead.
 *
 * Two views must agree before latency counts as excess: the lag (silence inserted since the
 * spurt began, minus audio shed; plus, for accelerating, how late the spurt's first chunk was)
 * against what the target needs, and the recent minimum depth against what jitter needs — so
 * audio that merely arrives faster than real time (TTS bursts) is not mistaken for latency.
 *
 * A spurt starts playing at a low start depth (about half the jitter allowance below the
 * target, once the jitter is known) and grows to the target by stretching while audio arrives,
 * rather than holding the turn's first words back.
 */

export const Operation = {
  normal: 0,
  accelerate: 1,
  preemptiveExpand: 2,
  skipQuiet: 3,
  insertQuiet: 4,
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

/** Added to jitter + chunk duration: render-quantum and message-delivery granularity. */
const SAFETY_MS = 10;
/** Excess latency before skipping in pauses starts; it then continues down to the target. */
const CATCH_UP_THRESHOLD_MS = 20;
/**
 * Excess latency before accelerating starts; it then continues down to the target. Above the
 * start gate's granularity (a spurt starts when a whole chunk has arrived): a smaller excess is
 * left to skipping in pauses, which costs nothing audible, rather than cut from the first words.
 */
const SHED_THRESHOLD_MS = 10;
/** Excess latency (e.g. after a stall) above which stretching may go faster… */
const FAR_ABOVE_TARGET_MS = 100;
/** …by this factor: 45 % instead of 15 % of the audio played, like NetEq's fast accelerate. */
const FAR_CREDIT_FACTOR = 3;
/** Shortfall before preemptive expansion starts; it then continues up to the target. */
const GROW_THRESHOLD_MS = 5;
/** A recent minimum depth below this means the buffer nearly ran dry: grow toward the target. */
const LOW_DEPTH_MS = 3;
/** Recent minimum depth is tracked over two alternating windows of this length. */
const DEPTH_WINDOW_MS = 250;
/** Skips and inserts in pauses happen in whole segments of this length. */
export const SEGMENT_MS = 10;

export interface TargetLimits {
  /** Lowest adaptive target, ms. */
  minTargetMs: number;
  /** Highest adaptive target, ms. */
  maxTargetMs: number;
  /** Target before enough arrivals were seen, ms. */
  initialTargetMs: number;
}

export class PlayoutDecision {
  readonly #samplesPerMs: number;
  readonly #limits: TargetLimits;
  readonly #depths: DepthWindows;
  #targetMs: number;
  // Integer sample figures derived at each arrival, so pulls do integer arithmetic only.
  #targetSamples = 0;
  #startSamples = 0;
  /** Lag the start gate leaves when the first chunk is on time: target − one chunk. */
  #normalLagSamples = 0;
  /** Depth just before the latest arrival the target covers: target − chunk − jitter. */
  #normalMinimumSamples = 0;
  #firstLatenessSamples = 0;
  #chunkSamples = 0;
  /** Silence inserted minus audio shed since the spurt began, samples. */
  #lagSamples = 0;
  #shedding = false;
  #catchingUp = false;
  #growing = false;
  /** So far above the target that stretching may go faster. */
  #farAbove = false;
  /** The excess measured by the latest decide(), samples. */
  #excessSamples = 0;
  /** An underrun in this spurt: the lag has seen the real delays since, the first chunk's no longer counts. */
  #hadUnderrun = false;

  constructor(sampleRate: number, limits: TargetLimits) {
    this.#samplesPerMs = sampleRate / 1000;
    const minTargetMs = limits.minTargetMs;
    const maxTargetMs = Math.max(minTargetMs, limits.maxTargetMs);
    const initialTargetMs = Math.min(maxTargetMs, Math.max(minTargetMs, limits.initialTargetMs));
    this.#limits = { minTargetMs, maxTargetMs, initialTargetMs };
    this.#targetMs = initialTargetMs;
    this.#depths = new DepthWindows(this.#samples(DEPTH_WINDOW_MS));
    this.#setFigures(0, 0, 0, false);
  }

  get targetMs(): number {
    return this.#targetMs;
  }

  /** Depth the buffer should hold, samples. */
  get targetSamples(): number {
    return this.#targetSamples;
  }

  /** Depth at which a spurt (or a resumption after an underrun) starts playing, samples. */
  get startSamples(): number {
    return this.#startSamples;
  }

  /** New arrival statistics: recompute the target and the figures derived from it. */
  update(estimator: DelayEstimator): void {
    // Recurring delay peaks count as jitter the target must cover.
    this.#setFigures(Math.max(estimator.jitterMs, estimator.peakMs), estimator.chunkMs, estimator.firstLatenessMs, estimator.warmedUp);
  }

  /** A talk spurt ended (or was flushed): latency bookkeeping starts afresh. */
  endSpurt(): void {
    this.#lagSamples = 0;
    this.#hadUnderrun = false;
    this.stop();
    this.#depths.restart();
  }

  /** Stretch credit earned by playing `count` samples: faster while far above the target. */
  creditFor(count: number): number {
    return this.#farAbove ? count * FAR_CREDIT_FACTOR : count;
  }

  /** The buffer ran dry: whatever stretching was under way ends. */
  stop(): void {
    this.#shedding = false;
    this.#catchingUp = false;
    this.#growing = false;
    this.#farAbove = false;
  }

  /** Audio resumed after the buffer ran dry mid-spurt. */
  noteUnderrun(): void {
    this.#hadUnderrun = true;
  }

  /** The start gate opened: the dry spell before is not a near-underrun. */
  noteGateOpened(): void {
    this.#depths.restart();
  }

  /** Silence (gate or concealment) played within a spurt, samples. */
  noteSilence(count: number): void {
    this.#lagSamples += count;
  }

  /**
   * Whether removing `count` samples (one pitch period) sheds excess rather than overshooting
   * into a shortfall that preemptive expansion would then refill (a period removed and one
   * repeated soon after: two audible edits for nothing). If not, shedding ends here.
   */
  mayShed(count: number): boolean {
    // Called while shedding (decide() said accelerate): it goes on only if this period may go.
    return (this.#shedding = count <= this.#excessSamples + this.#samples(GROW_THRESHOLD_MS));
  }

  /** Audio removed by skipping or accelerating: the recorded minima would overstate the excess. */
  noteShed(count: number): void {
    this.#lagSamples -= count;
    this.#depths.shift(-count);
  }

  /** Audio dropped on overflow (not a playout decision: the minima stay). */
  noteDropped(count: number): void {
    this.#lagSamples -= count;
  }

  /** Audio inserted by expansion or quiet insertion. */
  noteInserted(count: number): void {
    this.#lagSamples += count;
    this.#depths.shift(count);
  }

  /** The depth after a pull of `pulled` samples. */
  notePulled(depth: number, pulled: number): void {
    this.#depths.track(depth, pulled);
  }

  /**
   * The next operation for a buffer `depth` samples deep; `quietAhead`: the read head is inside a
   * pause; `sinceArrival`: samples played since the last chunk arrived.
   */
  decide(depth: number, quietAhead: boolean, sinceArrival: number): Operation {
    const segment = this.#samples(SEGMENT_MS);
    if (quietAhead) {
      // Skipping shortens pauses: only for latency the lag itself proves.
      const excess = this.#excess(depth, 0);
      if (!this.#catchingUp && excess > this.#samples(CATCH_UP_THRESHOLD_MS)) this.#catchingUp = true;
      if (this.#catchingUp) {
        if (excess >= segment) return Operation.skipQuiet;
        this.#catchingUp = false;
      }
    }
    // Accelerating also sheds the first chunk's lateness: it cuts nothing, even if the audio was early.
    const excess = this.#excess(depth, this.#unseenLag());
    this.#excessSamples = excess;
    this.#shedding = this.#shedding ? excess > 0 : excess > this.#samples(SHED_THRESHOLD_MS);
    this.#farAbove = excess > this.#samples(FAR_ABOVE_TARGET_MS);
    if (this.#shedding) return Operation.accelerate;
    const shortfall = this.#shortfall(depth);
    this.#growing = this.#growing ? shortfall > 0 : shortfall > this.#samples(GROW_THRESHOLD_MS);
    // Only while audio still arrives: the tail of a turn needs no reserve.
    if (this.#growing && sinceArrival <= 2 * this.#chunkSamples) return quietAhead ? Operation.insertQuiet : Operation.preemptiveExpand;
    return Operation.normal;
  }

  /**
   * Latency beyond what the target needs, samples: the lag plus `unseenLag` beyond its normal
   * value, bounded by how far the recent minimum depth stays above what jitter needs.
   */
  #excess(depth: number, unseenLag: number): number {
    if (!this.#depths.ready) return 0;
    return Math.min(this.#lagSamples + unseenLag - this.#normalLagSamples, this.#depths.recentMinimum(depth) - this.#normalMinimumSamples);
  }

  /**
   * How far the buffer falls short of the target, samples (≤ 0: it does not): the mirror image
   * of the excess (same lag measure, so accelerating and expanding never take turns).
   */
  #shortfall(depth: number): number {
    const room = this.#targetSamples - depth;
    const minimum = this.#depths.recentMinimum(depth);
    if (minimum < this.#samples(LOW_DEPTH_MS)) return room; // nearly dry
    // Media that went missing unseen (a lost chunk that joined without a step) leaves the lag
    // unchanged but the buffer's lowest depth below the safety margin: that shortfall counts too
    // (not against the target's floor, which may sit above what the jitter needs).
    return Math.min(room, Math.max(this.#normalLagSamples - this.#lagSamples - this.#unseenLag(), this.#samples(SAFETY_MS) - minimum));
  }

  /** Latency the lag cannot see: how late the spurt's first chunk was (until an underrun). */
  #unseenLag(): number {
    return this.#hadUnderrun ? 0 : this.#firstLatenessSamples;
  }

  #setFigures(jitterMs: number, chunkMs: number, firstLatenessMs: number, warmedUp: boolean): void {
    const { minTargetMs, maxTargetMs, initialTargetMs } = this.#limits;
    const neededMs = jitterMs + chunkMs + SAFETY_MS;
    const wanted = Math.min(maxTargetMs, Math.max(minTargetMs, neededMs));
    this.#targetMs = warmedUp ? wanted : Math.max(wanted, initialTargetMs);
    // Until the jitter is known, a spurt starts at the full target.
    const startMs = warmedUp ? Math.max(chunkMs + SAFETY_MS, neededMs - jitterMs / 2, this.#targetMs / 2) : this.#targetMs;
    this.#targetSamples = this.#samples(this.#targetMs);
    this.#startSamples = this.#samples(Math.min(this.#targetMs, startMs));
    this.#chunkSamples = this.#samples(chunkMs);
    this.#normalLagSamples = Math.max(0, this.#samples(this.#targetMs - chunkMs));
    this.#normalMinimumSamples = Math.max(this.#samples(LOW_DEPTH_MS), this.#samples(this.#targetMs - chunkMs - jitterMs));
    this.#firstLatenessSamples = this.#samples(Math.min(firstLatenessMs, maxTargetMs));
  }

  #samples(ms: number): number {
    return Math.round(ms * this.#samplesPerMs);
  }
}
