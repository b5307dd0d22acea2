// The token broker, one suite run on every runtime in broker-runtimes.mjs (Node, workerd),
// against the strict mocks as the vendors. Anunzi: it hands out session URLs for configured
// assistants and origins only, maps every vendor failure to a clean 502 and never lets the API
// key out (responses, headers, log lines, a redirect). Lyzr: it answers the widget's
// `session/start` for a pinned agent id the page never sees. Both: per-client rate limit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runtimeLabel, runtimes, unavailableRuntimes } from './broker-runtimes.mjs';
import { startAnunziMock } from '../../demo/mock-anunzi.mjs';
import { startLyzrMock } from '../../demo/mock-lyzr.mjs';
import { connect, getJson, postJson } from './support.mjs';

const API_KEY = 'sk-broker-test-5f2c9a7e-never-leak';
const SITE = 'https://shop.example';
const LYZR_AGENT_ID = 'lyzr-agent-6d0e41-pinned';

for (const [runtime, startBrokers] of Object.entries(runtimes)) {
  describe(`token broker on ${runtimeLabel(runtime)}`, () => {
    let anunzi;
    let lyzr;
    /** A server no request should ever reach (the target of the redirect faults). */
    let elsewhere;
    /** @type {import('./broker-runtimes.mjs').RunningBrokers} */
    let brokers;
    /** Every response the tests saw, as text: status, all headers, body. */
    const seen = [];

    before(async () => {
      anunzi = await startAnunziMock({ quiet: true, apiKey: API_KEY });
      lyzr = await startLyzrMock({ quiet: true });
      elsewhere = await startLyzrMock({ quiet: true });
      const roomy = { RATE_LIMIT_BURST: '1000', RATE_LIMIT_PER_MINUTE: '1000' };
      brokers = await startBrokers({
        main: {
          ...roomy,
          ALLOWED_ORIGINS: SITE,
          ANUNZI_API_KEY: API_KEY,
          ANUNZI_ASSISTANT_IDS: 'assistant-a,assistant-b',
          ANUNZI_BASE_URL: anunzi.url,
          LYZR_AGENTS: `support=${LYZR_AGENT_ID}`,
          LYZR_BASE_URL: lyzr.url,
        },
        wrongKey: { ...roomy, ALLOWED_ORIGINS: '*', ANUNZI_API_KEY: 'wrong', ANUNZI_ASSISTANT_IDS: 'a', ANUNZI_BASE_URL: anunzi.url },
        unreachable: { ...roomy, ALLOWED_ORIGINS: '*', ANUNZI_API_KEY: API_KEY, ANUNZI_ASSISTANT_IDS: 'a', ANUNZI_BASE_URL: 'http://127.0.0.1:9' },
        impatient: { ...roomy, ALLOWED_ORIGINS: '*', ANUNZI_API_KEY: API_KEY, ANUNZI_ASSISTANT_IDS: 'a', ANUNZI_BASE_URL: anunzi.url, VENDOR_TIMEOUT_MS: '300' },
        limited: {
          ALLOWED_ORIGINS: SITE,
          ANUNZI_API_KEY: API_KEY,
          ANUNZI_ASSISTANT_IDS: 'assistant-a',
          ANUNZI_BASE_URL: anunzi.url,
          RATE_LIMIT_BURST: '2',
          RATE_LIMIT_PER_MINUTE: '1',
        },
      });
    });
    after(async () => {
      await brokers?.close();
      await Promise.all([anunzi, lyzr, elsewhere].map((server) => server?.close()));
    });

    /** One request to a broker; records the whole response for the leak check. */
    async function ask({ broker = 'main', path = '/api/voice-session', query = '', origin = SITE, method = 'GET', headers = {}, body } = {}) {
      const response = await fetch(`${brokers.urls[broker]}${path}${query}`, {
        method,
        headers: { ...(origin && { Origin: origin }), ...headers },
        body,
      });
      const text = await response.text();
      seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    }
    const startLyzrSession = (agentId, extra = {}) =>
      ask({ path: '/lyzr/session/start', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ agentId }), ...extra });
    const requestCount = async (server) => (await getJson(`${server.url}/__requests`)).body.count;
    async function withFaults(server, faults, run) {
      await postJson(`${server.url}/__faults`, faults);
      try {
        await run();
      } finally {
        await postJson(`${server.url}/__faults`, {});
      }
    }
    function assertClean502(answer, cause) {
      assert.equal(answer.status, 502);
      assert.deepEqual(Object.keys(answer.body), ['error']);
      assert.match(answer.body.error, cause);
    }

    describe('Anunzi session route', () => {
      it('answers only {sessionURL} for the default assistant, uncached, with CORS for the site', async () => {
        const { status, headers, body } = await ask();
        assert.equal(status, 200);
        assert.deepEqual(Object.keys(body), ['sessionURL']);
        assert.match(body.sessionURL, /^ws:\/\/.+\/websocket\/start\?token=/);
        assert.equal(headers.get('access-control-allow-origin'), SITE);
        assert.match(headers.get('vary') ?? '', /Origin/);
        assert.equal(headers.get('cache-control'), 'no-store');
        assert.equal((await getJson(`${anunzi.url}/__inspect/latest`)).body.assistantId, 'assistant-a');
        const call = await connect(body.sessionURL);
        call.ws.close();
      });

      it('picks a configured assistant from ?assistant=', async () => {
        assert.equal((await ask({ query: '?assistant=assistant-b' })).status, 200);
        assert.equal((await getJson(`${anunzi.url}/__inspect/latest`)).body.assistantId, 'assistant-b');
      });

      it('refuses an assistant that is not configured with 403, without asking the vendor', async () => {
        const before = await requestCount(anunzi);
        const { status, body } = await ask({ query: '?assistant=someone-else' });
        assert.equal(status, 403);
        assert.deepEqual(body, { error: 'unknown assistant' });
        assert.equal(await requestCount(anunzi), before);
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

      it('serves requests without an Origin (server to server) and refuses other methods and paths', async () => {
        assert.equal((await ask({ origin: null })).status, 200);
        assert.equal((await ask({ method: 'POST' })).status, 405);
        assert.equal((await ask({ path: '/elsewhere' })).status, 404);
      });

      for (const [label, faults, cause] of [
        ['a vendor 500 (whose body quotes the key)', { tokenStatus: 500, tokenBody: `bad key ${API_KEY}` }, /answered 500/],
        ['a vendor answer that is not JSON', { tokenBody: '<html>maintenance</html>' }, /no usable sessionURL/],
        ['a vendor answer over 16 KiB', { tokenBody: JSON.stringify({ sessionURL: 'wss://x.example/', padding: 'x'.repeat(20_000) }) }, /too large/],
        ['a sessionURL that is not ws:/wss:', { sessionUrlOverride: 'javascript:alert(1)' }, /no usable sessionURL/],
        ['an http: sessionURL', { sessionUrlOverride: 'http://evil.example/ws' }, /no usable sessionURL/],
        ['a sessionURL that carries the key', { sessionUrlOverride: `wss://vendor.example/ws?key=${API_KEY}` }, /no usable sessionURL/],
      ]) {
        it(`maps ${label} to a clean 502`, async () => {
          await withFaults(anunzi, faults, async () => assertClean502(await ask(), cause));
        });
      }

      it('maps a vendor timeout to a clean 502', async () => {
        // VENDOR_TIMEOUT_MS=300 against a vendor 2 s late: a wide margin on a loaded machine.
        await withFaults(anunzi, { tokenDelayMs: 2000 }, async () => assertClean502(await ask({ broker: 'impatient' }), /timed out/));
      });

      it('does not follow a vendor redirect, so the key goes nowhere else', async () => {
        await withFaults(anunzi, { redirect: { status: 307, location: `${elsewhere.url}/collect` } }, async () => {
          assertClean502(await ask(), /answered 307/);
        });
        assert.equal(await requestCount(elsewhere), 0);
      });

      it('maps a rejected key and an unreachable vendor to 502', async () => {
        const rejected = await ask({ broker: 'wrongKey' });
        assertClean502(rejected, /answered 401/);
        assert.equal(rejected.headers.get('access-control-allow-origin'), '*');
        assert.deepEqual((await ask({ broker: 'unreachable' })).body, { error: 'voice vendor unreachable' });
      });
    });

    describe('Lyzr session route (pinned agent id)', () => {
      it('starts a session for the configured name with the pinned agent id and answers only {wsUrl}', async () => {
        const { status, headers, body } = await startLyzrSession('support');
        assert.equal(status, 200);
        assert.deepEqual(Object.keys(body), ['wsUrl']);
        assert.equal(headers.get('access-control-allow-origin'), SITE);
        assert.equal(headers.get('cache-control'), 'no-store');
        assert.equal((await getJson(`${lyzr.url}/__inspect/latest`)).body.agentId, LYZR_AGENT_ID);
        const call = await connect(body.wsUrl);
        call.ws.close();
      });

      it('answers the preflight the widget sends (POST with a JSON body)', async () => {
        const { status, headers } = await ask({ path: '/lyzr/session/start', method: 'OPTIONS' });
        assert.equal(status, 204);
        assert.equal(headers.get('access-control-allow-origin'), SITE);
        assert.match(headers.get('access-control-allow-methods') ?? '', /POST/);
        assert.match(headers.get('access-control-allow-headers') ?? '', /content-type/i);
      });

      it('refuses other names, the real agent id itself and bad bodies without asking Lyzr', async () => {
        const before = await requestCount(lyzr);
        for (const name of ['sales', LYZR_AGENT_ID, '__proto__']) assert.deepEqual((await startLyzrSession(name)).body, { error: 'unknown agent' });
        assert.equal((await startLyzrSession(42)).status, 400);
        assert.equal((await ask({ path: '/lyzr/session/start', method: 'POST', body: 'x'.repeat(4096) })).status, 400);
        assert.equal((await ask({ path: '/lyzr/session/start' })).status, 405);
        assert.equal((await startLyzrSession('support', { origin: 'https://evil.example' })).status, 403);
        assert.equal(await requestCount(lyzr), before);
      });

      for (const [label, faults, cause] of [
        ['a Lyzr 500', { sessionStatus: 500 }, /answered 500/],
        ['an answer padded past 16 KiB (with Content-Length)', { sessionBodyBytes: 256 << 10 }, /too large/],
        ['an answer padded past 16 KiB (chunked)', { sessionBodyBytes: 256 << 10, sessionChunked: true }, /too large/],
        ['an https: wsUrl', { wsUrlOverride: 'https://evil.example/socket' }, /no usable wsUrl/],
        ['a redirect', { redirect: { status: 307, location: 'http://127.0.0.1:9/session/start' } }, /answered 307/],
      ]) {
        it(`maps ${label} to a clean 502`, async () => {
          await withFaults(lyzr, faults, async () => assertClean502(await startLyzrSession('support'), cause));
        });
      }
    });

    describe('rate limit per client address', () => {
      const client = '203.0.113.7';
      it('answers 429 with Retry-After once a client spent its burst, without asking the vendor', async () => {
        const asClient = { broker: 'limited', headers: brokers.clientHeaders(client) };
        assert.equal((await ask(asClient)).status, 200);
        assert.equal((await ask(asClient)).status, 200);
        const vendorRequests = await requestCount(anunzi);
        const limited = await ask(asClient);
        assert.equal(limited.status, 429);
        assert.deepEqual(limited.body, { error: 'too many session requests' });
        // Burst 2, one request a minute: the next one is about 60 s away.
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(retryAfter > 50 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        assert.equal(limited.headers.get('access-control-allow-origin'), SITE, 'the page can read the 429');
        assert.equal(limited.headers.get('cache-control'), 'no-store');
        assert.equal(await requestCount(anunzi), vendorRequests);
        assert.equal((await ask({ ...asClient, method: 'OPTIONS' })).status, 204, 'preflights are not counted');
      });

      it('counts an IPv6 client by its /64, so fresh addresses from one subscriber do not help', async () => {
        const from = (ip) => ask({ broker: 'limited', headers: brokers.clientHeaders(ip) });
        assert.equal((await from('2001:db8:1:2::a')).status, 200);
        assert.equal((await from('2001:db8:1:2::b')).status, 200);
        assert.equal((await from('2001:db8:1:2:ffff::c')).status, 429);
        assert.equal((await from('2001:db8:1:3::a')).status, 200, 'the next /64 is another client');
      });

      it('keeps other clients apart, and a spoofed address header does not help', async () => {
        assert.equal((await ask({ broker: 'limited', headers: brokers.clientHeaders('203.0.113.8') })).status, 200);
        assert.equal((await ask({ broker: 'limited', headers: brokers.spoofedHeaders(client, '198.51.100.1') })).status, 429);
      });
    });

    // Runs last: looks through everything the tests above provoked, including the error paths.
    it('never lets the key out in a response, a header or a log line', () => {
      assert.ok(seen.length >= 35, `${seen.length} responses`);
      assert.ok(brokers.logs.some((line) => line.includes('answered 500')), 'error paths were logged');
      for (const text of [...seen, ...brokers.logs]) assert.ok(!text.includes(API_KEY), `key leaked in: ${text}`);
      assert.ok(!brokers.logs.some((line) => /token=/.test(line)), 'one-time session URLs are not logged either');
    });
  });
}

for (const [runtime, reason] of Object.entries(unavailableRuntimes)) {
  describe(`token broker on ${runtime}`, { skip: reason }, () => {});
}
