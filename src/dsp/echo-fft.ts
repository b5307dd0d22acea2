// In-place radix-2 complex FFT over split real/imaginary arrays, for the echo canceller's
// frequency-domain filter. Tables are built once; transforms allocate nothing.

export class Fft {
  readonly size: number;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #reversed: Uint16Array;

  constructor(size: number) {
    if (size < 2 || (size & (size - 1)) !== 0 || size > 65536) throw new RangeError(`FFT size must be a power of two, got ${size}`);
    this.size = size;
    this.#cos = new Float64Array(size / 2);
    this.#sin = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.#cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.#sin[i] = -Math.sin((2 * Math.PI * i) / size);
    }
    this.#reversed = new Uint16Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let reversed = 0;
      for (let bit = 0; bit < bits; bit++) reversed |= ((i >> bit) & 1) << (bits - 1 - bit);
      this.#reversed[i] = reversed;
    }
  }

  /** Forward transform of (re, im) in place. */
  forward(re: Float32Array, im: Float32Array): void {
    this.#transform(re, im, 1);
  }

  /** Inverse transform in place, scaled by 1/size so that inverse(forward(x)) = x. */
  inverse(re: Float32Array, im: Float32Array): void {
    this.#transform(re, im, -1);
    const scale = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }

  #transform(re: Float32Array, im: Float32Array, direction: number): void {
    const size = this.size;
    const reversed = this.#reversed;
    for (let i = 0; i < size; i++) {
      const j = reversed[i];
      if (j > i) {
        const r = re[i];
        re[i] = re[j];
        re[j] = r;
        const m = im[i];
        im[i] = im[j];
        im[j] = m;
      }
    }
    for (let half = 1; half < size; half *= 2) {
      const stride = size / (2 * half);
      for (let start = 0; start < size; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = this.#cos[k * stride];
          const wi = direction * this.#sin[k * stride];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}
