import { expect } from '@open-wc/testing';
import { Resampler } from '../../src/dsp/resampler';
import { createRandom, estimateFrequency, fitTone } from '../../src/dsp/tone';

const PAIRS: Array<[number, number]> = [
  [44100, 24000],
  [48000, 24000],
  [44100, 48000],
  [16000, 44100],
  [16000, 48000],
  [24000, 44100],
  [24000, 48000],
  [48000, 16000],
];
const AMPLITUDE = 0.5;
const TONE_RMS = AMPLITUDE / Math.SQRT2;

function sine(frequency: number, rate: number, seconds: number): Float32Array {
  const samples = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = AMPLITUDE * Math.sin((2 * Math.PI * frequency * i) / rate);
  return samples;
}

function resampleAll(resampler: Resampler, input: Float32Array): Float32Array {
  const output = new Float32Array(resampler.maxOutputLength(input.length));
  return output.subarray(0, resampler.process(input, output));
}

const decibels = (ratio: number) => 20 * Math.log10(ratio);

for (const [inputRate, outputRate] of PAIRS) {
  describe(`Resampler ${inputRate} → ${outputRate}`, () => {
    const lowerNyquist = Math.min(inputRate, outputRate) / 2;

    for (const frequency of [440, 0.85 * lowerNyquist]) {
      it(`passes ${frequency.toFixed(0)} Hz at the right frequency and amplitude (±0.1 dB)`, () => {
        const output = resampleAll(new Resampler(inputRate, outputRate), sine(frequency, inputRate, 0.5));
        expect(output.length).to.be.closeTo((outputRate * 0.5), 1);
        const from = Math.floor(output.length / 4); // past the start-up transient
        const fit = fitTone(output, outputRate, frequency, from, output.length);
        expect(Math.abs(decibels(fit.amplitude / AMPLITUDE))).to.be.below(0.1);
        // Everything else (wrong frequency, distortion, images) is at least 60 dB down.
        expect(decibels(fit.residualRms / TONE_RMS)).to.be.below(-60);
        expect(estimateFrequency(output.subarray(from), outputRate)).to.be.closeTo(frequency, frequency * 1e-3);
      });
    }

    if (outputRate < inputRate) {
      it('attenuates a tone above the cut-off (1.25 × output Nyquist) by ≥ 70 dB', () => {
        const output = resampleAll(new Resampler(inputRate, outputRate), sine(1.25 * lowerNyquist, inputRate, 0.5));
        const from = Math.floor(output.length / 4);
        let energy = 0;
        for (let i = from; i < output.length; i++) energy += output[i] * output[i];
        expect(decibels(Math.sqrt(energy / (output.length - from)) / TONE_RMS)).to.be.below(-70);
      });
    } else {
      it('keeps images of a 0.8 × Nyquist tone ≥ 70 dB down', () => {
        const frequency = 0.8 * lowerNyquist;
        const output = resampleAll(new Resampler(inputRate, outputRate), sine(frequency, inputRate, 0.5));
        const fit = fitTone(output, outputRate, frequency, Math.floor(output.length / 4), output.length);
        expect(decibels(fit.residualRms / TONE_RMS)).to.be.below(-70);
      });
    }

    it('gives the same output for random block sizes (1..700) as for one call', () => {
      const random = createRandom(inputRate + outputRate);
      const input = new Float32Array(inputRate); // 1 s of noise: exercises every branch
      for (let i = 0; i < input.length; i++) input[i] = random() * 2 - 1;
      const whole = resampleAll(new Resampler(inputRate, outputRate), input);

      const resampler = new Resampler(inputRate, outputRate);
      const pieces = new Float32Array(whole.length + 8);
      const scratch = new Float32Array(resampler.maxOutputLength(700));
      let written = 0;
      for (let offset = 0; offset < input.length; ) {
        const size = Math.min(1 + Math.floor(random() * 700), input.length - offset);
        const count = resampler.process(input.subarray(offset, offset + size), scratch);
        expect(count).to.be.at.most(resampler.maxOutputLength(size));
        pieces.set(scratch.subarray(0, count), written);
        written += count;
        offset += size;
      }
      expect(written).to.equal(whole.length);
      let worst = 0;
      for (let i = 0; i < written; i++) worst = Math.max(worst, Math.abs(pieces[i] - whole[i]));
      expect(worst).to.be.below(1e-6);
    });

    it('reports a latency that matches the measured delay', () => {
      const resampler = new Resampler(inputRate, outputRate);
      expect(resampler.latencySeconds).to.be.within(1e-4, 5e-3);
      const frequency = 200;
      const output = resampleAll(resampler, sine(frequency, inputRate, 0.5));
      // Input phase is 0; a delay τ shows up as phase −2πfτ at the output.
      const fit = fitTone(output, outputRate, frequency, Math.floor(output.length / 4), output.length);
      const measured = -fit.phase / (2 * Math.PI * frequency);
      expect(measured).to.be.closeTo(resampler.latencySeconds, 2e-6);
    });

    it('starts over after reset()', () => {
      const resampler = new Resampler(inputRate, outputRate);
      const input = sine(1000, inputRate, 0.05);
      const first = resampleAll(resampler, input).slice();
      resampleAll(resampler, sine(3000, inputRate, 0.013));
      resampler.reset();
      expect(Array.from(resampleAll(resampler, input))).to.deep.equal(Array.from(first));
    });
  });
}

describe('Resampler identity', () => {
  it('copies samples through unchanged with zero latency', () => {
    const resampler = new Resampler(48000, 48000);
    expect(resampler.latencySeconds).to.equal(0);
    const input = sine(440, 48000, 0.01);
    const output = new Float32Array(resampler.maxOutputLength(100));
    expect(resampler.process(input, output, 100)).to.equal(100);
    expect(Array.from(output)).to.deep.equal(Array.from(input.subarray(0, 100)));
  });

  it('rejects rates that are not positive integers', () => {
    expect(() => new Resampler(0, 48000)).to.throw(RangeError);
    expect(() => new Resampler(44100.5, 48000)).to.throw(RangeError);
  });
});
