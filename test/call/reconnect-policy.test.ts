import { expect } from '@open-wc/testing';
import { ReconnectPolicy } from '../../src/call/reconnect-policy';

const LIMITS = { maxReconnects: 5, reconnectDelayMs: 500, maxReconnectDelayMs: 3000 };

function delaysUntilGivingUp(policy: ReconnectPolicy): number[] {
  const delays: number[] = [];
  for (let next = policy.next(); next; next = policy.next()) delays.push(next.delayMs);
  return delays;
}

describe('ReconnectPolicy', () => {
  it('doubles the delay from the first, caps it, and gives up after the last attempt', () => {
    expect(delaysUntilGivingUp(new ReconnectPolicy(LIMITS))).to.deep.equal([500, 1000, 2000, 3000, 3000]);
  });

  it('numbers the attempts out of the maximum', () => {
    const policy = new ReconnectPolicy(LIMITS);
    expect(policy.reconnecting).to.equal(false);
    expect(policy.next()).to.deep.equal({ attempt: 1, of: 5, delayMs: 500 });
    expect(policy.reconnecting).to.equal(true);
    expect(policy.next()).to.deep.equal({ attempt: 2, of: 5, delayMs: 1000 });
  });

  it('starts again from the first delay after a stable connection', () => {
    const policy = new ReconnectPolicy(LIMITS);
    policy.next();
    policy.next();
    policy.reset();
    expect(policy.reconnecting).to.equal(false);
    expect(delaysUntilGivingUp(policy)).to.deep.equal([500, 1000, 2000, 3000, 3000]);
  });

  it('with no attempts allowed, gives up at once', () => {
    expect(new ReconnectPolicy({ ...LIMITS, maxReconnects: 0 }).next()).to.equal(null);
  });
});
