// Strict local stand-in for the Lyzr Voice Service (see docs/protocols.md, "Lyzr"). It enforces
// every client rule (closing with 1008 and the rule's name), answers each user turn with a
// melody, speech or the visitor's own voice (demo/mock-replies.mjs) and varied transcript
// shapes, and reports what it received at /__inspect/….
//
//   node demo/mock-lyzr.mjs --port 8787 [--host 0.0.0.0] [--reply speech|parrot|tone]
import { pathToFileURL } from 'node:url';
import {
  CHUNK_MS_CYCLE,
  InboundAudioStats,
  SessionLifecycle,
  afterUnlessClosed,
  cliOptions,
  junkMessages,
  isStrictBase64,
  parseJsonObject,
  randomToken,
  readBody,
  replyChannel,
  scheduleFaultClose,
  sendJson,
  sleep,
  startMockServer,
} from './mock-common.mjs';
import { BARGE_IN_MS, agentReply, answerReplyRoute, isReplyMode, warmUp } from './mock-replies.mjs';

const SAMPLE_RATE = 24000;
const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;
const MIN_FRAME_SAMPLES = 480; // 20 ms
const MAX_FRAME_SAMPLES = 2400; // 100 ms

/**
 * Transcript styles, one per reply in rotation, so a client parser meets every shape the
 * protocol allows. `partial(soFar, added)`: cumulative styles resend all text so far, the
 * delta style only the new words; the final message always carries the whole text.
 */
const TRANSCRIPT_STYLES = [
  {
    user: (text) => ({ type: 'transcript', role: 'user', text, final: true }),
    partial: (soFar) => ({ type: 'transcript', speaker: 'agent', content: soFar, isFinal: false }),
    final: (text) => ({ type: 'transcript', source: 'assistant', transcript: text, is_final: true }),
  },
  {
    user: (text) => ({ type: 'transcript', speaker: 'user', content: text, isFinal: true }),
    partial: (_soFar, added) => ({ type: 'transcript_delta', role: 'assistant', delta: added, partial: true }),
    final: (text) => ({ type: 'conversation.item', message: { role: 'assistant', content: text } }),
  },
  {
    user: (text) => ({ type: 'conversation.item', message: { role: 'user', content: text } }),
    partial: (soFar) => ({ type: 'transcript', source: 'agent', transcript: soFar, is_final: false }),
    final: (text) => ({ type: 'transcript', role: 'assistant', text, final: true }),
  },
];

/** Malformed or unexpected server messages for the `junk` fault, sent right after connect. */
const JUNK = {
  malformedJson: () => '{"type":"audio","audio":',
  nonObjectJson: () => '[1,2,3]',
  unknownType: () => JSON.stringify({ type: 'mock_unknown_event', note: 'ignore me' }),
  missingAudio: () => JSON.stringify({ type: 'audio' }),
  invalidBase64: () => JSON.stringify({ type: 'audio', audio: '%%not*base64%%' }),
  oddByteCount: () => JSON.stringify({ type: 'audio', audio: Buffer.from([1, 2, 3]).toString('base64') }),
  emptyAudio: () => JSON.stringify({ type: 'audio', audio: '' }),
  /** Just under the widget's 1 MiB message limit: 15 s of audio, far more than the 3 s jitter buffer keeps. */
  hugeFrame: () => JSON.stringify({ type: 'audio', audio: Buffer.alloc(720 << 10).toString('base64') }),
  /** 3 MiB of audio (4 MiB of base64): over the widget's message limit. */
  oversizedFrame: () => JSON.stringify({ type: 'audio', audio: Buffer.alloc(3 << 20).toString('base64') }),
  /** 10 000 characters of agent transcript in one message: over the widget's per-update limit. */
  longTranscript: () => JSON.stringify({ type: 'transcript', role: 'assistant', text: `${'word '.repeat(1999)}last.`, final: true }),
  markupTranscript: () => JSON.stringify({ type: 'transcript', role: 'assistant', text: MARKUP, final: true }),
};

/** Untrusted text a widget must show as text, never run: each part sets a flag if it executes. */
export const MARKUP =
  '<img src=x onerror="window.__voiceAgentPwned=1"><script>window.__voiceAgentPwned=2</script>' +
  '<svg onload="window.__voiceAgentPwned=3"></svg><b>bold</b>';

/** Names of the junk kinds a `junk` fault value selects (`true` = all). */
export const LYZR_JUNK_KINDS = Object.keys(JUNK);

/**
 * Starts the mock Lyzr Voice Service.
 *
 * @param {object} [options]
 * @param {number} [options.port] 0 = ephemeral
 * @param {string} [options.host]
 * @param {boolean} [options.quiet]
 * @param {number} [options.melodyMs] length of each tone reply (default 1500)
 * @param {'tone' | 'speech' | 'parrot'} [options.reply] how the agent answers (default 'tone';
 *   switchable at run time with POST /__reply)
 * @param {number} [options.idleTimeoutMs] close 1008 when no client frame arrives this long
 *   (the keepalive rule); 0 disables (default 5000)
 * @param {object} [options.faults] initial fault switches (docs/protocols.md, "Fault switches"; also settable via POST /__faults)
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startLyzrMock({
  port = 0,
  host = '127.0.0.1',
  quiet = false,
  melodyMs = 1500,
  reply = 'tone',
  idleTimeoutMs = 5000,
  faults = {},
  ...faultOptions
} = {}) {
  if (!isReplyMode(reply)) throw new RangeError(`unknown reply mode ${reply}`);
  /** @type {Map<string, LyzrSession>} */
  const sessions = new Map();
  let replyCount = 0;
  const replySetting = { mode: reply, agentRate: SAMPLE_RATE };
  warmUp(reply, SAMPLE_RATE);

  const server = await startMockServer({
    name: 'mock-lyzr',
    port,
    host,
    quiet,
    faults: { ...faults, ...faultOptions },

    async handle(req, res, url, ctx) {
      if (url.pathname === '/__reply') return answerReplyRoute(req, res, url, replySetting);
      if (url.pathname !== '/session/start') return false;
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      const { faults } = ctx;
      const body = await readBody(req);
      if (faults.sessionDelayMs) await sleep(faults.sessionDelayMs);
      if (faults.sessionStatus || faults.sessionBody !== undefined) {
        res.writeHead(faults.sessionStatus ?? 200, { 'Content-Type': 'text/html' });
        return void res.end(faults.sessionBody ?? '<html><body>mock fault</body></html>');
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== 'application/json') {
        return sendJson(res, 415, { error: 'Content-Type must be application/json' });
      }
      const agentId = parseJsonObject(body)?.agentId;
      if (typeof agentId !== 'string' || !agentId.trim()) {
        return sendJson(res, 400, { error: 'body must be {"agentId": "<non-empty string>"}' });
      }

      const session = new LyzrSession(crypto.randomUUID(), agentId, randomToken());
      sessions.set(session.id, session);
      ctx.inspection.add(session.id, session);
      const wsUrl =
        faults.wsUrlOverride ?? `${ctx.wsOrigin(req)}/v1/voice/${session.id}?token=${session.token}`;
      ctx.log(`session ${session.id} for agent ${agentId}`);
      const answer = {
        sessionId: session.id,
        wsUrl,
        audioConfig: { sampleRate: SAMPLE_RATE, channels: 1, format: 'pcm16', encoding: 'base64' },
      };
      if (faults.sessionBodyBytes > 0) return sendPadded(res, answer, faults.sessionBodyBytes, faults.sessionChunked);
      sendJson(res, 200, answer);
    },

    upgrade(req, url, ctx) {
      const match = /^\/v1\/voice\/([^/]+)$/.exec(url.pathname);
      const session = match && sessions.get(match[1]);
      if (!session || url.searchParams.get('token') !== session.token) {
        return { status: 403, message: 'Forbidden' };
      }
      return {
        accept: true,
        onConnection: (ws) => {
          if (session.lifecycle.connectedAt !== null) {
            session.lifecycle.reuseAttempts++;
            return ws.close(1008, 'wsUrl reused');
          }
          runConnection(ws, session, ctx);
        },
      };
    },
  });

  /** One live call: validate every frame, detect turns, answer them. */
  function runConnection(ws, session, ctx) {
    const { lifecycle, audio } = session;
    const { faults, cleanups } = ctx;
    lifecycle.attach(ws);
    ctx.log(`session ${session.id} connected`);
    scheduleFaultClose(ws, lifecycle, faults, cleanups);
    for (const message of junkMessages(JUNK, faults.junk)) ws.send(message);

    const replies = replyChannel(ws, cleanups, (error) => {
      session.replyError = error.message;
      ctx.log(`reply failed: ${error.message}`);
    });
    const idleRule = `idle: no audio frame for ${idleTimeoutMs} ms (send keepalive zero frames)`;
    const idleTimer =
      idleTimeoutMs > 0 ? afterUnlessClosed(ws, idleTimeoutMs, () => lifecycle.breach(ws, idleRule), cleanups) : undefined;

    ws.on('message', (data, isBinary) => {
      if (lifecycle.closedBy) return;
      const { rule, pcm } = checkFrame(data, isBinary, session);
      if (rule) return lifecycle.breach(ws, rule);
      idleTimer?.refresh();
      const turnEnded = audio.add(pcm);
      // A live agent stops when talked over; the melody never does (tests count its chunks).
      if (replies.busy && session.replyMode !== 'tone' && audio.recorder.speechMs >= BARGE_IN_MS) {
        // Close the cut reply's transcript at the words already released, as a live agent would.
        const cutFinal = replies.stopAll().findLast((step) => step.cutFinal)?.cutFinal;
        if (cutFinal) {
          ws.send(cutFinal);
          session.transcriptsSent++;
        }
        session.repliesInterrupted++;
      }
      if (turnEnded && !replies.busy) {
        session.replyMode = replySetting.mode;
        replies.start(buildReply(session, replyCount++, faults.replyMs ?? melodyMs), faults);
        session.repliesSent++;
      }
    });
    ws.on('close', (code) => ctx.log(`session ${session.id} closed ${code}`));
  }

  /** Steps of one agent reply: user transcript, audio chunks with partials, final, maybe metrics. */
  async function buildReply(session, replyIndex, replyMs) {
    const style = TRANSCRIPT_STYLES[replyIndex % TRANSCRIPT_STYLES.length];
    const json = (message) => ({ data: JSON.stringify(message), transcript: true });
    const { pcm, heard, said } = await agentReply(session.replyMode, {
      replyIndex: session.repliesSent,
      lastTurn: session.audio.recorder.lastTurn,
      clientRate: SAMPLE_RATE,
      agentRate: SAMPLE_RATE,
      melodyMs: replyMs,
      toneHz: session.audio.toJSON().toneHz,
      toneText: `Hello from the mock Lyzr agent, reply ${session.repliesSent + 1}.`,
    });
    const steps = [json(style.user(heard))];
    session.lastReply = { mode: session.replyMode, said, audioMs: pcm.length / BYTES_PER_MS };

    const words = said.split(' ');
    const chunks = [];
    for (let offset = 0, i = 0; offset < pcm.length; i++) {
      const length = CHUNK_MS_CYCLE[i % CHUNK_MS_CYCLE.length] * BYTES_PER_MS;
      chunks.push(pcm.subarray(offset, offset + length));
      offset += length;
    }
    let released = 0;
    chunks.forEach((chunk, i) => {
      const audio = JSON.stringify({ type: 'audio', audio: chunk.toString('base64') });
      steps.push({ data: audio, audioMs: chunk.length / BYTES_PER_MS });
      // Words are released along the audio; the last one only comes with the final transcript.
      const due = Math.min(words.length - 1, Math.floor(((i + 1) * words.length) / chunks.length));
      if (due > released) {
        const added = (released ? ' ' : '') + words.slice(released, due).join(' ');
        const soFar = words.slice(0, due).join(' ');
        steps.push({ ...json(style.partial(soFar, added)), cutFinal: JSON.stringify(style.final(`${soFar} —`)) });
        released = due;
      }
    });
    steps.push(json(style.final(words.join(' '))));
    if (replyIndex % 2 === 0) steps.push(json({ type: 'metrics', replyIndex, audioMs: pcm.length / BYTES_PER_MS, chunks: chunks.length }));

    session.audioChunksSent += chunks.length;
    session.transcriptsSent += steps.filter((step) => step.transcript).length;
    return steps;
  }

  return { url: server.url, port: server.port, close: server.close };
}

/**
 * The `sessionBodyBytes` fault: a usable session answer padded to `bytes` bytes of JSON.
 * `chunked` leaves out Content-Length, so only the bytes read tell the size.
 */
async function sendPadded(res, answer, bytes, chunked) {
  const json = JSON.stringify({ ...answer, padding: '' });
  const body = Buffer.alloc(Math.max(bytes, json.length), 'x');
  body.write(json.slice(0, -2));
  body.write('"}', body.length - 2);
  res.writeHead(200, { 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': body.length }) });
  // 64 KiB at a time, waiting while the client is not reading, as a streaming server would.
  let wake = () => {};
  res.once('close', () => wake());
  for (let offset = 0; offset < body.length && !res.destroyed; offset += 1 << 16) {
    if (!res.write(body.subarray(offset, offset + (1 << 16)))) await new Promise((resolve) => res.once('drain', (wake = resolve)));
  }
  res.end();
}

/** What the server keeps per session; `toJSON()` is the inspection record. */
class LyzrSession {
  constructor(id, agentId, token) {
    this.id = id;
    this.agentId = agentId;
    this.token = token;
    this.lifecycle = new SessionLifecycle();
    this.audio = new InboundAudioStats(SAMPLE_RATE);
    this.sampleRates = new Set();
    this.repliesSent = 0;
    this.repliesInterrupted = 0;
    /** @type {'tone' | 'speech' | 'parrot'} how the reply in progress (or the last one) answers */
    this.replyMode = 'tone';
    /** @type {string | null} why the last reply could not be made (e.g. speech synthesis failed) */
    this.replyError = null;
    /** @type {{ mode: string, said: string, audioMs: number } | null} */
    this.lastReply = null;
    this.audioChunksSent = 0;
    this.transcriptsSent = 0;
  }

  toJSON() {
    const { zeroFrames, ...audio } = this.audio.toJSON();
    return {
      sessionId: this.id,
      agentId: this.agentId,
      ...this.lifecycle.toJSON(),
      ...audio,
      keepaliveZeroFrames: zeroFrames,
      frameSampleCounts: this.audio.frameSizes,
      sampleRates: [...this.sampleRates],
      repliesSent: this.repliesSent,
      repliesInterrupted: this.repliesInterrupted,
      lastReply: this.lastReply,
      replyError: this.replyError,
      audioChunksSent: this.audioChunksSent,
      transcriptsSent: this.transcriptsSent,
    };
  }
}

/**
 * Checks one client frame against the Lyzr rules.
 * @returns {{ rule?: string, pcm?: Buffer }} the broken rule (the 1008 close reason) or the audio
 */
function checkFrame(data, isBinary, session) {
  if (isBinary) return { rule: 'text frames only' };
  const message = parseJsonObject(data.toString('utf8'));
  if (!message) return { rule: 'frame must be a JSON object' };
  if (message.type !== 'audio') return { rule: 'type must be "audio"' };
  if (message.sampleRate !== undefined) session.sampleRates.add(message.sampleRate);
  if (!isStrictBase64(message.audio)) return { rule: 'audio must be base64' };
  if (message.sampleRate !== SAMPLE_RATE) return { rule: 'sampleRate must be 24000' };
  const pcm = Buffer.from(message.audio, 'base64');
  if (pcm.length % 2) return { rule: 'audio byte count must be even (PCM16)' };
  const samples = pcm.length / 2;
  if (samples < MIN_FRAME_SAMPLES || samples > MAX_FRAME_SAMPLES) {
    return { rule: `frame must hold 480-2400 samples (20-100 ms), got ${samples}` };
  }
  return { pcm };
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { port = 8787, host, reply = 'speech' } = cliOptions();
  const mock = await startLyzrMock({ port, host, reply });
  console.log(`Lyzr mock: POST ${mock.url}/session/start  {"agentId":"demo"}  — inspect ${mock.url}/__inspect/latest`);
}
