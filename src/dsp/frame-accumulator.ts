/**
 * Collects samples into exact N-sample frames with no drift whatever the block/frame ratio
 * (20 ms at 48 kHz = 7.5 render quanta).
 */
export class FrameAccumulator {
  /** Samples per emitted frame. */
  readonly frameLength: number;
  readonly #frame: Float32Array;
  #filled = 0;

  constructor(frameLength: number) {
    if (!Number.isInteger(frameLength) || frameLength <= 0) {
      throw new RangeError(`frameLength must be a positive integer, got ${frameLength}`);
    }
    this.frameLength = frameLength;
    this.#frame = new Float32Array(frameLength);
  }

  /**
   * Appends input[0..length); calls onFrame(frame) for each completed frame. `frame` is a reused
   * internal buffer: copy it before keeping it past the callback.
   */
  push(input: Float32Array, length: number, onFrame: (frame: Float32Array) => void): void {
    const frame = this.#frame;
    const frameLength = this.frameLength;
    let filled = this.#filled;
    for (let i = 0; i < length; i++) {
      frame[filled++] = input[i];
      if (filled === frameLength) {
        filled = 0;
        this.#filled = 0; // consistent if the callback calls reset() or throws
        onFrame(frame);
      }
    }
    this.#filled = filled;
  }

  /** Discards a partly filled frame. */
  reset(): void {
    this.#filled = 0;
  }
}
