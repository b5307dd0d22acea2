/**
 * The baseline player: what typical vendor widgets' playback worklets do — a queue of received
 * chunks, no target delay, play whatever is there, silence when it is empty; no concealment,
 * no time-stretching. Same push/pull shape as Playout so both run in one harness.
 */
export class FifoPlayer {
  #chunks = [];
  #read = 0; // in the first chunk

  push(samples) {
    if (samples.length) this.#chunks.push(samples.slice());
  }

  /** Fills output[0..length): audio first (returns how much), then zeros. */
  pull(output, length = output.length) {
    let written = 0;
    while (written < length && this.#chunks.length) {
      const chunk = this.#chunks[0];
      const count = Math.min(length - written, chunk.length - this.#read);
      output.set(chunk.subarray(this.#read, this.#read + count), written);
      written += count;
      this.#read += count;
      if (this.#read === chunk.length) {
        this.#chunks.shift();
        this.#read = 0;
      }
    }
    output.fill(0, written, length);
    return written;
  }

  get depthSamples() {
    let depth = -this.#read;
    for (const chunk of this.#chunks) depth += chunk.length;
    return depth;
  }
}
