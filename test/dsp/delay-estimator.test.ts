import { expect } from '@open-wc/testing';
import { DelayEstimator } from '../../src/dsp/delay-estimator';
import { createRandom } from '../../src/dsp/tone';

const CHUNK_MS = 20;

/** Chunk k is due at k·20 ms and arrives up to jitterMs later (in order, as over TCP). */
function feed(estimator: DelayEstimator, count: number, jitterMs: number, seed = 1, startMs = 0): number {
  const random = createRandom(seed);
  let previous = -Infinity;
  let arrival = 0;
  for (let k = 0; k < count; k++) {
    arrival = Math.max(previous, startMs + k * CHUNK_MS + random() * jitterMs);
    estimator.noteArrival(arrival, CHUNK_MS, false);
    previous = arrival;
  }
  return arrival;
}

describe('DelayEstimator', () => {
  it('reads no jitter from steady arrivals', () => {
    const estimator = new DelayEstimator(300);
    feed(estimator, 200, 0);
    expect(estimator.jitterMs).to.be.at.most(2);
    expect(estimator.chunkMs).to.equal(CHUNK_MS);
    expect(estimator.warmedUp).to.equal(true);
  });

  it('covers 0–40 ms of random delay with its 99 % quantile', () => {
    const estimator = new DelayEstimator(300);
    feed(estimator, 500, 40);
    expect(estimator.jitterMs).to.be.within(30, 44);
  });

  it('rises within a few late arrivals and forgets them over seconds', () => {
    const estimator = new DelayEstimator(300);
    let time = feed(estimator, 200, 0);
    for (let k = 0; k < 3; k++) estimator.noteArrival((time += CHUNK_MS) + 100, CHUNK_MS, false);
    expect(estimator.jitterMs).to.be.above(90);
    time = feed(estimator, 1000, 0, 1, time + 100 + CHUNK_MS);
    expect(estimator.jitterMs).to.be.at.most(2);
  });

  it('moves its media clock on by a chunk when told a chunk before was lost, so the chunk after it is not late', () => {
    const lossy = (noteLoss: boolean) => {
      const estimator = new DelayEstimator(300);
      let media = 0;
      let lost = false;
      for (let k = 0; k < 200; k++) {
        if (k % 25 === 12) {
          media += 20; // this chunk never arrives
          lost = true;
          continue;
        }
        estimator.noteArrival(media, 20, false, noteLoss && lost);
        lost = false;
        media += 20;
      }
      return estimator.jitterMs;
    };
    expect(lossy(false), 'unaccounted, each loss reads as 20 ms of lateness').to.be.at.least(20);
    expect(lossy(true)).to.be.at.most(2);
  });

  it('does not count a burst after a hold as lateness of each chunk', () => {
    const estimator = new DelayEstimator(300);
    const time = feed(estimator, 100, 0);
    // Ten chunks held back 200 ms arrive together: only the first is an event.
    for (let k = 0; k < 10; k++) estimator.noteArrival(time + 200 + k * 0.1, CHUNK_MS, false);
    expect(estimator.jitterMs).to.be.at.least(180);
    const before = estimator.jitterMs;
    feed(estimator, 5, 0, 1, time + 200 + 10 * CHUNK_MS);
    expect(estimator.jitterMs).to.be.at.most(before);
  });

  it('measures against the resumed stream after an underrun, and starts afresh with a new spurt', () => {
    const estimator = new DelayEstimator(300);
    const time = feed(estimator, 100, 0);
    // The sender paused 300 ms and stays behind: resumed, so later chunks are on time.
    estimator.noteArrival(time + 320, CHUNK_MS, true);
    feed(estimator, 100, 0, 1, time + 340);
    expect(estimator.jitterMs).to.be.below(100); // only the resuming chunk itself counted late
    const settled = estimator.jitterMs;
    estimator.endSpurt();
    expect(estimator.spurtActive).to.equal(false);
    estimator.noteArrival(time + 5000, CHUNK_MS, false);
    expect(estimator.spurtActive).to.equal(true);
    expect(estimator.jitterMs, 'a new turn is not late').to.equal(settled);
    expect(estimator.firstLatenessMs).to.equal(0);
  });

  it('remembers lateness peaks that recur every few seconds, across the ends of talk spurts', () => {
    const estimator = new DelayEstimator(300);
    let time = 0;
    // Turns of 4 s with 1 s pauses; in each turn, 200 ms with nothing, then everything at once.
    for (let turn = 0; turn < 3; turn++) {
      if (turn > 0) estimator.endSpurt();
      for (let k = 0; k < 200; k++) {
        const due = time + k * CHUNK_MS;
        const held = k >= 100 && k < 110; // due during the hold: arrive at its end
        estimator.noteArrival(held ? time + 110 * CHUNK_MS + (k - 100) * 0.1 : due, CHUNK_MS, false);
      }
      time += 5000;
      if (turn === 0) expect(estimator.peakMs, 'one hold is not a pattern').to.equal(0);
    }
    expect(estimator.jitterMs, 'the quantile forgets them').to.be.below(100);
    expect(estimator.peakMs).to.be.within(190, 210);
  });
});
