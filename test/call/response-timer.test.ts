import { expect } from '@open-wc/testing';
import { ResponseTimer } from '../../src/call/response-timer';

const FRAME_MS = 20;

/** Voiced frames every 20 ms from `from` (inclusive) to `to` (exclusive). */
function talk(timer: ResponseTimer, from: number, to: number): void {
  for (let t = from; t < to; t += FRAME_MS) timer.voiced(t);
}

describe('ResponseTimer', () => {
  it('times from the last voiced frame of a finished spurt to the agent becoming audible', () => {
    const timer = new ResponseTimer();
    talk(timer, 0, 2000);
    expect(timer.agentAudible(1980 + 640)).to.equal(640);
  });

  it('has nothing to time before the visitor spoke (a greeting)', () => {
    expect(new ResponseTimer().agentAudible(500)).to.equal(undefined);
  });

  it('counts short gaps between words as one spurt', () => {
    const timer = new ResponseTimer();
    talk(timer, 0, 1000);
    talk(timer, 1100, 2000); // a 120 ms gap: still the same turn
    expect(timer.agentAudible(1980 + 700)).to.equal(700);
  });

  it('answers the spurt before when the visitor started again while the answer was on its way', () => {
    const timer = new ResponseTimer();
    talk(timer, 0, 2000); // the turn ends at 1980
    talk(timer, 2980, 3040); // the visitor starts again 1 s later
    expect(timer.agentAudible(3040)).to.equal(3040 - 1980);
  });

  it('does not time an agent that talks over a visitor who has been talking for a while', () => {
    const timer = new ResponseTimer();
    talk(timer, 0, 1000);
    talk(timer, 2000, 4500);
    expect(timer.agentAudible(4500)).to.equal(undefined);
  });
});
