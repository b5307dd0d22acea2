// Token broker set-up, outside the shared runtime suite: start-up checks, environment parsing,
// a plugged-in rate limiter, the Node entry's client address, and a Worker left unconfigured.
import { request } from 'node:http';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brokerOptionsFromEnv } from '../../server/broker.mjs';
import { startTokenBroker } from '../../server/token-broker.mjs';
import { runtimes } from './broker-runtimes.mjs';
import { waitFor } from './support.mjs';

/** A Lyzr-only broker whose vendor is never reached: an unknown agent name is refused before. */
const lyzrOnly = { lyzrAgents: { support: 'agent-1' }, lyzrBaseUrl: 'http://127.0.0.1:9', allowedOrigins: ['*'], quiet: true };
const startSession = (broker, agentId, headers = {}) =>
  fetch(`${broker.url}/lyzr/session/start`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ agentId }) });

describe('token broker options', () => {
  it('refuses to start without a complete route', async () => {
    await assert.rejects(startTokenBroker({ assistantIds: ['a'], allowedOrigins: ['*'] }), /apiKey/);
    await assert.rejects(startTokenBroker({ apiKey: 'k', assistantIds: [], allowedOrigins: ['*'] }), /assistant/);
    await assert.rejects(startTokenBroker({ allowedOrigins: ['*'] }), /Lyzr agents/);
    await assert.rejects(startTokenBroker({ ...lyzrOnly, trustProxy: -1 }), /trustProxy/);
  });

  it('reads the same settings from environment variables on every runtime', () => {
    const options = brokerOptionsFromEnv({
      ANUNZI_API_KEY: 'k',
      ANUNZI_ASSISTANT_IDS: ' a , b ,',
      LYZR_AGENTS: 'support=agent_1, agent_2',
      ALLOWED_ORIGINS: 'https://a.example,https://b.example',
      RATE_LIMIT_BURST: '4',
      RATE_LIMIT_PER_MINUTE: '30',
      TRUST_PROXY: '2',
    });
    assert.deepEqual(options.assistantIds, ['a', 'b']);
    assert.deepEqual(options.lyzrAgents, { support: 'agent_1', agent_2: 'agent_2' });
    assert.deepEqual(options.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.deepEqual(options.rateLimit, { burst: 4, perMinute: 30 });
    assert.equal(options.trustProxy, 2);
    assert.deepEqual(brokerOptionsFromEnv({}).rateLimit, { burst: 10, perMinute: 10 }, 'on by default');
    assert.equal(brokerOptionsFromEnv({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimit, false);
    assert.throws(() => brokerOptionsFromEnv({ TRUST_PROXY: 'yes' }), /TRUST_PROXY/);
    // A Worker's env: [vars] numbers, and bindings that are objects (KV, Durable Objects).
    const worker = brokerOptionsFromEnv({ RATE_LIMIT_BURST: 3, ANUNZI_ASSISTANT_IDS: { get() {} }, LYZR_AGENTS: 'a' });
    assert.equal(worker.rateLimit.burst, 3);
    assert.deepEqual(worker.assistantIds, []);
  });

  it('takes the socket address as the client on Node, and ignores X-Forwarded-For unless told to trust it', async () => {
    const keys = [];
    const broker = await startTokenBroker({ ...lyzrOnly, rateLimiter: { take: (key) => (keys.push(key), { allowed: true }) } });
    const trusting = await startTokenBroker({ ...lyzrOnly, trustProxy: 1, rateLimiter: { take: (key) => (keys.push(key), { allowed: true }) } });
    try {
      await startSession(broker, 'nobody', { 'X-Forwarded-For': '198.51.100.1' });
      await startSession(trusting, 'nobody', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.5' });
      await startSession(trusting, 'nobody');
    } finally {
      await broker.close();
      await trusting.close();
    }
    assert.match(keys[0], /127\.0\.0\.1$/);
    assert.equal(keys[1], '203.0.113.5', 'the entry the one trusted proxy added');
    assert.match(keys[2], /127\.0\.0\.1$/, 'no header: the socket address');
  });

  it('answers 503 when a plugged-in rate limiter fails, and 429 when it says no', async () => {
    const failing = await startTokenBroker({ ...lyzrOnly, rateLimiter: { take: async () => Promise.reject(new Error('store down')) } });
    const refusing = await startTokenBroker({ ...lyzrOnly, rateLimiter: { take: async () => ({ allowed: false, retryAfterSeconds: 7 }) } });
    try {
      const down = await startSession(failing, 'support');
      assert.equal(down.status, 503);
      assert.deepEqual(await down.json(), { error: 'rate limiter unavailable' });
      const limited = await startSession(refusing, 'support');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '7');
    } finally {
      await failing.close();
      await refusing.close();
    }
  });

  it('answers 400 to a request Node accepts but a web Request cannot carry, and goes on serving', async () => {
    const broker = await startTokenBroker(lyzrOnly);
    try {
      const trace = await new Promise((resolve, reject) => {
        request(`${broker.url}/lyzr/session/start`, { method: 'TRACE' }, (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode));
        })
          .once('error', reject)
          .end();
      });
      assert.equal(trace, 400);
      assert.equal((await startSession(broker, 'nobody')).status, 403);
    } finally {
      await broker.close();
    }
  });

  it('warns at start when no origin is allowed or nothing is rate limited', async () => {
    const lines = [];
    const broker = await startTokenBroker({ ...lyzrOnly, quiet: false, allowedOrigins: [], rateLimit: false, log: (line) => lines.push(line) });
    await broker.close();
    assert.ok(lines.some((line) => /no allowed origins/.test(line)));
    assert.ok(lines.some((line) => /no rate limit/.test(line)));
  });

  it('answers 500 "broker not configured" from a Worker without settings, and says why in its log only', async () => {
    const workerd = await runtimes.workerd({ unconfigured: {} });
    try {
      const response = await fetch(`${workerd.urls.unconfigured}/api/voice-session`);
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), { error: 'broker not configured' });
      await waitFor(() => workerd.logs.some((line) => /configure an apiKey/.test(line)), { what: 'the reason in the log' });
    } finally {
      await workerd.close();
    }
  });
});
