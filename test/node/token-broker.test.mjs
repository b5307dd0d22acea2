// The reference token broker, against the strict Anunzi mock as the vendor: it hands out
// session URLs for configured assistants and origins only, maps every vendor failure to a
// clean 502, and never lets the API key out (responses, headers or log lines).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTokenBroker } from '../../server/token-broker.mjs';
import { startAnunziMock } from '../../demo/mock-anunzi.mjs';
import { connect, getJson, postJson } from './support.mjs';

const API_KEY = 'sk-broker-test-5f2c9a7e-never-leak';
const SITE = 'https://shop.example';

describe('token broker', () => {
  let vendor;
  let broker;
  const logLines = [];
  /** Every response the tests saw, as text: status, all headers, body. */
  const seen = [];

  before(async () => {
    vendor = await startAnunziMock({ quiet: true, apiKey: API_KEY });
    broker = await startTokenBroker({
      apiKey: API_KEY,
      vendorBaseUrl: vendor.url,
      assistantIds: ['assistant-a', 'assistant-b'],
      allowedOrigins: [SITE],
      timeoutMs: 200,
      log: (line) => logLines.push(line),
    });
  });
  after(async () => {
    await broker.close();
    await vendor.close();
  });

  /** GET/OPTIONS on the broker route; records the whole response for the leak check. */
  async function ask({ query = '', origin = SITE, method = 'GET', base = broker.url } = {}) {
    const response = await fetch(`${base}/api/voice-session${query}`, { method, headers: origin ? { Origin: origin } : {} });
    const text = await response.text();
    seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  const setVendorFaults = (faults) => postJson(`${vendor.url}/__faults`, faults);

  it('answers only {sessionURL} for the default assistant, uncached, with CORS for the site', async () => {
    const { status, headers, body } = await ask();
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['sessionURL']);
    assert.match(body.sessionURL, /^ws:\/\/.+\/websocket\/start\?token=/);
    assert.equal(headers.get('access-control-allow-origin'), SITE);
    assert.match(headers.get('vary') ?? '', /Origin/);
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.equal((await getJson(`${vendor.url}/__inspect/latest`)).body.assistantId, 'assistant-a');
    const call = await connect(body.sessionURL);
    call.ws.close();
  });

  it('picks a configured assistant from ?assistant=', async () => {
    assert.equal((await ask({ query: '?assistant=assistant-b' })).status, 200);
    assert.equal((await getJson(`${vendor.url}/__inspect/latest`)).body.assistantId, 'assistant-b');
  });

  it('refuses an assistant that is not configured with 403, without asking the vendor', async () => {
    const before = (await getJson(`${vendor.url}/__inspect/latest`)).body.token;
    const { status, body } = await ask({ query: '?assistant=someone-else' });
    assert.equal(status, 403);
    assert.deepEqual(body, { error: 'unknown assistant' });
    assert.equal((await getJson(`${vendor.url}/__inspect/latest`)).body.token, before);
  });

  it('refuses a foreign origin with 403 and no CORS header, preflight included', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const { status, headers } = await ask({ origin: 'https://evil.example', method });
      assert.equal(status, 403);
      assert.equal(headers.get('access-control-allow-origin'), null);
    }
  });

  it('answers the preflight for the site', async () => {
    const { status, headers } = await ask({ method: 'OPTIONS' });
    assert.equal(status, 204);
    assert.equal(headers.get('access-control-allow-origin'), SITE);
    assert.match(headers.get('access-control-allow-methods') ?? '', /GET/);
  });

  it('serves requests without an Origin (server to server) and refuses other methods', async () => {
    assert.equal((await ask({ origin: null })).status, 200);
    assert.equal((await ask({ method: 'POST' })).status, 405);
    assert.equal((await fetch(`${broker.url}/elsewhere`)).status, 404);
  });

  for (const [label, faults, error] of [
    ['a vendor 500 (whose body quotes the key)', { tokenStatus: 500, tokenBody: `bad key ${API_KEY}` }, /answered 500/],
    ['a vendor answer that is not JSON', { tokenBody: '<html>maintenance</html>' }, /no usable sessionURL/],
    ['a sessionURL that is not ws:/wss:', { sessionUrlOverride: 'javascript:alert(1)' }, /no usable sessionURL/],
    ['an http: sessionURL', { sessionUrlOverride: 'http://evil.example/ws' }, /no usable sessionURL/],
    ['a vendor timeout', { tokenDelayMs: 600 }, /timed out/],
  ]) {
    it(`maps ${label} to a clean 502`, async () => {
      await setVendorFaults(faults);
      try {
        const { status, body } = await ask();
        assert.equal(status, 502);
        assert.deepEqual(Object.keys(body), ['error']);
        assert.match(body.error, error);
      } finally {
        await setVendorFaults({});
      }
    });
  }

  it('maps a rejected key and an unreachable vendor to 502', async () => {
    const wrongKey = await startTokenBroker({ apiKey: 'wrong', vendorBaseUrl: vendor.url, assistantIds: ['a'], allowedOrigins: ['*'], quiet: true });
    const unreachable = await startTokenBroker({ apiKey: API_KEY, vendorBaseUrl: 'http://127.0.0.1:9', assistantIds: ['a'], allowedOrigins: ['*'], log: (line) => logLines.push(line) });
    try {
      const rejected = await ask({ base: wrongKey.url });
      assert.equal(rejected.status, 502);
      assert.equal(rejected.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual((await ask({ base: unreachable.url })).body, { error: 'voice vendor unreachable' });
    } finally {
      await wrongKey.close();
      await unreachable.close();
    }
  });

  it('requires a key and at least one assistant', async () => {
    await assert.rejects(startTokenBroker({ assistantIds: ['a'], allowedOrigins: ['*'] }), /apiKey/);
    await assert.rejects(startTokenBroker({ apiKey: 'k', assistantIds: [], allowedOrigins: ['*'] }), /assistant/);
  });

  // Runs last: looks through everything the tests above provoked, including the error paths.
  it('never lets the key out in a response, a header or a log line', () => {
    assert.ok(seen.length >= 14 && logLines.length >= 10, `${seen.length} responses, ${logLines.length} log lines`);
    assert.ok(logLines.some((line) => line.includes('answered 500')), 'error paths were logged');
    for (const text of [...seen, ...logLines]) assert.ok(!text.includes(API_KEY), `key leaked in: ${text}`);
    assert.ok(!logLines.some((line) => /token=/.test(line)), 'one-time session URLs are not logged either');
  });
});
