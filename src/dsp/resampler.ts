/**
 * Streaming rational resampler: windowed-sinc (Kaiser) low-pass split into L polyphase branches.
 *
 * The ratio is exact (L/M, gcd-reduced), so there is no drift over long calls. The transition band
 * is centred on the lower Nyquist frequency and symmetric around it, so anything that aliases
 * (down-sampling) lands above the passband edge; images (up-sampling) are attenuated likewise.
 */

/** Stopband attenuation the Kaiser design aims for; leaves margin for the ≥ 70 dB requirement. */
const DESIGN_ATTENUATION_DB = 80;
/** Passband edge, as a fraction of the lower Nyquist frequency (flat within ~0.01 dB below it). */
const PASSBAND_EDGE = 0.86;
/** Stopband edge, mirrored around Nyquist: aliases of it land exactly at the passband edge. */
const STOPBAND_EDGE = 2 - PASSBAND_EDGE;
/** Taps per branch are padded to a multiple of this so the dot product can be unrolled. */
const TAP_ALIGN = 4;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) {
    const remainder = a % b;
    a = b;
    b = remainder;
  }
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; term > sum * 1e-12; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

export class Resampler {
  /** Sample rate of the input, Hz. */
  readonly inputRate: number;
  /** Sample rate of the output, Hz. */
  readonly outputRate: number;
  /** Group delay the filter adds, in seconds (0 for identity). */
  readonly latencySeconds: number;

  readonly #up: number;
  readonly #down: number;
  readonly #tapsPerPhase: number;
  /** Branch-major coefficients, each branch ordered oldest input first (matches the history window). */
  readonly #coefficients: Float32Array;
  /** Last `tapsPerPhase` inputs, written twice so a contiguous window always exists without wrapping. */
  readonly #history: Float32Array;
  #writeIndex = 0;
  /** Position of the next output between the last two inputs, in units of 1/L input samples. */
  #phase = 0;

  constructor(inputRate: number, outputRate: number) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError(`Resampler needs positive integer rates, got ${inputRate} → ${outputRate}`);
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const divisor = greatestCommonDivisor(inputRate, outputRate);
    const up = outputRate / divisor;
    this.#up = up;
    this.#down = inputRate / divisor;

    if (up === this.#down) {
      this.#tapsPerPhase = 0;
      this.#coefficients = new Float32Array(0);
      this.#history = new Float32Array(0);
      this.latencySeconds = 0;
      return;
    }

    const lowerNyquist = Math.min(inputRate, outputRate) / 2;
    const transitionRadians = (2 * Math.PI * (STOPBAND_EDGE - PASSBAND_EDGE) * lowerNyquist) / inputRate;
    // Kaiser's length estimate, expressed in input samples (= taps per branch).
    const span = (DESIGN_ATTENUATION_DB - 7.95) / (2.285 * transitionRadians);
    const taps = Math.ceil(span / TAP_ALIGN) * TAP_ALIGN;
    const length = taps * up;
    const beta = 0.1102 * (DESIGN_ATTENUATION_DB - 8.7);
    const cutoff = (2 * Math.PI * lowerNyquist) / (inputRate * up); // radians per up-sampled sample
    const centre = (length - 1) / 2;
    const windowNorm = besselI0(beta);

    const coefficients = new Float32Array(length);
    for (let phase = 0; phase < up; phase++) {
      let sum = 0;
      const base = phase * taps;
      for (let k = 0; k < taps; k++) {
        const n = phase + k * up; // prototype index; k = 0 multiplies the newest input
        const t = n - centre;
        const ratio = (2 * n) / (length - 1) - 1;
        const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / windowNorm;
        const value = (t === 0 ? cutoff / Math.PI : Math.sin(cutoff * t) / (Math.PI * t)) * window;
        coefficients[base + taps - 1 - k] = value;
        sum += value;
      }
      // Unity DC gain per branch: removes branch-to-branch gain ripple (which would leave images).
      for (let k = 0; k < taps; k++) coefficients[base + k] /= sum;
    }
    this.#tapsPerPhase = taps;
    this.#coefficients = coefficients;
    this.#history = new Float32Array(2 * taps);
    this.latencySeconds = (length - 1) / (2 * up * inputRate);
  }

  /** Upper bound of samples process() can write for `inputLength` input samples. */
  maxOutputLength(inputLength: number): number {
    return this.#up === this.#down ? inputLength : Math.floor((inputLength * this.#up) / this.#down) + 1;
  }

  /**
   * Consumes input[0..inputLength) and writes resampled samples to output from index 0; returns
   * how many were written. State carries across calls of any block size (no clicks). `output`
   * must hold maxOutputLength(inputLength) samples.
   */
  process(input: Float32Array, output: Float32Array, inputLength: number = input.length): number {
    const up = this.#up;
    const down = this.#down;
    if (up === down) {
      if (inputLength === input.length) output.set(input);
      else for (let i = 0; i < inputLength; i++) output[i] = input[i];
      return inputLength;
    }
    const taps = this.#tapsPerPhase;
    const history = this.#history;
    const coefficients = this.#coefficients;
    let writeIndex = this.#writeIndex;
    let phase = this.#phase;
    let written = 0;
    for (let i = 0; i < inputLength; i++) {
      const sample = input[i];
      history[writeIndex] = sample;
      history[writeIndex + taps] = sample;
      writeIndex = writeIndex + 1 === taps ? 0 : writeIndex + 1;
      // history[writeIndex .. writeIndex + taps) now holds the newest `taps` inputs, oldest first.
      while (phase < up) {
        const base = phase * taps;
        let acc0 = 0;
        let acc1 = 0;
        let acc2 = 0;
        let acc3 = 0;
        for (let k = 0; k < taps; k += 4) {
          const h = writeIndex + k;
          const c = base + k;
          acc0 += history[h] * coefficients[c];
          acc1 += history[h + 1] * coefficients[c + 1];
          acc2 += history[h + 2] * coefficients[c + 2];
          acc3 += history[h + 3] * coefficients[c + 3];
        }
        output[written++] = acc0 + acc1 + (acc2 + acc3);
        phase += down;
      }
      phase -= up;
    }
    this.#writeIndex = writeIndex;
    this.#phase = phase;
    return written;
  }

  /** Forgets all history, as if newly constructed. */
  reset(): void {
    this.#history.fill(0);
    this.#writeIndex = 0;
    this.#phase = 0;
  }
}
