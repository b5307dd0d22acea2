// The strict Lyzr mock: it must refuse every protocol breach (so browser tests catch a
// misbehaving widget), act as an agent, and report accurate numbers at /__inspect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startLyzrMock, LYZR_JUNK_KINDS } from '../../demo/mock-lyzr.mjs';
import { estimateFrequency, pcm16ToFloat } from '../../demo/mock-common.mjs';
import { connect, framesOf, getJson, handshakeStatus, postJson, readTranscript, sendInRealTime, sleep, turnPcm, waitFor } from './support.mjs';

const FRAME_BYTES = 960; // 20 ms at 24 kHz
const audioFrame = (pcm, extra = {}) => JSON.stringify({ type: 'audio', audio: pcm.toString('base64'), sampleRate: 24000, ...extra });

describe('Lyzr mock', () => {
  /** @type {Awaited<ReturnType<typeof startLyzrMock>>} */
  let mock;
  before(async () => (mock = await startLyzrMock({ quiet: true, melodyMs: 600 })));
  after(() => mock.close());

  const startSession = async (agentId = 'agent-1') => (await postJson(`${mock.url}/session/start`, { agentId })).body;
  const inspect = async (id = 'latest') => (await getJson(`${mock.url}/__inspect/${id}`)).body;
  const setFaults = (faults) => postJson(`${mock.url}/__faults`, faults);

  describe('POST /session/start', () => {
    it('answers a session with a fresh wsUrl and the audio config, with open CORS', async () => {
      const first = await postJson(`${mock.url}/session/start`, { agentId: 'agent-1' });
      const second = await startSession();
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(first.body.audioConfig, { sampleRate: 24000, channels: 1, format: 'pcm16', encoding: 'base64' });
      assert.match(first.body.wsUrl, new RegExp(`^ws://127\\.0\\.0\\.1:${mock.port}/v1/voice/${first.body.sessionId}\\?token=.+`));
      assert.notEqual(first.body.wsUrl, second.wsUrl);
      assert.notEqual(new URL(first.body.wsUrl).searchParams.get('token'), new URL(second.wsUrl).searchParams.get('token'));
    });

    it('answers the CORS preflight', async () => {
      const response = await fetch(`${mock.url}/session/start`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://page.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    });

    it('refuses a body that is not declared as JSON with 415', async () => {
      const response = await fetch(`${mock.url}/session/start`, { method: 'POST', body: '{"agentId":"a"}', headers: { 'Content-Type': 'text/plain' } });
      assert.equal(response.status, 415);
      assert.match((await response.json()).error, /application\/json/);
    });

    for (const [label, body] of [
      ['a missing agentId', '{}'],
      ['an empty agentId', '{"agentId":"  "}'],
      ['a non-string agentId', '{"agentId":42}'],
      ['a body that is not JSON', 'agentId=a'],
    ]) {
      it(`refuses ${label} with 400 JSON`, async () => {
        const response = await fetch(`${mock.url}/session/start`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
        assert.equal(response.status, 400);
        assert.match((await response.json()).error, /agentId/);
      });
    }
  });

  describe('WebSocket rules', () => {
    const tone20ms = turnPcm(24000, { toneMs: 20, silenceMs: 0 });
    const breaches = [
      ['a binary frame', tone20ms, /text frames only/],
      ['text that is not JSON', 'hello', /JSON object/],
      ['a JSON array', '[1,2]', /JSON object/],
      ['another type', JSON.stringify({ type: 'ping' }), /type must be "audio"/],
      ['audio that is not base64', JSON.stringify({ type: 'audio', audio: 'a!b@c#d$', sampleRate: 24000 }), /base64/],
      ['unpadded base64', JSON.stringify({ type: 'audio', audio: 'AAE', sampleRate: 24000 }), /base64/],
      ['no sampleRate', JSON.stringify({ type: 'audio', audio: tone20ms.toString('base64') }), /sampleRate must be 24000/],
      ['a 48 kHz sampleRate', audioFrame(tone20ms, { sampleRate: 48000 }), /sampleRate must be 24000/],
      ['an odd byte count', audioFrame(Buffer.alloc(961)), /even/],
      ['a frame under 20 ms', audioFrame(Buffer.alloc(958)), /480-2400 samples/],
      ['a frame over 100 ms', audioFrame(Buffer.alloc(4802)), /480-2400 samples/],
    ];
    for (const [label, frame, reason] of breaches) {
      it(`closes 1008 on ${label}`, async () => {
        const { sessionId, wsUrl } = await startSession();
        const { ws, closed } = await connect(wsUrl);
        ws.send(audioFrame(tone20ms)); // one good frame first: rules apply to every frame
        ws.send(frame);
        const { code, reason: closeReason } = await closed;
        assert.equal(code, 1008);
        assert.match(closeReason, reason);
        const record = await inspect(sessionId);
        assert.equal(record.closeCode, 1008);
        assert.equal(record.frames, 1);
        assert.match(record.violations[0].rule, reason);
      });
    }

    it('accepts both frame-size limits (480 and 2400 samples)', async () => {
      const { sessionId, wsUrl } = await startSession();
      const { ws } = await connect(wsUrl);
      ws.send(audioFrame(Buffer.alloc(960)));
      ws.send(audioFrame(Buffer.alloc(4800)));
      const record = await waitFor(async () => ((await inspect(sessionId)).frames === 2 ? inspect(sessionId) : undefined));
      assert.deepEqual(record.frameSampleCounts, { 480: 1, 2400: 1 });
      assert.equal(record.keepaliveZeroFrames, 2);
      assert.deepEqual(record.violations, []);
      ws.close();
    });

    it('lets a wsUrl connect once only', async () => {
      const { sessionId, wsUrl } = await startSession();
      const first = await connect(wsUrl);
      const second = await connect(wsUrl);
      assert.deepEqual(await second.closed, { code: 1008, reason: 'wsUrl reused' });
      assert.equal(first.ws.readyState, first.ws.OPEN);
      first.ws.close();
      await first.closed;
      const third = await connect(wsUrl);
      assert.equal((await third.closed).code, 1008);
      assert.equal((await inspect(sessionId)).reuseAttempts, 2);
    });

    it('refuses a wrong token or an unknown session at the handshake', async () => {
      const { wsUrl } = await startSession();
      const wrongToken = new URL(wsUrl);
      wrongToken.searchParams.set('token', 'guess');
      assert.equal(await handshakeStatus(wrongToken.href), 403);
      assert.equal(await handshakeStatus(`ws://127.0.0.1:${mock.port}/v1/voice/nope?token=x`), 403);
    });
  });

  describe('agent', () => {
    const parse = (messages) => messages.map((m) => JSON.parse(m.data.toString()));
    const sendTurn = (ws) => framesOf(turnPcm(24000), FRAME_BYTES).forEach((frame) => ws.send(audioFrame(frame)));
    const finalAgentTranscripts = (messages) => parse(messages).filter((m) => readTranscript(m)?.role === 'agent' && readTranscript(m)?.final);

    it('answers a tone-then-silence turn with a user transcript, melody audio and agent transcripts', async () => {
      const { sessionId, wsUrl } = await startSession();
      const { ws, messages } = await connect(wsUrl);
      sendTurn(ws);
      await waitFor(() => finalAgentTranscripts(messages).length === 1, { what: 'the whole reply' });
      await sleep(50); // a metrics message may follow the final transcript

      const received = parse(messages);
      assert.ok(messages.every((m) => !m.isBinary), 'Lyzr sends text frames only');
      assert.deepEqual(readTranscript(received[0]), { role: 'user', text: '(mock heard 440 Hz)', final: true, delta: false });

      const chunks = received.filter((m) => m.type === 'audio').map((m) => Buffer.from(m.audio, 'base64'));
      assert.ok(chunks.length >= 5);
      assert.ok(chunks.every((chunk) => chunk.length % 2 === 0));
      assert.ok(new Set(chunks.map((chunk) => chunk.length)).size > 2, 'chunk sizes vary');
      const samples = pcm16ToFloat(Buffer.concat(chunks));
      assert.equal(samples.length, 24000 * 0.6);
      assert.ok(Math.abs(estimateFrequency(samples.subarray(0, 4000), 24000) - 523) < 3);

      const agent = received.map(readTranscript).filter((t) => t?.role === 'agent');
      const partials = agent.filter((t) => !t.final);
      const full = 'Hello from the mock Lyzr agent, reply 1.';
      assert.ok(partials.length >= 2, 'partials before the final');
      assert.deepEqual(agent.at(-1), { role: 'agent', text: full, final: true, delta: false });
      const partialText = partials[0].delta ? partials.map((t) => t.text).join('') : partials.at(-1).text;
      assert.ok(full.startsWith(partialText) && partialText.length < full.length, partialText);

      const record = await inspect(sessionId);
      assert.equal(record.turnsDetected, 1);
      assert.equal(record.repliesSent, 1);
      assert.ok(Math.abs(record.toneHz - 440) <= 5, `toneHz ${record.toneHz}`);
      assert.equal(record.voicedFrames, 50);
      assert.equal(record.silentFrames, 40);
      assert.deepEqual(record.frameSampleCounts, { 480: 90 });
      assert.deepEqual(record.sampleRates, [24000]);
      ws.close();
    });

    it('changes transcript shapes from one reply to the next, and sometimes sends an unknown type', async () => {
      const { wsUrl } = await startSession();
      const { ws, messages } = await connect(wsUrl);
      sendTurn(ws);
      await waitFor(() => finalAgentTranscripts(messages).length === 1, { what: 'reply 1' });
      sendTurn(ws);
      await waitFor(() => finalAgentTranscripts(messages).length === 2, { what: 'reply 2' });
      await sleep(50);
      const transcripts = parse(messages).filter(readTranscript);
      const shapeOf = (m) => `${m.type}:${Object.keys(m.message ?? m).sort()}`;
      const users = transcripts.filter((m) => readTranscript(m)?.role === 'user');
      const finals = finalAgentTranscripts(messages);
      assert.equal(users.length, 2);
      assert.notEqual(shapeOf(users[0]), shapeOf(users[1]));
      assert.notEqual(shapeOf(finals[0]), shapeOf(finals[1]));
      assert.equal(parse(messages).filter((m) => m.type === 'metrics').length, 1);
      ws.close();
    });

    it('sends its audio in real time', async () => {
      const { wsUrl } = await startSession();
      const { ws, messages } = await connect(wsUrl);
      const arrivals = [];
      ws.on('message', (data) => JSON.parse(data.toString()).type === 'audio' && arrivals.push(performance.now()));
      for (const frame of framesOf(turnPcm(24000), FRAME_BYTES)) ws.send(audioFrame(frame));
      await waitFor(() => arrivals.length === 8, { what: '8 chunks' });
      const spanMs = arrivals.at(-1) - arrivals[0];
      assert.ok(spanMs > 480 && spanMs < 900, `600 ms melody, last chunk after ${spanMs} ms`);
      assert.ok(messages.length > 8);
      ws.close();
    });
  });

  describe('inspection', () => {
    it('logs requests at /__requests (not its own /__ routes), with how many bytes each answer took', async () => {
      const before = (await getJson(`${mock.url}/__requests`)).body.count;
      await startSession();
      await getJson(`${mock.url}/__inspect/latest`);
      const { count, latest } = (await getJson(`${mock.url}/__requests`)).body;
      assert.equal(count, before + 1);
      const { answerBytes, ...entry } = latest.at(-1);
      assert.deepEqual(entry, { method: 'POST', path: '/session/start', origin: null, bodyBytes: 21 });
      assert.ok(answerBytes > 250 && answerBytes < 1000, `a whole session answer with headers, got ${answerBytes}`);
    });

    it('logs how much of an answer went out before the client stopped reading', async () => {
      await setFaults({ sessionBodyBytes: 50 << 20, sessionChunked: true });
      // node:http, not fetch: it stops reading the socket when its buffer is full, as a browser does.
      await new Promise((resolve, reject) => {
        const req = request(`${mock.url}/session/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.once('data', () => (req.destroy(), resolve(undefined)));
        });
        req.on('error', (error) => error.code !== 'ECONNRESET' && reject(error));
        req.end('{"agentId":"a"}');
      });
      await setFaults({});
      const lastAnswer = async () => (await getJson(`${mock.url}/__requests`)).body.latest.at(-1).answerBytes;
      const answerBytes = await waitFor(lastAnswer, { what: 'the hang-up' });
      assert.ok(answerBytes !== null && answerBytes < 25 << 20, `sent ${answerBytes} of 50 MiB`);
    });

    it('measures frame rate and byte rate of a real-time sender', async () => {
      const { sessionId, wsUrl } = await startSession();
      const { ws } = await connect(wsUrl);
      const frames = framesOf(turnPcm(24000, { toneMs: 600, silenceMs: 0 }), FRAME_BYTES);
      await sendInRealTime(ws, frames, 20, (frame) => audioFrame(frame));
      const record = await waitFor(async () => ((await inspect(sessionId)).frames === 30 ? inspect(sessionId) : undefined));
      assert.ok(Math.abs(record.framesPerSecond - 50) < 7.5, `framesPerSecond ${record.framesPerSecond}`);
      assert.ok(Math.abs(record.bytesPerSecond - 48000) < 7200, `bytesPerSecond ${record.bytesPerSecond}`);
      assert.equal(record.audioMs, 600);
      assert.ok(Math.abs(record.toneHz - 440) <= 5);
      assert.equal(record.keepaliveZeroFrames, 0);
      assert.equal(record.connected, true);
      assert.equal(record.closed, false);
      ws.close(1000);
      const closedRecord = await waitFor(async () => ((await inspect(sessionId)).closed ? inspect(sessionId) : undefined));
      assert.equal(closedRecord.closeCode, 1000);
      assert.equal(closedRecord.closedBy, 'client');
    });

    it('answers 404 for an unknown session', async () => {
      assert.equal((await getJson(`${mock.url}/__inspect/nope`)).status, 404);
    });
  });

  describe('faults', () => {
    after(() => setFaults({}));

    it('fails session/start as configured, and resets with {}', async () => {
      await setFaults({ sessionStatus: 500 });
      assert.equal((await fetch(`${mock.url}/session/start`, { method: 'POST' })).status, 500);
      await setFaults({ sessionBody: '<html>oops</html>' });
      const html = await fetch(`${mock.url}/session/start`, { method: 'POST' });
      assert.equal(html.status, 200);
      assert.equal(await html.text(), '<html>oops</html>');
      await setFaults({ wsUrlOverride: 'javascript:alert(1)' });
      assert.equal((await startSession()).wsUrl, 'javascript:alert(1)');
      await setFaults({});
      assert.match((await startSession()).wsUrl, /^ws:/);
    });

    it('pads a usable session answer to sessionBodyBytes, with or without Content-Length', async () => {
      await setFaults({ sessionBodyBytes: 100_000 });
      const sized = await fetch(`${mock.url}/session/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"agentId":"a"}' });
      assert.equal(sized.headers.get('content-length'), '100000');
      const text = await sized.text();
      assert.equal(Buffer.byteLength(text), 100_000);
      assert.match(JSON.parse(text).wsUrl, /^ws:\/\/.+\/v1\/voice\//);
      await setFaults({ sessionBodyBytes: 100_000, sessionChunked: true });
      const chunked = await fetch(`${mock.url}/session/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"agentId":"a"}' });
      assert.equal(chunked.headers.get('content-length'), null);
      assert.equal(Buffer.byteLength(await chunked.text()), 100_000);
      await setFaults({});
    });

    it('redirects every request but preflights and its own /__ routes', async () => {
      await setFaults({ redirect: { status: 302, location: 'https://elsewhere.example/session/start' } });
      const redirected = await fetch(`${mock.url}/session/start`, { method: 'POST', redirect: 'manual' });
      assert.equal(redirected.status, 302);
      assert.equal(redirected.headers.get('location'), 'https://elsewhere.example/session/start');
      assert.equal((await fetch(`${mock.url}/anything`, { redirect: 'manual' })).status, 302);
      assert.equal((await fetch(`${mock.url}/session/start`, { method: 'OPTIONS' })).status, 204);
      assert.equal((await getJson(`${mock.url}/__inspect/nope`)).status, 404);
      await setFaults({});
      assert.equal((await fetch(`${mock.url}/session/start`, { method: 'POST', redirect: 'manual' })).status, 415);
    });

    it('delays session/start', async () => {
      await setFaults({ sessionDelayMs: 150 });
      const startedAt = performance.now();
      await startSession();
      assert.ok(performance.now() - startedAt >= 140);
      await setFaults({});
    });

    it('closes mid-call with the configured code', async () => {
      await setFaults({ closeAfterMs: 100, closeCode: 4001 });
      const { sessionId, wsUrl } = await startSession();
      const { closed } = await connect(wsUrl);
      assert.equal((await closed).code, 4001);
      assert.equal((await inspect(sessionId)).closedBy, 'server');
      await setFaults({});
    });

    it('sends every kind of junk', async () => {
      await setFaults({ junk: true });
      const { wsUrl } = await startSession();
      const { ws, messages } = await connect(wsUrl);
      await waitFor(() => messages.length === LYZR_JUNK_KINDS.length, { what: 'junk' });
      assert.ok(messages.some((m) => m.data.length > 3_000_000), 'one multi-MB frame');
      assert.throws(() => JSON.parse(messages[0].data.toString()));
      ws.close();
      await setFaults({});
    });

    /** Speaks one turn under `faults`; returns when the first 8 agent audio chunks arrived. */
    async function agentAudioArrivals(faults) {
      await setFaults(faults);
      const { wsUrl } = await startSession();
      const { ws } = await connect(wsUrl);
      const arrivals = [];
      ws.on('message', (data) => JSON.parse(data.toString()).type === 'audio' && arrivals.push(performance.now()));
      for (const frame of framesOf(turnPcm(24000), FRAME_BYTES)) ws.send(audioFrame(frame));
      await waitFor(() => arrivals.length === 8);
      ws.close();
      await setFaults({});
      return arrivals;
    }

    it('floods agent audio faster than real time', async () => {
      const arrivals = await agentAudioArrivals({ floodFactor: 10 });
      assert.ok(arrivals.at(-1) - arrivals[0] < 300, 'real time would take 560 ms');
    });

    it('stalls agent audio once', async () => {
      const arrivals = await agentAudioArrivals({ stallAtMs: 100, stallMs: 300 });
      const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
      assert.ok(Math.max(...gaps) >= 300, `gaps ${gaps.map(Math.round)}`);
    });
  });

  it('closes a socket that stops sending (keepalive rule)', async () => {
    const strict = await startLyzrMock({ quiet: true, idleTimeoutMs: 150 });
    try {
      const { wsUrl } = (await postJson(`${strict.url}/session/start`, { agentId: 'a' })).body;
      const { closed } = await connect(wsUrl);
      const { code, reason } = await closed;
      assert.equal(code, 1008);
      assert.match(reason, /idle.*keepalive/);
    } finally {
      await strict.close();
    }
  });

  it('takes faults as start options', async () => {
    const faulty = await startLyzrMock({ quiet: true, sessionStatus: 503 });
    try {
      assert.equal((await fetch(`${faulty.url}/session/start`, { method: 'POST' })).status, 503);
    } finally {
      await faulty.close();
    }
  });
});
