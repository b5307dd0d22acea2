import { Concealment } from './concealment';
import { TimeStretcher } from './time-stretcher';

/**
 * Smooths the join between two chunks that were not adjacent. Chunks carry no sequence number,
 * so when one is lost (a server that drops frames) the next is appended straight after the one
 * before the loss: a hard step in the waveform, heard as a click. At each chunk join this unit
 * compares how sharply the waveform bends across the join with how sharply it bends on either
 * side of it (the signal's own roughness): a clean join bends like its neighbourhood, a splice
 * far more. Only then is the new chunk's start rewritten as a cross-fade from a pitch-period
 * continuation of the audio before the join (Concealment's continuation and merge, as at the
 * end of an underrun) into the new chunk, over Concealment's merge length (5 ms). Clean joins,
 * real plosives and pauses are left bit-exact. Nothing allocates after construction.
 */

/** The roughness on each side of a join is measured over this long. */
const ROUGHNESS_MS = 2.5;
/** A join bending more than this many times the RMS bend around it is a splice... */
const SPLICE_RATIO = 6;
/** ...if the bend is at least this large (a −40 dBFS step): quiet joins are never touched. */
const SPLICE_FLOOR = 0.01;

export class SpliceSmoother {
  readonly #continuation: Concealment;
  /** The end of what came before the join (newest last). */
  readonly #before: Float32Array;
  /** The start of the newest chunk, as it should be stored (rewritten when it was spliced). */
  readonly head: Float32Array;
  /** The rest of a chunk converted for remembering (a chunk's tail may be an Int16Array). */
  readonly #scratch: Float32Array;
  readonly #roughnessSamples: number;
  /** Joins found to be splices since construction. */
  splices = 0;
  /** The latest join was found to be a splice (audio before it is likely missing). */
  spliced = false;

  constructor(sampleRate: number, stretcher: TimeStretcher = new TimeStretcher(sampleRate)) {
    this.#continuation = new Concealment(sampleRate, stretcher);
    this.#roughnessSamples = Math.max(4, Math.round((ROUGHNESS_MS * sampleRate) / 1000));
    this.#before = new Float32Array(this.#roughnessSamples);
    this.head = new Float32Array(Math.max(this.#continuation.mergeLength, this.#roughnessSamples));
    this.#scratch = new Float32Array(2 * stretcher.maxLag);
  }

  /**
   * A chunk samples[0..length) × scale follows what came before. Fills `head` with its first
   * samples as they should be stored and returns how many (0: store the chunk as it is).
   */
  join(samples: Float32Array | Int16Array, length: number, scale: number): number {
    const continuation = this.#continuation;
    const head = this.head;
    const count = Math.min(length, head.length);
    for (let i = 0; i < count; i++) head[i] = samples[i] * scale;
    let rewritten = 0;
    this.spliced = false;
    // A merge still under way (the chunk before was shorter than it) goes on into this one.
    if (continuation.active || this.#isSplice(count)) {
      if (!continuation.active) {
        this.splices++;
        this.spliced = true;
        continuation.begin();
      }
      continuation.merge(head, 0, count);
      rewritten = count;
    }
    this.#remember(samples, length, scale, count);
    return rewritten;
  }

  /** The next chunk starts a new stream (a new turn, or a flush): nothing to join it to. */
  forget(): void {
    this.#continuation.clear();
  }

  /** Whether the join between what came before and head[0..count) is a splice. */
  #isSplice(count: number): boolean {
    const before = this.#before;
    const available = this.#continuation.recent(before, before.length);
    if (available < 3 || count < 3) return false;
    const head = this.head;
    const last = before[available - 1];
    const previous = before[available - 2];
    // The two bends that involve both sides of the join.
    const bend = Math.max(Math.abs(head[0] - 2 * last + previous), Math.abs(head[1] - 2 * head[0] + last));
    if (bend < SPLICE_FLOOR) return false;
    let sum = 0;
    let terms = 0;
    for (let i = 2; i < available; i++, terms++) sum += (before[i] - 2 * before[i - 1] + before[i - 2]) ** 2;
    const after = Math.min(count, this.#roughnessSamples);
    for (let i = 2; i < after; i++, terms++) sum += (head[i] - 2 * head[i - 1] + head[i - 2]) ** 2;
    return bend * bend * terms > SPLICE_RATIO * SPLICE_RATIO * sum;
  }

  /** Feeds the chunk as stored (head, then the rest) to the continuation's history. */
  #remember(samples: Float32Array | Int16Array, length: number, scale: number, headCount: number): void {
    const continuation = this.#continuation;
    continuation.remember(this.head, 0, headCount);
    const scratch = this.#scratch;
    // Only the newest scratch.length samples can matter to the continuation.
    const from = Math.max(headCount, length - scratch.length);
    for (let i = from; i < length; i++) scratch[i - from] = samples[i] * scale;
    continuation.remember(scratch, 0, length - from);
  }
}
