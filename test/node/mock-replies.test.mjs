// The mock agents' spoken and parrot replies, seen from a WebSocket client as a widget sees
// them: the speech that arrives is exactly the synthesised line the transcript names, parrot
// plays back what the "visitor" sent at the agent's rate, and talking over a reply stops it.
// Replies are flooded (floodFactor) so the seconds of speech do not cost seconds of test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startLyzrMock } from '../../demo/mock-lyzr.mjs';
import { startAnunziMock } from '../../demo/mock-anunzi.mjs';
import { InboundAudioStats, estimateFrequency, floatToPcm16, pcm16ToFloat, rms } from '../../demo/mock-common.mjs';
import { REPLY_MODES, scriptLine } from '../../demo/mock-replies.mjs';
import { synthesize } from '../../demo/speech.mjs';
import { connect, framesOf, getJson, postJson, readTranscript, turnPcm, waitFor } from './support.mjs';

const FLOOD = { floodFactor: 20 };
const LYZR_FRAME_BYTES = 960; // 20 ms at 24 kHz
const ANUNZI_FRAME_BYTES = 1920; // 20 ms at 48 kHz
const CLIENT_READY = JSON.stringify({ type: 'status_client_ready' });
const lyzrFrame = (pcm) => JSON.stringify({ type: 'audio', audio: pcm.toString('base64'), sampleRate: 24000 });
const parse = (messages) => messages.map((m) => JSON.parse(m.data.toString()));
const lyzrAudio = (messages) => Buffer.concat(parse(messages).filter((m) => m.type === 'audio').map((m) => Buffer.from(m.audio, 'base64')));
const agentFinals = (messages) => parse(messages).map(readTranscript).filter((t) => t?.role === 'agent' && t.final);
const anunziAudio = (messages) => Buffer.concat(messages.filter((m) => m.isBinary).map((m) => m.data));

describe('Lyzr mock, speech and parrot replies', () => {
  /** @type {Awaited<ReturnType<typeof startLyzrMock>>} */
  let mock;
  // No keepalive rule: this client sends one turn and then waits, through a first synthesis
  // that can take seconds on a loaded machine (a widget would keep sending frames).
  before(async () => (mock = await startLyzrMock({ quiet: true, reply: 'speech', idleTimeoutMs: 0, faults: FLOOD })));
  after(() => mock.close());

  const call = async () => {
    const { wsUrl, sessionId } = (await postJson(`${mock.url}/session/start`, { agentId: 'a' })).body;
    return { sessionId, ...(await connect(wsUrl)) };
  };
  const sendTurn = (ws, options) => framesOf(turnPcm(24000, options), LYZR_FRAME_BYTES).forEach((frame) => ws.send(lyzrFrame(frame)));
  const setReply = (mode) => postJson(`${mock.url}/__reply`, { mode });

  it('speaks its script: the audio is the synthesised line, and the final transcript is that line', async () => {
    const { ws, messages, sessionId } = await call();
    sendTurn(ws, { toneMs: 1200 });
    await waitFor(async () => {
      const { replyError } = (await getJson(`${mock.url}/__inspect/${sessionId}`)).body;
      if (replyError) throw new Error(`the reply failed: ${replyError}`);
      return agentFinals(messages).length === 1;
    }, { what: 'reply 1', timeoutMs: 60_000 });
    const greeting = scriptLine(0, 1200);
    assert.equal(agentFinals(messages)[0].text, greeting);
    assert.ok(lyzrAudio(messages).equals(floatToPcm16(await synthesize(greeting, { sampleRate: 24000 }))), 'the greeting, sample for sample');
    assert.deepEqual(readTranscript(parse(messages)[0]), { role: 'user', text: '(mock heard 1.2 s of speech)', final: true, delta: false });

    // Partials grow along the audio, each a prefix of the words spoken.
    const partials = parse(messages).map(readTranscript).filter((t) => t?.role === 'agent' && !t.final);
    assert.ok(partials.length >= 3, `${partials.length} partials`);
    const partialText = partials[0].delta ? partials.map((t) => t.text).join('') : partials.at(-1).text;
    assert.ok(greeting.startsWith(partialText) && partialText.length < greeting.length, partialText);

    const before = messages.length;
    sendTurn(ws, { toneMs: 1200 });
    await waitFor(() => agentFinals(messages).length === 2, { what: 'reply 2', timeoutMs: 60_000 });
    const second = agentFinals(messages)[1].text;
    assert.equal(second, scriptLine(1, 1200));
    assert.match(second, /about 1\.2 seconds/);
    assert.ok(lyzrAudio(messages.slice(before)).equals(floatToPcm16(await synthesize(second, { sampleRate: 24000 }))));
    ws.close();
  });

  it('parrots the visitor: the reply is the last turn, same frequency and length, at 24 kHz', async () => {
    await setReply('parrot');
    try {
      const { ws, messages, sessionId } = await call();
      sendTurn(ws, { hz: 700, toneMs: 900 });
      await waitFor(() => agentFinals(messages).length === 1, { what: 'the parrot reply', timeoutMs: 30_000 });
      const samples = pcm16ToFloat(lyzrAudio(messages));
      // The turn is kept from its first voiced 50 ms window to a short tail after the last one.
      assert.ok(samples.length >= 24000 * 0.9 && samples.length <= 24000 * 1.1, `${samples.length} samples`);
      assert.ok(Math.abs(estimateFrequency(samples.subarray(2400, 19200), 24000) - 700) < 2);
      assert.ok(Math.abs(rms(samples.subarray(2400, 19200)) - 0.5 / Math.SQRT2) < 0.02, 'level kept');
      assert.match(agentFinals(messages)[0].text, /parrot/);
      const record = (await getJson(`${mock.url}/__inspect/${sessionId}`)).body;
      assert.equal(record.lastReply.mode, 'parrot');
      ws.close();
    } finally {
      await setReply('speech');
    }
  });

  it('stops talking when the visitor talks over it, then answers the new turn', async () => {
    const slow = await startLyzrMock({ quiet: true, reply: 'speech', idleTimeoutMs: 0 });
    try {
      const { wsUrl, sessionId } = (await postJson(`${slow.url}/session/start`, { agentId: 'a' })).body;
      const { ws, messages } = await connect(wsUrl);
      sendTurn(ws);
      const agentPartials = () => parse(messages).filter((m) => readTranscript(m)?.role === 'agent').length;
      await waitFor(() => agentPartials() > 0, { what: 'the first words of the reply', timeoutMs: 60_000 });
      // 400 ms of voice in the middle of a reply that lasts seconds in real time.
      framesOf(turnPcm(24000, { toneMs: 400, silenceMs: 0 }), LYZR_FRAME_BYTES).forEach((frame) => ws.send(lyzrFrame(frame)));
      const record = await waitFor(async () => {
        const body = (await getJson(`${slow.url}/__inspect/${sessionId}`)).body;
        return body.repliesInterrupted === 1 && body;
      });
      assert.equal(record.repliesSent, 1);
      // The transcript is closed at the words released before the cut, marked with a dash.
      const cut = await waitFor(() => agentFinals(messages)[0], { what: 'the cut transcript' });
      assert.match(cut.text, / —$/);
      assert.ok(scriptLine(0, 1000).startsWith(cut.text.slice(0, -2)), cut.text);
      assert.ok(cut.text.length - 2 < scriptLine(0, 1000).length / 2, cut.text);
      const spokenMs = (lyzrAudio(messages).length / 48000) * 1000;
      assert.ok(spokenMs < record.lastReply.audioMs / 2, `${spokenMs} of ${record.lastReply.audioMs} ms went out`);

      // The visitor stops: the silence ends their turn, and the agent answers it.
      framesOf(Buffer.alloc(48000), LYZR_FRAME_BYTES).forEach((frame) => ws.send(lyzrFrame(frame)));
      await waitFor(async () => (await getJson(`${slow.url}/__inspect/${sessionId}`)).body.repliesSent === 2, { what: 'a second reply' });
      ws.close();
    } finally {
      await slow.close();
    }
  });

  it('switches modes at /__reply and refuses unknown ones', async () => {
    assert.deepEqual((await getJson(`${mock.url}/__reply`)).body, { mode: 'speech', modes: [...REPLY_MODES] });
    const refused = await setReply('sing');
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /tone, speech, parrot/);
    assert.equal((await setReply('tone')).body.mode, 'tone');
    const { ws, messages } = await call();
    sendTurn(ws);
    await waitFor(() => agentFinals(messages).length === 1, { what: 'a tone reply' });
    assert.match(agentFinals(messages)[0].text, /^Hello from the mock Lyzr agent/);
    ws.close();
    await setReply('speech');
  });

  it('refuses an unknown mode as an option', async () => {
    await assert.rejects(startLyzrMock({ quiet: true, reply: 'sing' }), RangeError);
  });
});

describe('Anunzi mock, speech and parrot replies', () => {
  const API_KEY = 'k';
  /** @type {Awaited<ReturnType<typeof startAnunziMock>>} */
  let mock;
  before(async () => (mock = await startAnunziMock({ quiet: true, apiKey: API_KEY, reply: 'speech', faults: FLOOD })));
  after(() => mock.close());

  const call = async () => {
    const { sessionURL } = (await getJson(`${mock.url}/websocket/token/x`, { headers: { Authorization: `Bearer ${API_KEY}` } })).body;
    const connection = await connect(sessionURL);
    connection.ws.send(CLIENT_READY);
    return { token: new URL(sessionURL).searchParams.get('token'), ...connection };
  };
  const sendTurn = (ws, options) => framesOf(turnPcm(48000, options), ANUNZI_FRAME_BYTES).forEach((frame) => ws.send(frame));
  const inspect = async (token) => (await getJson(`${mock.url}/__inspect/${token}`)).body;

  it('speaks at 16 kHz: the bytes are the synthesised line the inspection record names', async () => {
    const { ws, messages, token } = await call();
    sendTurn(ws, { toneMs: 800 });
    const record = await waitFor(async () => {
      const body = await inspect(token);
      return body.lastReply && anunziAudio(messages).length === Math.round(body.lastReply.audioMs * 32) && body;
    }, { what: 'the whole reply', timeoutMs: 60_000 });
    assert.equal(record.lastReply.said, scriptLine(0, 800));
    assert.ok(anunziAudio(messages).equals(floatToPcm16(await synthesize(record.lastReply.said, { sampleRate: 16000 }))));
    assert.ok(record.oddChunksSent > 0, 'still split at odd byte offsets');
    ws.close();
  });

  it('parrots the visitor: 48 kHz in, the same tone out at 16 kHz', async () => {
    await postJson(`${mock.url}/__reply`, { mode: 'parrot' });
    try {
      const { ws, messages, token } = await call();
      sendTurn(ws, { hz: 330, toneMs: 900 });
      await waitFor(async () => {
        const body = await inspect(token);
        return body.lastReply && anunziAudio(messages).length === Math.round(body.lastReply.audioMs * 32);
      }, { what: 'the parrot reply', timeoutMs: 30_000 });
      const samples = pcm16ToFloat(anunziAudio(messages));
      assert.ok(samples.length >= 16000 * 0.9 && samples.length <= 16000 * 1.1, `${samples.length} samples`);
      assert.ok(Math.abs(estimateFrequency(samples.subarray(1600, 12800), 16000) - 330) < 2);
      ws.close();
    } finally {
      await postJson(`${mock.url}/__reply`, { mode: 'speech' });
    }
  });
});

describe('the last user turn, as the mocks keep it for parrot', () => {
  it('keeps a turn from its first voiced window to a 150 ms tail, and forgets blips', () => {
    const stats = new InboundAudioStats(16000);
    stats.add(turnPcm(16000, { toneMs: 100, silenceMs: 1000 })); // a blip: under 300 ms of voice
    assert.equal(stats.recorder.lastTurn, null);
    stats.add(Buffer.concat([turnPcm(16000, { hz: 500, toneMs: 800, silenceMs: 300 }), turnPcm(16000, { hz: 500, toneMs: 400, silenceMs: 700 })]));
    const { samples, speechMs } = stats.recorder.lastTurn;
    assert.equal(speechMs, 1200);
    assert.equal(samples.length, 16000 * (0.8 + 0.3 + 0.4 + 0.15), 'the pause inside the turn is kept, the tail is 150 ms');
    assert.ok(Math.abs(estimateFrequency(samples.subarray(0, 12800), 16000) - 500) < 1);
  });

  it('holds at most 10 s of a longer turn (its start), but counts all of its speech', () => {
    const stats = new InboundAudioStats(16000);
    assert.equal(stats.add(turnPcm(16000, { toneMs: 12_000, silenceMs: 1000 })), 1);
    assert.equal(stats.recorder.lastTurn.samples.length, 16000 * 10);
    assert.equal(stats.recorder.lastTurn.speechMs, 12_000);
  });
});
