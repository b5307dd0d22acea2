import { expect } from '@open-wc/testing';
import { Playout } from '../../src/dsp/playout';
import { makeSpeechLike } from '../../src/dsp/tone';

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
});
