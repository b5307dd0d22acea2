import { expect } from '@open-wc/testing';
import { estimateFrequency, fitTone, makeSpeechLike } from '../../src/dsp/tone';

describe('tone helpers', () => {
  it('estimateFrequency finds a tone to within 0.01 Hz', () => {
    const samples = new Float32Array(48000);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 441.7 * i) / 48000 + 1);
    expect(estimateFrequency(samples, 48000)).to.be.closeTo(441.7, 0.01);
    expect(Number.isNaN(estimateFrequency(new Float32Array(100), 48000))).to.equal(true);
  });

  it('fitTone recovers amplitude and phase', () => {
    const samples = new Float32Array(1000);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.25 * Math.sin((2 * Math.PI * 300 * i) / 16000 - 0.5);
    const fit = fitTone(samples, 16000, 300);
    expect(fit.amplitude).to.be.closeTo(0.25, 1e-6);
    expect(fit.phase).to.be.closeTo(-0.5, 1e-5);
    expect(fit.residualRms).to.be.below(1e-6);
  });

  it('makeSpeechLike has syllables and quiet pauses', () => {
    const signal = makeSpeechLike(24000, 5);
    let quiet = 0;
    let peak = 0;
    for (const s of signal) {
      if (Math.abs(s) < 0.001) quiet++;
      peak = Math.max(peak, Math.abs(s));
    }
    expect(peak).to.be.within(0.3, 0.7);
    expect(quiet / signal.length).to.be.within(0.2, 0.8);
  });
});
