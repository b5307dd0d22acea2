import { expect } from '@open-wc/testing';
import { DelayEstimator } from '../../src/dsp/delay-estimator';
import { Operation, PlayoutDecision } from '../../src/dsp/playout-decision';
import { createRandom } from '../../src/dsp/tone';

const RATE = 24000;
const MS = RATE / 1000;
const LIMITS = { minTargetMs: 40, maxTargetMs: 300, initialTargetMs: 60 };

/** A decision updated from `count` 20 ms chunks with 0..jitterMs random delay. */
function decisionAfter(count: number, jitterMs: number): PlayoutDecision {
  const estimator = new DelayEstimator(LIMITS.maxTargetMs);
  const decision = new PlayoutDecision(RATE, LIMITS);
  const random = createRandom(2);
  let previous = 0;
  for (let k = 0; k < count; k++) {
    previous = Math.max(previous, k * 20 + random() * jitterMs);
    estimator.noteArrival(previous, 20, false);
    decision.update(estimator);
  }
  return decision;
}

/** Two full depth windows (250 ms each) at `depth`. */
function settle(decision: PlayoutDecision, depth: number): void {
  for (let i = 0; i < 2; i++) decision.notePulled(depth, 250 * MS);
}

describe('PlayoutDecision', () => {
  it('holds the initial target and starts there until the jitter is known', () => {
    const decision = decisionAfter(3, 0);
    expect(decision.targetMs).to.equal(60);
    expect(decision.startSamples).to.equal(decision.targetSamples);
  });

  it('targets jitter + one chunk + 10 ms, and starts a spurt lower', () => {
    const decision = decisionAfter(400, 40);
    expect(decision.targetMs).to.be.within(40 + 20 + 10 - 10, 44 + 20 + 10);
    expect(decision.startSamples).to.be.below(decision.targetSamples - 15 * MS);
    expect(decision.startSamples).to.be.at.least(30 * MS);
    expect(decisionAfter(400, 0).targetMs, 'never below minTargetMs').to.equal(40);
  });

  it('plays normally when the latency is what the target needs', () => {
    const decision = decisionAfter(100, 0); // target 40 ms: normal lag 20 ms, normal minimum 18 ms
    decision.noteSilence(20 * MS);
    settle(decision, 25 * MS);
    expect(decision.decide(25 * MS, false, 0)).to.equal(Operation.normal);
    expect(decision.decide(25 * MS, true, 0)).to.equal(Operation.normal);
  });

  it('accelerates above the target until the excess is shed; skips in pauses', () => {
    const decision = decisionAfter(100, 0);
    decision.noteSilence(20 * MS + 30 * MS); // 30 ms more than the target needs
    settle(decision, 60 * MS);
    expect(decision.decide(60 * MS, true, 0), 'in a pause').to.equal(Operation.skipQuiet);
    expect(decision.decide(60 * MS, false, 0), 'in speech').to.equal(Operation.accelerate);
    let shed = 0;
    while (decision.decide(60 * MS - shed, false, 0) === Operation.accelerate && shed < 100 * MS) {
      decision.noteShed(3 * MS);
      shed += 3 * MS;
    }
    expect(shed).to.be.within(27 * MS, 33 * MS);
    expect(decision.decide(60 * MS - shed, false, 0)).to.equal(Operation.normal);
  });

  it('never removes a period that would overshoot the excess into a shortfall', () => {
    const decision = decisionAfter(100, 0); // target 40 ms: normal lag 20 ms
    decision.noteSilence(20 * MS + 12 * MS); // 12 ms above the target
    settle(decision, 60 * MS);
    expect(decision.decide(60 * MS, false, 0)).to.equal(Operation.accelerate);
    expect(decision.mayShed(15 * MS), 'a 15 ms period: 3 ms short afterwards, within the growth threshold').to.equal(true);
    decision.noteShed(10 * MS);
    expect(decision.decide(50 * MS, false, 0), '2 ms left').to.equal(Operation.accelerate);
    expect(decision.mayShed(10 * MS), 'a 10 ms period would leave the buffer 8 ms short').to.equal(false);
    expect(decision.decide(50 * MS, false, 0), 'shedding ended, nothing to grow').to.equal(Operation.normal);
  });

  it('grows when the buffer stays lower than jitter explains though the lag says all is well (media lost unseen)', () => {
    const decision = decisionAfter(100, 0); // target 40 ms; 10 ms of safety above what jitter needs
    decision.noteSilence(20 * MS); // the lag is what the target needs
    settle(decision, 4 * MS); // but the buffer has dipped to 4 ms in every recent window
    expect(decision.decide(4 * MS, false, 5 * MS)).to.equal(Operation.preemptiveExpand);
    decision.noteInserted(12 * MS);
    expect(decision.decide(16 * MS, false, 5 * MS), 'grown back above its safety margin').to.equal(Operation.normal);
  });

  it('does not grow a buffer whose lowest depth keeps the safety margin, though the target floor is higher', () => {
    const decision = decisionAfter(100, 0); // needs 30 ms (no jitter), the floor makes the target 40 ms
    decision.noteSilence(20 * MS); // the lag is what the target needs
    settle(decision, 10 * MS); // the lowest depth is the safety margin: as low as is safe
    expect(decision.decide(10 * MS, false, 5 * MS)).to.equal(Operation.normal);
  });

  it('does not take a buffer that merely filled faster than real time for latency', () => {
    const decision = decisionAfter(100, 0);
    decision.noteSilence(20 * MS); // lag as the target needs: the depth came from a burst
    settle(decision, 500 * MS);
    expect(decision.decide(500 * MS, false, 0)).to.equal(Operation.normal);
  });

  it('expands below the target while audio arrives; inserts silence in pauses; not at a turn\'s tail', () => {
    const decision = decisionAfter(100, 0);
    decision.noteGateOpened(); // at a low start depth: no silence was inserted, lag 0
    expect(decision.decide(21 * MS, false, 5 * MS)).to.equal(Operation.preemptiveExpand);
    expect(decision.decide(21 * MS, true, 5 * MS)).to.equal(Operation.insertQuiet);
    expect(decision.decide(21 * MS, false, 60 * MS), 'nothing arriving any more').to.equal(Operation.normal);
    decision.noteInserted(20 * MS);
    expect(decision.decide(21 * MS, false, 5 * MS), 'grown to the target').to.equal(Operation.normal);
  });

  it('stops stretching when the buffer runs dry or the spurt ends', () => {
    const decision = decisionAfter(100, 0);
    decision.noteSilence(60 * MS);
    settle(decision, 60 * MS);
    expect(decision.decide(60 * MS, false, 0)).to.equal(Operation.accelerate);
    decision.endSpurt();
    expect(decision.decide(60 * MS, false, 0)).to.equal(Operation.normal);
  });

  it('sheds how late a spurt\'s first chunk was, until an underrun shows the real delays', () => {
    const estimator = new DelayEstimator(LIMITS.maxTargetMs);
    const decision = new PlayoutDecision(RATE, LIMITS);
    // The first chunk is 40 ms late, the rest on time: the gate opened 40 ms later than needed.
    estimator.noteArrival(40, 20, false);
    for (let k = 1; k < 100; k++) estimator.noteArrival(k * 20, 20, false);
    decision.update(estimator);
    expect(estimator.firstLatenessMs).to.equal(40);
    decision.noteSilence(decision.targetSamples - 20 * MS); // the lag the target needs
    settle(decision, 80 * MS);
    expect(decision.decide(80 * MS, false, 0)).to.equal(Operation.accelerate);
    decision.noteUnderrun();
    expect(decision.decide(80 * MS, false, 0)).to.equal(Operation.normal);
  });

  it('leaves an excess below the start gate\'s granularity to pauses instead of accelerating', () => {
    const decision = decisionAfter(100, 0);
    decision.noteSilence(20 * MS + 8 * MS); // 8 ms more than the target needs: part of a chunk
    settle(decision, 40 * MS);
    expect(decision.decide(40 * MS, false, 0)).to.equal(Operation.normal);
    decision.noteSilence(4 * MS);
    expect(decision.decide(40 * MS, false, 0), '12 ms').to.equal(Operation.accelerate);
  });

  it('earns stretch credit three times as fast while more than 100 ms above the target', () => {
    const decision = decisionAfter(100, 0);
    expect(decision.creditFor(100)).to.equal(100);
    decision.noteSilence(20 * MS + 250 * MS); // a stall's worth of excess
    settle(decision, 270 * MS);
    expect(decision.decide(270 * MS, false, 0)).to.equal(Operation.accelerate);
    expect(decision.creditFor(100)).to.equal(300);
    decision.noteShed(200 * MS);
    expect(decision.decide(70 * MS, false, 0), 'still above the target').to.equal(Operation.accelerate);
    expect(decision.creditFor(100), 'within 100 ms of it').to.equal(100);
  });
});
