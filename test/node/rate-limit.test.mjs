// The in-memory token bucket behind the broker's rate limit, on a clock the test drives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientKey, memoryRateLimiter } from '../../server/rate-limit.mjs';

describe('memoryRateLimiter', () => {
  function limiterAt(options) {
    const clock = { ms: 1_000_000 };
    return { clock, limiter: memoryRateLimiter({ ...options, now: () => clock.ms }) };
  }

  it('allows the burst, then says when the next request is earned', () => {
    const { clock, limiter } = limiterAt({ burst: 3, perMinute: 6 }); // one back every 10 s
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 10 });
    clock.ms += 4_500;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 6 }, 'rounded up, never 0');
    clock.ms += 5_500;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 10 });
  });

  it('refills up to the burst and no further', () => {
    const { clock, limiter } = limiterAt({ burst: 2, perMinute: 60 });
    limiter.take('a');
    clock.ms += 3_600_000;
    const verdicts = Array.from({ length: 4 }, () => limiter.take('a').allowed);
    assert.deepEqual(verdicts, [true, true, false, false]);
  });

  it('keeps a bucket per client', () => {
    const { limiter } = limiterAt({ burst: 1, perMinute: 1 });
    assert.equal(limiter.take('203.0.113.1').allowed, true);
    assert.equal(limiter.take('203.0.113.1').allowed, false);
    assert.equal(limiter.take('203.0.113.2').allowed, true);
  });

  it('holds at most maxClients buckets, forgetting the least recently allowed first', () => {
    const { limiter } = limiterAt({ burst: 1, perMinute: 1, maxClients: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // pushes out a
    assert.equal(limiter.take('b').allowed, false, 'b is still remembered');
    assert.equal(limiter.take('a').allowed, true, 'a was forgotten and starts full');
  });

  it('refuses settings that would block everyone or nobody', () => {
    assert.throws(() => memoryRateLimiter({ burst: 0, perMinute: 10 }), /burst/);
    assert.throws(() => memoryRateLimiter({ burst: 5, perMinute: 0 }), /perMinute/);
  });
});

describe('clientKey', () => {
  it('counts IPv4 addresses one by one, IPv4-mapped ones as IPv4', () => {
    assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:85a3:42::/64';
    for (const address of ['2001:db8:85a3:42::1', '2001:0db8:85a3:0042:ffff:1:2:3', '2001:DB8:85A3:42:0:0:0:9', '2001:db8:85a3:42::1%eth0']) {
      assert.equal(clientKey(address), key, address);
    }
    assert.notEqual(clientKey('2001:db8:85a3:43::1'), key);
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey('2001:db8::'), '2001:db8:0:0::/64');
    assert.equal(clientKey('fe80::1:2:3:4:5'), 'fe80:0:0:1::/64');
  });
});
