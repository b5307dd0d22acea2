// The strict Anunzi mock: bearer-protected single-use session URLs, 48 kHz PCM16 checks
// (byte parity and pace), the ready handshake, and 16 kHz replies split at odd byte offsets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAnunziMock, ANUNZI_JUNK_KINDS } from '../../demo/mock-anunzi.mjs';
import { estimateFrequency, pcm16ToFloat } from '../../demo/mock-common.mjs';
import { connect, framesOf, getJson, handshakeStatus, postJson, sendInRealTime, sleep, turnPcm, waitFor } from './support.mjs';

const API_KEY = 'node-test-anunzi-key';
const FRAME_BYTES = 1920; // 20 ms at 48 kHz
const CLIENT_READY = JSON.stringify({ type: 'status_client_ready' });

describe('Anunzi mock', () => {
  /** @type {Awaited<ReturnType<typeof startAnunziMock>>} */
  let mock;
  before(async () => (mock = await startAnunziMock({ quiet: true, apiKey: API_KEY, melodyMs: 600 })));
  after(() => mock.close());

  const requestToken = (assistantId = 'assistant-1', key = API_KEY) =>
    getJson(`${mock.url}/websocket/token/${assistantId}`, key ? { headers: { Authorization: `Bearer ${key}` } } : {});
  const sessionUrl = async () => (await requestToken()).body.sessionURL;
  const inspect = async (id = 'latest') => (await getJson(`${mock.url}/__inspect/${id}`)).body;
  const tokenOf = (url) => new URL(url).searchParams.get('token');
  const textMessages = (messages) => messages.filter((m) => !m.isBinary).map((m) => JSON.parse(m.data.toString()));

  describe('GET /websocket/token/:assistantId', () => {
    it('hands out a single-use session URL for the right bearer key, with open CORS', async () => {
      const first = await requestToken();
      assert.equal(first.status, 200);
      assert.deepEqual(Object.keys(first.body), ['sessionURL']);
      assert.match(first.body.sessionURL, new RegExp(`^ws://127\\.0\\.0\\.1:${mock.port}/websocket/start\\?token=.+`));
      assert.equal(first.headers.get('access-control-allow-origin'), '*');
      assert.notEqual(first.body.sessionURL, await sessionUrl());
    });

    it('refuses a missing or wrong key with 401', async () => {
      assert.equal((await requestToken('assistant-1', null)).status, 401);
      assert.equal((await requestToken('assistant-1', 'wrong')).status, 401);
    });
  });

  describe('WebSocket rules', () => {
    it('refuses a missing or unknown token at the handshake, and a reused one with 1008', async () => {
      assert.equal(await handshakeStatus(`ws://127.0.0.1:${mock.port}/websocket/start`), 401);
      assert.equal(await handshakeStatus(`ws://127.0.0.1:${mock.port}/websocket/start?token=guess`), 403);
      const url = await sessionUrl();
      const first = await connect(url);
      const second = await connect(url);
      assert.deepEqual(await second.closed, { code: 1008, reason: 'token reused' });
      assert.equal(first.ws.readyState, first.ws.OPEN);
      first.ws.close();
      assert.equal((await inspect(tokenOf(url))).reuseAttempts, 1);
    });

    for (const [label, frame, reason] of [
      ['a binary frame with an odd byte count', Buffer.alloc(1921), /odd byte count/],
      ['text that is not JSON', 'hello', /JSON object/],
      ['an unknown client message type', JSON.stringify({ type: 'status_client_gone' }), /unknown client message type/],
    ]) {
      it(`closes 1008 on ${label}`, async () => {
        const url = await sessionUrl();
        const { ws, closed } = await connect(url);
        ws.send(CLIENT_READY);
        ws.send(Buffer.alloc(FRAME_BYTES));
        ws.send(frame);
        const { code, reason: closeReason } = await closed;
        assert.equal(code, 1008);
        assert.match(closeReason, reason);
        const record = await inspect(tokenOf(url));
        assert.match(record.violations[0].rule, reason);
        assert.equal(record.frames, 1);
      });
    }

    it('answers status_client_ready with status_agent_ready, and counts audio sent before it', async () => {
      const url = await sessionUrl();
      const { ws, messages } = await connect(url);
      ws.send(Buffer.alloc(FRAME_BYTES));
      await sleep(50);
      assert.equal(messages.length, 0, 'no agent_ready before client_ready');
      ws.send(CLIENT_READY);
      await waitFor(() => messages.length >= 2);
      const [ready, metadata] = textMessages(messages);
      assert.deepEqual(ready, { type: 'status_agent_ready' });
      assert.equal(metadata.type, 'agent_metadata', 'an unknown type the client must ignore');
      const record = await inspect(tokenOf(url));
      assert.equal(record.agentReadySent, true);
      assert.equal(typeof record.clientReadyAt, 'number');
      assert.equal(record.audioFramesBeforeClientReady, 1);
      ws.close();
    });
  });

  describe('agent', () => {
    it('answers a turn with 16 kHz audio in chunks of odd and even length that join into valid PCM16', async () => {
      const url = await sessionUrl();
      const { ws, messages } = await connect(url);
      ws.send(CLIENT_READY);
      for (const frame of framesOf(turnPcm(48000), FRAME_BYTES)) ws.send(frame);
      const chunks = () => messages.filter((m) => m.isBinary).map((m) => m.data);
      const expectedBytes = 16000 * 0.6 * 2;
      await waitFor(() => chunks().reduce((sum, chunk) => sum + chunk.length, 0) === expectedBytes, { what: 'the melody' });

      assert.ok(chunks().some((chunk) => chunk.length % 2 === 1), 'some odd chunks');
      assert.ok(chunks().some((chunk) => chunk.length % 2 === 0), 'some even chunks');
      const samples = pcm16ToFloat(Buffer.concat(chunks()));
      const notes = [0, 1, 2].map((note) => estimateFrequency(samples.subarray(note * 3200 + 400, note * 3200 + 2800), 16000));
      notes.forEach((hz, i) => assert.ok(Math.abs(hz - [523, 659, 784][i]) < 3, `note ${i}: ${hz} Hz`));

      const record = await inspect(tokenOf(url));
      assert.equal(record.turnsDetected, 1);
      assert.equal(record.repliesSent, 1);
      assert.equal(record.audioChunksSent, chunks().length);
      assert.equal(record.oddChunksSent, chunks().filter((chunk) => chunk.length % 2).length);
      assert.ok(Math.abs(record.toneHz - 440) <= 5, `toneHz ${record.toneHz}`);
      assert.deepEqual(record.frameSampleCounts, { 960: 90 });
      ws.close();
    });

    it('does not answer before status_client_ready', async () => {
      const url = await sessionUrl();
      const { ws, messages } = await connect(url);
      for (const frame of framesOf(turnPcm(48000), FRAME_BYTES)) ws.send(frame);
      await waitFor(async () => (await inspect(tokenOf(url))).turnsDetected === 1);
      await sleep(100);
      assert.equal(messages.length, 0);
      ws.close();
    });
  });

  describe('pace', () => {
    /** @type {Awaited<ReturnType<typeof startAnunziMock>>} */
    let paced;
    before(async () => (paced = await startAnunziMock({ quiet: true, apiKey: API_KEY, paceWindowMs: 500 })));
    after(() => paced.close());
    const pacedSession = async () => {
      const { body } = await getJson(`${paced.url}/websocket/token/a`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      return { url: body.sessionURL, record: async () => (await getJson(`${paced.url}/__inspect/${tokenOf(body.sessionURL)}`)).body };
    };

    it('measures a real-time 48 kHz sender as on pace', async () => {
      const { url, record } = await pacedSession();
      const { ws } = await connect(url);
      ws.send(CLIENT_READY);
      await sendInRealTime(ws, framesOf(turnPcm(48000, { toneMs: 1000, silenceMs: 0 }), FRAME_BYTES), 20);
      const result = await record();
      assert.equal(result.closed, false);
      assert.equal(result.pace.ok, true);
      assert.ok(Math.abs(result.pace.ratio - 1) < 0.1, `ratio ${result.pace.ratio}`);
      assert.ok(Math.abs(result.bytesPerSecond - 96000) < 14400, `bytesPerSecond ${result.bytesPerSecond}`);
      assert.ok(Math.abs(result.toneHz - 440) <= 5);
      ws.close();
    });

    it('closes 1008 when the client sends 24 kHz worth of bytes for a whole window', async () => {
      const { url, record } = await pacedSession();
      const { ws, closed } = await connect(url);
      ws.send(CLIENT_READY);
      void sendInRealTime(ws, framesOf(Buffer.alloc(FRAME_BYTES * 100), FRAME_BYTES), 40);
      const { code, reason } = await closed;
      assert.equal(code, 1008);
      assert.equal(reason, 'audio not at 48 kHz pace');
      const result = await record();
      assert.equal(result.pace.ok, false);
      assert.ok(Math.abs(result.pace.ratio - 0.5) < 0.1, `ratio ${result.pace.ratio}`);
      assert.ok(result.durationMs < 2500);
    });

    it('treats a pause in sending as a pause, not a slow client', async () => {
      const { url, record } = await pacedSession();
      const { ws } = await connect(url);
      const frames = framesOf(Buffer.alloc(FRAME_BYTES * 30), FRAME_BYTES); // 600 ms, over one window
      await sendInRealTime(ws, frames, 20);
      await sleep(1100);
      await sendInRealTime(ws, frames, 20);
      const result = await record();
      assert.equal(result.closed, false);
      assert.equal(result.pace.windowsOutOfTolerance, 0);
      ws.close();
    });
  });

  describe('faults', () => {
    const setFaults = (faults) => postJson(`${mock.url}/__faults`, faults);
    after(() => setFaults({}));

    it('fails the token endpoint as configured', async () => {
      await setFaults({ tokenStatus: 500, tokenBody: 'upstream exploded' });
      const response = await fetch(`${mock.url}/websocket/token/a`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      assert.equal(response.status, 500);
      assert.equal(await response.text(), 'upstream exploded');
      await setFaults({ sessionUrlOverride: 'http://evil.test/' });
      assert.equal(await sessionUrl(), 'http://evil.test/');
      await setFaults({});
      assert.match(await sessionUrl(), /^ws:/);
    });

    it('closes mid-call with the configured code', async () => {
      await setFaults({ closeAfterMs: 80, closeCode: 1011 });
      const { closed } = await connect(await sessionUrl());
      assert.equal((await closed).code, 1011);
      await setFaults({});
    });

    it('sends every kind of junk', async () => {
      await setFaults({ junk: true });
      const { ws, messages } = await connect(await sessionUrl());
      await waitFor(() => messages.length === ANUNZI_JUNK_KINDS.length);
      assert.ok(messages.some((m) => m.isBinary && m.data.length === 0));
      assert.ok(messages.some((m) => m.isBinary && m.data.length > 3_000_000));
      ws.close();
      await setFaults({});
    });

    it('jitters agent chunks without reordering them', async () => {
      await setFaults({ jitterMs: 60 });
      const { ws, messages } = await connect(await sessionUrl());
      ws.send(CLIENT_READY);
      for (const frame of framesOf(turnPcm(48000), FRAME_BYTES)) ws.send(frame);
      const bytes = () => Buffer.concat(messages.filter((m) => m.isBinary).map((m) => m.data));
      await waitFor(() => bytes().length === 16000 * 0.6 * 2);
      const samples = pcm16ToFloat(bytes());
      assert.ok(Math.abs(estimateFrequency(samples.subarray(400, 2800), 16000) - 523) < 3);
      assert.ok(Math.abs(estimateFrequency(samples.subarray(6800, 9200), 16000) - 784) < 3);
      ws.close();
      await setFaults({});
    });
  });
});
