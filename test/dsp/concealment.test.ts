import { expect } from '@open-wc/testing';
import { Concealment } from '../../src/dsp/concealment';
import { estimateFrequency } from '../../src/dsp/tone';
import { largestBend, largestStep, peak, vowel } from './voiced-signal';

const RATE = 24000;
const PITCH = 180;
const MS = RATE / 1000;

/** A concealment that has heard 100 ms of the vowel, and what the vowel would have continued with. */
function afterVowel() {
  const concealment = new Concealment(RATE);
  const played = vowel(RATE, PITCH, 100 * MS);
  concealment.remember(played, 0, played.length);
  const ownStep = largestStep(played);
  return { concealment, played, ownStep };
}

function joined(a: Float32Array, b: Float32Array): Float32Array {
  const both = new Float32Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/** A vowel whose pitch glides from `from` to `to` Hz (speech is never exactly periodic). */
function glidingVowel(from: number, to: number, length: number): Float32Array {
  const harmonics = [1, 0.35, 0.2, 0.1, 0.05];
  const signal = new Float32Array(length);
  let phase = 0;
  for (let i = 0; i < length; i++) {
    phase += (from + ((to - from) * i) / length) / RATE;
    let sample = 0;
    for (let h = 0; h < harmonics.length; h++) sample += harmonics[h] * Math.sin(2 * Math.PI * (h + 1) * phase + h * 0.7);
    signal[i] = (0.4 * sample) / 1.7;
  }
  return signal;
}

describe('Concealment', () => {
  it('continues a starved vowel at its own pitch, without a step at the cut', () => {
    const { concealment, played, ownStep } = afterVowel();
    const hole = new Float32Array(100 * MS);
    concealment.conceal(hole, 0, hole.length);
    expect(concealment.active).to.equal(true);
    expect(concealment.periodLength).to.be.closeTo(RATE / PITCH, 1);
    // Pitch of the first 40 ms (the gain ramp does not move zero crossings).
    expect(estimateFrequency(hole, RATE, 40 * MS)).to.be.closeTo(PITCH, PITCH * 0.01);
    expect(largestStep(joined(played, hole))).to.be.below(1.05 * ownStep);
    expect(peak(hole, 0, concealment.periodLength)).to.be.above(0.9 * peak(played));
  });

  for (const [from, to] of [[PITCH, PITCH], [260, 140], [140, 260]]) {
    it(`bends no more than the voice itself at the cut and at each repeat (pitch ${from} → ${to} Hz)`, () => {
      // The period found is a whole number of samples and the pitch drifts: raw joins would
      // kink or step (heard as a click at the cut and a buzz at the pitch rate).
      const concealment = new Concealment(RATE);
      const played = from === to ? vowel(RATE, PITCH, 100 * MS) : glidingVowel(from, to, 100 * MS);
      concealment.remember(played, 0, played.length);
      const hole = new Float32Array(60 * MS);
      for (let at = 0; at < hole.length; at += 128) concealment.conceal(hole, at, Math.min(hole.length, at + 128));
      const heard = joined(played, hole);
      expect(largestBend(heard, played.length - 2)).to.be.below(1.2 * largestBend(played));
    });
  }

  it('says whether the continuation still sounds (the playout resumes at once only then)', () => {
    const { concealment } = afterVowel();
    expect(concealment.audible, 'before a hole').to.equal(false);
    const hole = new Float32Array(59 * MS);
    concealment.conceal(hole, 0, hole.length);
    expect(concealment.audible, 'at 59 ms').to.equal(true);
    concealment.conceal(hole, 0, MS);
    expect(concealment.audible, 'at 60 ms').to.equal(false);
    expect(concealment.active, 'still to be merged out of').to.equal(true);
  });

  it('fades monotonically to exact silence within 60 ms', () => {
    const { concealment } = afterVowel();
    const hole = new Float32Array(200 * MS);
    // In render-quantum-sized pieces, as the playout calls it.
    for (let from = 0; from < hole.length; from += 128) concealment.conceal(hole, from, Math.min(hole.length, from + 128));
    const period = concealment.periodLength;
    let previousPeak = Infinity;
    for (let from = 0; from + period <= 60 * MS; from += period) {
      const here = peak(hole, from, from + period);
      expect(here, `period at ${from}`).to.be.at.most(previousPeak);
      previousPeak = here;
    }
    expect(peak(hole, 30 * MS - (period >> 1), 30 * MS + (period >> 1)), 'half-way').to.be.within(0.3 * peak(hole), 0.7 * peak(hole));
    expect(peak(hole, 60 * MS), 'silent after 60 ms').to.equal(0);
  });

  it('cross-fades resumed audio in from the continuation: no discontinuity', () => {
    const { concealment, ownStep } = afterVowel();
    const hole = new Float32Array(20 * MS);
    concealment.conceal(hole, 0, hole.length);
    // Real audio resumes out of phase with the continuation (the worst case for a cut).
    const resumed = vowel(RATE, PITCH, 20 * MS, 0.4, 0.45);
    const heard = resumed.slice();
    concealment.merge(heard, 0, 64);
    concealment.merge(heard, 64, heard.length - 64);
    expect(concealment.active).to.equal(false);
    expect(largestStep(joined(hole, heard))).to.be.below(1.3 * ownStep);
    // A bare cut would have jumped by far more: the test can tell.
    expect(largestStep(joined(hole, resumed))).to.be.above(2 * ownStep);
    // After 5 ms the resumed audio plays unchanged.
    for (let i = 5 * MS; i < heard.length; i++) expect(heard[i]).to.equal(resumed[i]);
  });

  it('fades resumed audio in after the continuation has died away', () => {
    const { concealment, ownStep } = afterVowel();
    const hole = new Float32Array(100 * MS);
    concealment.conceal(hole, 0, hole.length);
    const resumed = vowel(RATE, PITCH, 20 * MS, 0.4, 0.25); // starts at its peak
    const heard = resumed.slice();
    concealment.merge(heard, 0, heard.length);
    expect(largestStep(joined(hole, heard))).to.be.below(1.3 * ownStep);
    expect(Math.abs(heard[0])).to.be.below(0.05);
  });

  it('is silent with nothing to continue, and after clear() (a flush)', () => {
    const fresh = new Concealment(RATE);
    const hole = new Float32Array(10 * MS).fill(1);
    fresh.conceal(hole, 0, hole.length);
    expect(peak(hole)).to.equal(0);
    expect(fresh.active, 'nothing to merge from').to.equal(false);
    const { concealment } = afterVowel();
    concealment.clear();
    hole.fill(1);
    concealment.conceal(hole, 0, hole.length);
    expect(peak(hole)).to.equal(0);
    const audio = new Float32Array(64).fill(0.5);
    concealment.merge(audio, 0, 64);
    expect(audio.every((s) => s === 0.5), 'no fade-in after a flush').to.equal(true);
  });
});
