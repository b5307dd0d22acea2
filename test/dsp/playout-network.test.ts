import { expect } from '@open-wc/testing';
import { Playout } from '../../src/dsp/playout';
import { makeSpeechLike } from '../../src/dsp/tone';
import { vowel } from './voiced-signal';

const RATE = 24000;
const MS = RATE / 1000;
const CHUNK = 20 * MS;
const QUANTUM = 128;
const QUANTUM_MS = QUANTUM / MS;

/**
 * Plays `speech` sent as 20 ms chunks on time, except that chunks due while `held(ms)` is true
 * arrive when it turns false; returns the playout and the underruns counted per 5 s window.
 */
function playHeld(speech: Float32Array, held: (ms: number) => boolean): { playout: Playout; underrunsPerWindow: number[] } {
  const playout = new Playout({ sampleRate: RATE });
  const output = new Float32Array(QUANTUM);
  const chunks = speech.length / CHUNK;
  const underrunsPerWindow: number[] = [];
  let next = 0;
  for (let q = 0; next < chunks || playout.stats.depthMs > 0; q++) {
    const now = q * QUANTUM_MS;
    while (next < chunks && next * 20 <= now && !held(now)) {
      playout.push(speech.subarray(next * CHUNK, (next + 1) * CHUNK), now);
      next++;
    }
    playout.pull(output);
    const window = Math.floor(now / 5000);
    underrunsPerWindow[window] = playout.stats.underruns;
  }
  return { playout, underrunsPerWindow };
}

describe('Playout on a network with holds', () => {
  it('learns that 200 ms holds recur every 5 s and stops running dry at them', () => {
    const speech = makeSpeechLike(RATE, 31, 7);
    const { playout, underrunsPerWindow } = playHeld(speech, (ms) => ms % 5000 >= 2000 && ms % 5000 < 2200);
    // Holds at 2, 7, 12, 17, 22, 27 s: the first two teach the pattern.
    expect(underrunsPerWindow[1], 'the first two holds run it dry').to.be.at.most(2);
    expect(playout.stats.underruns, 'none after them').to.equal(underrunsPerWindow[1]);
    expect(playout.stats.targetMs).to.be.above(200);
  });

  it('catches up faster while far above the target: back within 20 ms of it 1.3 s after a 300 ms hold', () => {
    const speech = vowel(RATE, 140, 10 * RATE); // one long vowel: only accelerating can catch up
    const playout = new Playout({ sampleRate: RATE });
    const output = new Float32Array(QUANTUM);
    const chunks = speech.length / CHUNK;
    const holdEndMs = 4300;
    let next = 0;
    let backAtMs = -1;
    for (let q = 0; next < chunks || playout.stats.depthMs > 0; q++) {
      const now = q * QUANTUM_MS;
      while (next < chunks && next * 20 <= now && !(now >= 4000 && now < holdEndMs)) {
        playout.push(speech.subarray(next * CHUNK, (next + 1) * CHUNK), now);
        next++;
      }
      playout.pull(output);
      const { depthMs, targetMs } = playout.stats;
      if (now > holdEndMs + 100 && backAtMs < 0 && next < chunks && depthMs <= targetMs + 20) backAtMs = now;
    }
    expect(playout.stats.underruns, 'the hold ran it dry once').to.equal(1);
    // At 15 % of the audio throughout it takes about 1.76 s here.
    expect(backAtMs - holdEndMs).to.be.within(0, 1300);
  });

  it('does not raise its target for a sender that pauses 300 ms in every reply and stays behind', () => {
    const playout = new Playout({ sampleRate: RATE });
    const output = new Float32Array(QUANTUM);
    const speech = makeSpeechLike(RATE, 4, 9);
    const chunks = speech.length / CHUNK;
    let highestTarget = 0;
    // Five replies of 4 s, 1.5 s apart; each sender pauses 300 ms after 1.5 s (the rest follows late).
    for (let reply = 0; reply < 5; reply++) {
      const startMs = reply * 5500;
      let next = 0;
      for (let q = Math.ceil(startMs / QUANTUM_MS); q * QUANTUM_MS < startMs + 5500; q++) {
        const now = q * QUANTUM_MS;
        const due = (k: number): number => startMs + k * 20 + (k * 20 >= 1500 ? 300 : 0);
        while (next < chunks && due(next) <= now) {
          playout.push(speech.subarray(next * CHUNK, (next + 1) * CHUNK), now);
          next++;
        }
        playout.pull(output);
        // From the second reply on: the first pause, among few arrivals, is in the quantile itself.
        if (reply > 0) highestTarget = Math.max(highestTarget, playout.stats.targetMs);
      }
    }
    expect(playout.stats.underruns, 'one per pause').to.equal(5);
    expect(highestTarget).to.be.below(100);
  });
});
