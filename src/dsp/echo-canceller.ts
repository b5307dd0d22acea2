// Acoustic echo canceller for speakerphone calls: removes the agent's own voice from the mic
// using the played signal, which the capture worklet receives sample-exact (same context).
//
// - A delay estimator finds the bulk delay (output + input latency); the played signal is
//   delayed by that much (less a small margin) before the filter.
// - A partitioned-block frequency-domain NLMS filter (overlap-save, block = one render
//   quantum, FFT of two blocks) models the room response after that delay.
// - Double talk: the ratio of output power to echo-estimate power is tracked (falls at once,
//   rises only slowly), which says how much echo the filter normally leaves. Per bin, the
//   step shrinks with expected residual echo / actual output: when the visitor talks, the
//   output in their bins is far above the expected residual, so those bins stop adapting
//   and the filter neither diverges nor learns to cancel the visitor.
// Everything is allocated in the constructor; process() allocates nothing (bench/cpu.mjs
// measures it). State that holds a fractional number is a `private` field, not a `#` one: with
// `useDefineForClassFields: false` the build declares each `#` field first (as undefined) and
// assigns it in the constructor, so V8 stores it untyped and boxes every number written to it
// (16 B a write, about 80 B per render quantum here before this was found).
import { EchoDelayEstimator } from './echo-delay';
import { Fft } from './echo-fft';

export interface EchoCancellerOptions {
  sampleRate: number;
  /** Samples per process() call. Default 128 (one render quantum). */
  blockSize?: number;
  /** Room response modelled after the bulk delay, ms. Default 32 (longer tails converge slower). */
  tailMs?: number;
  /** Longest bulk delay searched, ms. Default 500. */
  maxDelayMs?: number;
}

/** Blocks of filter kept before the estimated delay: the estimate is only block-accurate. */
const DELAY_MARGIN_BLOCKS = 2;
/** Share of the mean input power added to each bin's normaliser. */
const REGULARIZATION = 0.03;
/** Normalized step size (of the whole filter, not per partition). */
const STEP = 0.7;

/** Output this many times the expected residual echo (power) counts as the visitor talking. */
const DOUBLE_TALK_RATIO = 16;
/** How fast the residual tracker may rise: 10 dB per this many ms (an echo path that changed). */
const RESIDUAL_RISE_MS = 4000;
/** Residual ratio (output / echo estimate power) below which the filter counts as converged: 10 dB. */
const CONVERGED_RATIO = 0.1;
/** Output power (sum of squares per block, about -70 dBFS) below which divergence is not judged. */
const DIVERGED_FLOOR = 1e-5;
/** Reference power (sum of squares per block) below which the agent counts as silent. */
const SILENT_REFERENCE = 1e-6;

export class EchoCanceller {
  readonly blockSize: number;
  readonly delay: EchoDelayEstimator;
  readonly #partitions: number;
  readonly #bins: number;
  readonly #fft: Fft;
  /** The played signal, long enough to delay it by the largest lag. */
  readonly #history: Float32Array;
  #historyHead = 0;
  /** Filter input delay in samples (bulk delay less the margin). */
  #inputDelay = 0;
  readonly #previousInput: Float32Array;
  /** Spectra of the last `partitions` input blocks (ring, newest at #inputHead). */
  readonly #inputRe: Float32Array[];
  readonly #inputIm: Float32Array[];
  #inputHead = 0;
  readonly #weightRe: Float32Array[];
  readonly #weightIm: Float32Array[];
  readonly #spectra: EchoSpectra;
  #constrainNext = 0;
  /** ln of the usual output / echo-estimate power ratio while only the agent talks. */
  private logResidualRatio = 0;
  /** Largest rise of logResidualRatio per block. */
  readonly #residualRise: number;
  /** Output and echo-estimate power, smoothed over about 20 ms. */
  private errorSmooth = 0;
  private echoSmooth = 0;
  /** The visitor talks over the agent (the last block's output far above the expected residual). */
  doubleTalk = false;
  /** Blocks in a row where the output was far louder than the input: a diverged filter. */
  #divergedBlocks = 0;
  /** Powers (sum of squares) of the last block. */
  micPower = 0;
  outputPower = 0;
  echoEstimatePower = 0;
  /**
   * Output level and the echo expected to remain in it, dBFS, smoothed over ~20 ms; fields (not
   * getters) so reading them per quantum allocates nothing.
   */
  outputDb = -100;
  residualEchoDb = -100;
  /** True once the filter removes at least 10 dB (its residual estimate means something). */
  converged = false;
  private outputMeanSquare = 0;
  private residualMeanSquare = 0;

  constructor(options: EchoCancellerOptions) {
    const blockSize = (this.blockSize = options.blockSize ?? 128);
    const { sampleRate } = options;
    const blockMs = (blockSize * 1000) / sampleRate;
    this.#partitions = Math.max(1, Math.ceil((options.tailMs ?? 32) / blockMs) + DELAY_MARGIN_BLOCKS);
    this.#bins = blockSize + 1;
    this.#fft = new Fft(2 * blockSize);
    this.delay = new EchoDelayEstimator({ blockSize, sampleRate, maxDelayMs: options.maxDelayMs });
    const maxDelaySamples = Math.ceil(((options.maxDelayMs ?? 500) * sampleRate) / 1000) + 2 * blockSize;
    this.#history = new Float32Array(maxDelaySamples);
    this.#previousInput = new Float32Array(blockSize);
    const spectra = (): Float32Array[] => Array.from({ length: this.#partitions }, () => new Float32Array(this.#bins));
    this.#inputRe = spectra();
    this.#inputIm = spectra();
    this.#weightRe = spectra();
    this.#weightIm = spectra();
    this.#spectra = new EchoSpectra(2 * blockSize);
    this.#residualRise = (Math.LN10 * blockMs) / RESIDUAL_RISE_MS;
  }

  /** Usual output / echo-estimate power while only the agent talks (1/ERLE of the filter). */
  get residualRatio(): number {
    return Math.exp(this.logResidualRatio);
  }

  /** Echo expected to remain in the last output block (sum of squares). */
  get residualEchoPower(): number {
    return Math.min(this.residualRatio, 1) * this.echoEstimatePower;
  }

  /**
   * Cancels one block: `output` = `mic` less the echo of `reference` (the played signal,
   * time-aligned with the mic as both reach the worklet). `output` may be `mic`.
   */
  process(mic: Float32Array, reference: Float32Array, output: Float32Array): void {
    const n = this.blockSize;
    let referencePower = 0;
    let micPower = 0;
    for (let i = 0; i < n; i++) {
      referencePower += reference[i] * reference[i];
      micPower += mic[i] * mic[i];
    }
    this.micPower = micPower;
    const history = this.#history;
    for (let i = 0; i < n; i++) {
      history[this.#historyHead] = reference[i];
      this.#historyHead = (this.#historyHead + 1) % history.length;
    }
    // Fields, not arguments: a double passed to a call that is not inlined is boxed each time.
    this.delay.referenceEnergy = referencePower;
    this.delay.micEnergy = micPower;
    if (this.delay.push()) this.#setDelay(this.delay.delayBlocks);
    if (this.delay.delayBlocks < 0) this.#passThrough(mic, output);
    else this.#filter(mic, output);
    this.#updateLevels();
  }

  #updateLevels(): void {
    const n = this.blockSize;
    const residualRatio = Math.exp(Math.min(this.logResidualRatio, 0));
    this.converged = this.delay.delayBlocks >= 0 && residualRatio < CONVERGED_RATIO;
    this.outputMeanSquare += 0.3 * (this.outputPower / n - this.outputMeanSquare);
    this.residualMeanSquare += 0.3 * ((residualRatio * this.echoEstimatePower) / n - this.residualMeanSquare);
    this.outputDb = 10 * Math.log10(this.outputMeanSquare + 1e-10);
    this.residualEchoDb = 10 * Math.log10(this.residualMeanSquare + 1e-10);
  }

  reset(): void {
    this.delay.reset();
    this.#history.fill(0);
    this.#resetFilter();
  }

  #passThrough(mic: Float32Array, output: Float32Array): void {
    if (output !== mic) for (let i = 0; i < this.blockSize; i++) output[i] = mic[i];
    this.outputPower = this.micPower;
    this.echoEstimatePower = 0;
  }

  #setDelay(blocks: number): void {
    this.#inputDelay = Math.max(0, blocks - DELAY_MARGIN_BLOCKS) * this.blockSize;
    this.#resetFilter();
  }

  #resetFilter(): void {
    for (let p = 0; p < this.#partitions; p++) {
      this.#inputRe[p].fill(0);
      this.#inputIm[p].fill(0);
      this.#weightRe[p].fill(0);
      this.#weightIm[p].fill(0);
    }
    this.#previousInput.fill(0);
    this.#spectra.reset();
    this.logResidualRatio = 0;
    this.errorSmooth = this.echoSmooth = 0;
    this.doubleTalk = false;
    this.#divergedBlocks = 0;
  }

  #filter(mic: Float32Array, output: Float32Array): void {
    const n = this.blockSize;
    const bins = this.#bins;
    const partitions = this.#partitions;
    const s = this.#spectra;
    const fft = this.#fft;
    // Input spectrum of [previous block, this block], delayed by #inputDelay.
    this.#inputHead = (this.#inputHead + 1) % partitions;
    const history = this.#history;
    const start = this.#historyHead - n - this.#inputDelay + 2 * history.length;
    let inputPower = 0;
    for (let i = 0; i < n; i++) {
      const sample = history[(start + i) % history.length];
      s.re[i] = this.#previousInput[i];
      s.re[n + i] = sample;
      this.#previousInput[i] = sample;
      inputPower += sample * sample;
    }
    s.im.fill(0);
    fft.forward(s.re, s.im);
    const xRe = this.#inputRe[this.#inputHead];
    const xIm = this.#inputIm[this.#inputHead];
    for (let k = 0; k < bins; k++) {
      xRe[k] = s.re[k];
      xIm[k] = s.im[k];
    }
    // Normalizer: input power over the whole filter span, so a word after a pause (loud old
    // partitions, quiet new one) does not meet a tiny normalizer.
    s.inputPower.fill(0);
    for (let p = 0; p < partitions; p++) {
      const ar = this.#inputRe[p];
      const ai = this.#inputIm[p];
      for (let k = 0; k < bins; k++) s.inputPower[k] += ar[k] * ar[k] + ai[k] * ai[k];
    }
    // Echo estimate: sum over partitions of weights × delayed input spectra.
    s.re.fill(0);
    s.im.fill(0);
    for (let p = 0; p < partitions; p++) {
      const slot = (this.#inputHead - p + partitions) % partitions;
      const wr = this.#weightRe[p];
      const wi = this.#weightIm[p];
      const ar = this.#inputRe[slot];
      const ai = this.#inputIm[slot];
      for (let k = 0; k < bins; k++) {
        s.re[k] += wr[k] * ar[k] - wi[k] * ai[k];
        s.im[k] += wr[k] * ai[k] + wi[k] * ar[k];
      }
    }
    s.mirror();
    fft.inverse(s.re, s.im);
    let outputPower = 0;
    let echoPower = 0;
    for (let i = 0; i < n; i++) {
      const echo = s.re[n + i];
      s.echo[i] = echo;
      const error = mic[i] - echo;
      s.error[i] = error;
      output[i] = error;
      outputPower += error * error;
      echoPower += echo * echo;
    }
    this.outputPower = outputPower;
    this.echoEstimatePower = echoPower;
    if (this.#checkDivergence()) return;
    if (inputPower < SILENT_REFERENCE) return;
    this.#adapt();
  }

  /** A filter that adds more than it removes is reset; the output falls back to the mic. */
  #checkDivergence(): boolean {
    const outputPower = this.outputPower;
    this.#divergedBlocks = outputPower > 4 * this.micPower && outputPower > DIVERGED_FLOOR ? this.#divergedBlocks + 1 : 0;
    if (this.#divergedBlocks < 8) return false;
    this.#resetFilter();
    return true;
  }

  #adapt(): void {
    const n = this.blockSize;
    const bins = this.#bins;
    const partitions = this.#partitions;
    const s = this.#spectra;
    const fft = this.#fft;
    // Spectra of the error and of the echo estimate, each as [zeros, block].
    for (let i = 0; i < n; i++) {
      s.re[i] = 0;
      s.im[i] = 0;
      s.re[n + i] = s.error[i];
      s.im[n + i] = s.echo[i];
    }
    // Two real signals in one complex FFT: error in re, echo estimate in im.
    fft.forward(s.re, s.im);
    const size = 2 * n;
    let errorTotal = 0;
    let echoTotal = 0;
    for (let k = 0; k < bins; k++) {
      const mirror = (size - k) % size;
      const eRe = 0.5 * (s.re[k] + s.re[mirror]);
      const eIm = 0.5 * (s.im[k] - s.im[mirror]);
      const yRe = 0.5 * (s.im[k] + s.im[mirror]);
      const yIm = 0.5 * (s.re[mirror] - s.re[k]);
      s.errorRe[k] = eRe;
      s.errorIm[k] = eIm;
      s.errorPower[k] = eRe * eRe + eIm * eIm;
      s.echoPower[k] = yRe * yRe + yIm * yIm;
      errorTotal += s.errorPower[k];
      echoTotal += s.echoPower[k];
    }
    // Residual tracker over ~20 ms powers: follows a falling output/estimate ratio at once, a
    // rising one slowly (a changed echo path).
    this.errorSmooth += 0.2 * (errorTotal - this.errorSmooth);
    this.echoSmooth += 0.2 * (echoTotal - this.echoSmooth);
    const ratio = Math.log((this.errorSmooth + 1e-12) / (this.echoSmooth + 1e-12));
    const expected = this.logResidualRatio;
    this.logResidualRatio = ratio < expected ? expected + 0.5 * (ratio - expected) : expected + Math.min(ratio - expected, this.#residualRise);
    const residual = Math.exp(Math.min(this.logResidualRatio, 0));
    // Until the filter removes some echo its estimate says nothing: full steps. After, the
    // step shrinks as the output exceeds the echo it should leave (the visitor talking).
    const expectedOutput = DOUBLE_TALK_RATIO * residual * echoTotal;
    const young = residual > CONVERGED_RATIO;
    this.doubleTalk = !young && errorTotal > expectedOutput;
    const share = young ? 1 : Math.min(1, expectedOutput / (errorTotal + 1e-12));
    // Regularised by a share of the mean bin power: speech leaves many bins nearly empty, and a
    // full normalised step there would only fit noise.
    let meanPower = 0;
    for (let k = 0; k < bins; k++) meanPower += s.inputPower[k];
    const floor = REGULARIZATION * (meanPower / bins) + 1e-9;
    for (let k = 0; k < bins; k++) s.step[k] = (STEP * share) / (s.inputPower[k] + floor);
    for (let p = 0; p < partitions; p++) {
      const slot = (this.#inputHead - p + partitions) % partitions;
      const ar = this.#inputRe[slot];
      const ai = this.#inputIm[slot];
      const wr = this.#weightRe[p];
      const wi = this.#weightIm[p];
      // W += conj(X) · E · step
      for (let k = 0; k < bins; k++) {
        const eRe = s.errorRe[k];
        const eIm = s.errorIm[k];
        wr[k] += (ar[k] * eRe + ai[k] * eIm) * s.step[k];
        wi[k] += (ar[k] * eIm - ai[k] * eRe) * s.step[k];
      }
      // Unconstrained updates leave circular wrap-around in the weights; one partition per
      // block is brought back to a linear filter (second half zero in time), round robin.
      if (p === this.#constrainNext) this.#constrain(wr, wi);
    }
    this.#constrainNext = (this.#constrainNext + 1) % partitions;
  }

  #constrain(weightRe: Float32Array, weightIm: Float32Array): void {
    const s = this.#spectra;
    const n = this.blockSize;
    for (let k = 0; k <= n; k++) {
      s.re[k] = weightRe[k];
      s.im[k] = weightIm[k];
    }
    s.mirror();
    this.#fft.inverse(s.re, s.im);
    for (let i = n; i < 2 * n; i++) s.re[i] = 0;
    s.im.fill(0);
    this.#fft.forward(s.re, s.im);
    for (let k = 0; k <= n; k++) {
      weightRe[k] = s.re[k];
      weightIm[k] = s.im[k];
    }
  }
}

/** Scratch spectra and per-bin state of the canceller, allocated once. */
class EchoSpectra {
  readonly re: Float32Array;
  readonly im: Float32Array;
  readonly echo: Float32Array;
  readonly error: Float32Array;
  readonly errorRe: Float32Array;
  readonly errorIm: Float32Array;
  readonly inputPower: Float32Array;
  readonly errorPower: Float32Array;
  readonly echoPower: Float32Array;
  readonly step: Float32Array;

  constructor(readonly size: number) {
    const bins = size / 2 + 1;
    this.re = new Float32Array(size);
    this.im = new Float32Array(size);
    this.echo = new Float32Array(size / 2);
    this.error = new Float32Array(size / 2);
    this.errorRe = new Float32Array(bins);
    this.errorIm = new Float32Array(bins);
    this.inputPower = new Float32Array(bins);
    this.errorPower = new Float32Array(bins);
    this.echoPower = new Float32Array(bins);
    this.step = new Float32Array(bins);
  }

  /** Fills bins above size/2 from the lower ones: the spectrum of a real signal. */
  mirror(): void {
    const size = this.size;
    for (let k = 1; k < size / 2; k++) {
      this.re[size - k] = this.re[k];
      this.im[size - k] = -this.im[k];
    }
    this.im[0] = 0;
    this.im[size / 2] = 0;
  }

  reset(): void {
    this.inputPower.fill(0);
  }
}
