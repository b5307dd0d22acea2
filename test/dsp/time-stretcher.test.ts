import { expect } from '@open-wc/testing';
import { MAX_STRETCH_PERCENT, TimeStretcher } from '../../src/dsp/time-stretcher';
import { createRandom, estimateFrequency } from '../../src/dsp/tone';
import { largestStep, vowel } from './voiced-signal';

const RATE = 24000;

describe('TimeStretcher', () => {
  it('searches 2.5–15 ms lags', () => {
    const stretcher = new TimeStretcher(RATE);
    expect(stretcher.minLag).to.equal(60);
    expect(stretcher.maxLag).to.equal(360);
    expect(new TimeStretcher(16000).maxLag).to.equal(240);
  });

  it('finds the pitch period of a vowel (the period, not a multiple of it)', () => {
    const stretcher = new TimeStretcher(RATE);
    for (const frequency of [110, 180, 250]) {
      const signal = vowel(RATE, frequency, 2 * stretcher.maxLag);
      expect(stretcher.findLag(signal, 0, signal.length), `${frequency} Hz is periodic`).to.equal(true);
      expect(stretcher.lag, `${frequency} Hz`).to.be.closeTo(RATE / frequency, 1);
      expect(stretcher.correlation).to.be.at.least(0.9);
    }
  });

  it('finds the period that ends at a point (for concealment)', () => {
    const stretcher = new TimeStretcher(RATE);
    const signal = new Float32Array(3000);
    signal.set(vowel(RATE, 200, 1000), 2000); // noise-free vowel only in the last 1000 samples
    expect(stretcher.findLagBefore(signal, 3000, 1000)).to.equal(true);
    expect(stretcher.lag).to.be.closeTo(120, 1);
  });

  it('refuses noise (correlation below 0.9) but accepts quiet audio', () => {
    const stretcher = new TimeStretcher(RATE);
    const random = createRandom(4);
    const noise = Float32Array.from({ length: 720 }, () => 0.3 * (random() * 2 - 1));
    expect(stretcher.findLag(noise, 0, noise.length)).to.equal(false);
    expect(stretcher.correlation).to.be.below(0.9);
    const quiet = noise.map((s) => s / 1000);
    expect(stretcher.findLag(quiet, 0, quiet.length)).to.equal(true);
  });

  it('does not search with less than two shortest periods', () => {
    const stretcher = new TimeStretcher(RATE);
    expect(stretcher.findLag(vowel(RATE, 200, 100), 0, 100)).to.equal(false);
  });

  it('accelerates: shortens by exactly the periods removed, keeps the pitch, no clicks', () => {
    const stretcher = new TimeStretcher(RATE);
    const input = vowel(RATE, 180, RATE);
    const output = new Float32Array(RATE);
    let read = 0;
    let written = 0;
    let removed = 0;
    // After every 20 ms of input, remove one period (about 18 %: more than the playout allows).
    while (read + 480 <= input.length - 2 * stretcher.maxLag) {
      for (let i = 0; i < 480; i++) output[written++] = input[read++];
      expect(stretcher.findLag(input, read, 2 * stretcher.maxLag)).to.equal(true);
      stretcher.accelerate(input, read, stretcher.lag, output, written);
      written += stretcher.lag;
      read += 2 * stretcher.lag;
      removed += stretcher.lag;
    }
    expect(written).to.equal(read - removed);
    expect(removed / read).to.be.closeTo(133 / (480 + 2 * 133), 0.01);
    const result = output.subarray(0, written);
    expect(estimateFrequency(result, RATE)).to.be.closeTo(180, 0.5);
    expect(largestStep(result)).to.be.below(1.05 * largestStep(input));
  });

  it('preemptively expands: lengthens by exactly the periods repeated, keeps the pitch, no clicks', () => {
    const stretcher = new TimeStretcher(RATE);
    const input = vowel(RATE, 130, RATE);
    const output = new Float32Array(2 * RATE);
    let read = 0;
    let written = 0;
    let added = 0;
    while (read + 480 <= input.length - 2 * stretcher.maxLag) {
      for (let i = 0; i < 480; i++) output[written++] = input[read++];
      expect(stretcher.findLag(input, read, 2 * stretcher.maxLag)).to.equal(true);
      stretcher.preemptiveExpand(input, read, stretcher.lag, output, written);
      written += 2 * stretcher.lag;
      read += stretcher.lag;
      added += stretcher.lag;
    }
    expect(written).to.equal(read + added);
    const result = output.subarray(0, written);
    expect(estimateFrequency(result, RATE)).to.be.closeTo(130, 0.5);
    expect(largestStep(result)).to.be.below(1.05 * largestStep(input));
  });

  it('allows stretching at most 15 % of the audio played', () => {
    const stretcher = new TimeStretcher(RATE);
    expect(stretcher.ready).to.equal(false);
    let played = 0;
    let stretched = 0;
    for (let block = 0; block < 1000; block++) {
      stretcher.earn(64);
      played += 64;
      if (stretcher.ready) {
        stretcher.spend(100);
        stretched += 100;
      }
    }
    expect(stretched / played).to.be.within(MAX_STRETCH_PERCENT / 100 - 0.01, MAX_STRETCH_PERCENT / 100 + 0.001);
  });
});
