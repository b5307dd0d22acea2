// Whole-recording resampling for the mocks and the speech synthesizer, with the product's own
// streaming resampler (src/dsp/resampler.ts, bundled for Node by bench/load-dsp.mjs).
import { loadDsp } from '../bench/load-dsp.mjs';

/**
 * Resamples a whole recording with the product's streaming resampler (src/dsp/resampler.ts),
 * removing its group delay so the output lines up with the input sample for sample.
 *
 * @param {Float32Array} samples
 * @param {number} fromRate
 * @param {number} toRate
 * @returns {Promise<Float32Array>} `round(samples.length * toRate / fromRate)` samples
 */
export async function resampleWhole(samples, fromRate, toRate) {
  if (fromRate === toRate) return samples;
  const { Resampler } = await loadDsp();
  const resampler = new Resampler(fromRate, toRate);
  const delaySamples = Math.round(resampler.latencySeconds * toRate);
  const flushLength = Math.ceil(resampler.latencySeconds * fromRate) + 2;
  const input = new Float32Array(samples.length + flushLength);
  input.set(samples);
  const output = new Float32Array(resampler.maxOutputLength(input.length));
  const written = resampler.process(input, output);
  const length = Math.round((samples.length * toRate) / fromRate);
  return output.slice(delaySamples, Math.min(written, delaySamples + length));
}
