/**
 * Fixed-capacity FIFO of float samples: what has arrived and not yet been played. Appending
 * beyond capacity drops the oldest samples. Nothing here allocates after construction.
 */
export class SampleRing {
  readonly #ring: Float32Array;
  #readIndex = 0;
  #writeIndex = 0;
  #depth = 0;

  constructor(capacity: number) {
    if (!(capacity > 0)) throw new RangeError(`capacity must be positive, got ${capacity}`);
    this.#ring = new Float32Array(Math.ceil(capacity));
  }

  get capacity(): number {
    return this.#ring.length;
  }

  /** Samples stored. */
  get depth(): number {
    return this.#depth;
  }

  /** Appends samples[from..length) × scale; returns how many old (or incoming) samples were dropped to fit. */
  write(samples: Float32Array | Int16Array, length: number, scale: number, from = 0): number {
    const ring = this.#ring;
    const capacity = ring.length;
    const start = Math.max(from, length - capacity);
    const incoming = Math.max(0, length - start);
    const overflow = Math.max(0, this.#depth + incoming - capacity);
    if (overflow > 0) this.discard(overflow);
    let writeIndex = this.#writeIndex;
    for (let i = start; i < length; i++) {
      ring[writeIndex] = samples[i] * scale;
      if (++writeIndex === capacity) writeIndex = 0;
    }
    this.#writeIndex = writeIndex;
    this.#depth += incoming;
    return start - from + overflow;
  }

  /** Moves up to `count` samples into output[at..); returns how many. */
  read(output: Float32Array, at: number, count: number): number {
    const copied = this.peek(output, at, count);
    this.discard(copied);
    return copied;
  }

  /** Copies up to `count` of the oldest samples into output[at..) without consuming them; returns how many. */
  peek(output: Float32Array, at: number, count: number): number {
    const ring = this.#ring;
    const capacity = ring.length;
    const copied = Math.min(count, this.#depth);
    let index = this.#readIndex;
    for (let i = at; i < at + copied; i++) {
      output[i] = ring[index];
      if (++index === capacity) index = 0;
    }
    return copied;
  }

  /** Drops the oldest `count` samples (at most all). */
  discard(count: number): void {
    const dropped = Math.min(count, this.#depth);
    this.#readIndex = (this.#readIndex + dropped) % this.#ring.length;
    this.#depth -= dropped;
  }

  /** True if the next `count` samples are stored and all within ±level. */
  isQuiet(count: number, level: number): boolean {
    if (this.#depth < count) return false;
    const ring = this.#ring;
    let index = this.#readIndex;
    for (let i = 0; i < count; i++) {
      const s = ring[index];
      if (s >= level || s <= -level) return false;
      if (++index === ring.length) index = 0;
    }
    return true;
  }

  clear(): void {
    this.#readIndex = 0;
    this.#writeIndex = 0;
    this.#depth = 0;
  }
}
