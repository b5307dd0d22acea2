// Strict local stand-in for the Anunzi widget WebSocket (see docs/protocols.md, "Anunzi"): a
// bearer-protected token endpoint handing out single-use session URLs, a socket that checks
// the client's 48 kHz PCM16 stream and handshake, and an agent that answers each user turn
// (melody, speech or the visitor's own voice: demo/mock-replies.mjs) with 16 kHz PCM16 split
// at odd byte offsets. What arrived is at /__inspect/….
//
//   ANUNZI_API_KEY=dev-key node demo/mock-anunzi.mjs --port 8788 [--reply speech|parrot|tone]
import { pathToFileURL } from 'node:url';
import {
  CHUNK_MS_CYCLE,
  InboundAudioStats,
  SessionLifecycle,
  cliOptions,
  junkMessages,
  parseJsonObject,
  randomToken,
  replyChannel,
  round,
  scheduleFaultClose,
  sendJson,
  sleep,
  startMockServer,
} from './mock-common.mjs';
import { BARGE_IN_MS, agentReply, answerReplyRoute, isReplyMode, warmUp } from './mock-replies.mjs';

export const DEFAULT_DEV_API_KEY = 'dev-anunzi-key';
const CLIENT_RATE = 48000;
const CLIENT_BYTES_PER_SECOND = CLIENT_RATE * 2;
const AGENT_RATE = 16000;
const AGENT_BYTES_PER_MS = (AGENT_RATE * 2) / 1000;

/** Malformed or unexpected server messages for the `junk` fault, sent right after connect. */
const JUNK = {
  malformedJson: () => '{"type":"status_agent_re',
  nonObjectJson: () => '"just a string"',
  unknownType: () => JSON.stringify({ type: 'mock_unknown_event', note: 'ignore me' }),
  missingType: () => JSON.stringify({ hello: 'no type here' }),
  emptyBinary: () => Buffer.alloc(0),
  /** Just under the widget's 1 MiB message limit: 31 s of audio, far more than the 3 s jitter buffer keeps. */
  hugeFrame: () => Buffer.alloc(1000 << 10),
  /** 3 MiB of audio: over the widget's message limit. */
  oversizedFrame: () => Buffer.alloc(3 << 20),
};

/** Names of the junk kinds a `junk` fault value selects (`true` = all). */
export const ANUNZI_JUNK_KINDS = Object.keys(JUNK);

/**
 * Starts the mock Anunzi widget service.
 *
 * @param {object} [options]
 * @param {number} [options.port] 0 = ephemeral
 * @param {string} [options.host]
 * @param {string} [options.apiKey] the bearer key the token endpoint demands
 * @param {boolean} [options.quiet]
 * @param {number} [options.melodyMs] length of each tone reply (default 1500)
 * @param {'tone' | 'speech' | 'parrot'} [options.reply] how the agent answers (default 'tone';
 *   switchable at run time with POST /__reply)
 * @param {number} [options.paceWindowMs] pace is measured over this window, and a breach must
 *   last this long before the socket is closed (default 3000)
 * @param {object} [options.faults] initial fault switches (also settable via POST /__faults)
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startAnunziMock({
  port = 0,
  host = '127.0.0.1',
  apiKey = DEFAULT_DEV_API_KEY,
  quiet = false,
  melodyMs = 1500,
  reply = 'tone',
  paceWindowMs = 3000,
  faults = {},
  ...faultOptions
} = {}) {
  if (!isReplyMode(reply)) throw new RangeError(`unknown reply mode ${reply}`);
  /** @type {Map<string, AnunziSession>} */
  const sessions = new Map();
  let replyCount = 0;
  const replySetting = { mode: reply, agentRate: AGENT_RATE };
  warmUp(reply, AGENT_RATE);

  const server = await startMockServer({
    name: 'mock-anunzi',
    port,
    host,
    quiet,
    faults: { ...faults, ...faultOptions },

    async handle(req, res, url, ctx) {
      if (url.pathname === '/__reply') return answerReplyRoute(req, res, url, replySetting);
      const match = /^\/websocket\/token\/([^/]+)$/.exec(url.pathname);
      if (!match) return false;
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      const { faults } = ctx;
      if (faults.tokenDelayMs) await sleep(faults.tokenDelayMs);
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return sendJson(res, 401, { error: 'missing or invalid bearer token' });
      }
      if (faults.tokenStatus || faults.tokenBody !== undefined) {
        res.writeHead(faults.tokenStatus ?? 200, { 'Content-Type': 'text/html' });
        return void res.end(faults.tokenBody ?? '<html><body>mock fault</body></html>');
      }
      const assistantId = decodeURIComponent(match[1]);
      const session = new AnunziSession(randomToken(), assistantId, paceWindowMs);
      sessions.set(session.token, session);
      ctx.inspection.add(session.token, session);
      ctx.log(`token issued for assistant ${assistantId}`);
      const sessionURL = faults.sessionUrlOverride ?? `${ctx.wsOrigin(req)}/websocket/start?token=${session.token}`;
      sendJson(res, 200, { sessionURL });
    },

    upgrade(req, url, ctx) {
      if (url.pathname !== '/websocket/start') return { status: 404, message: 'Not Found' };
      const token = url.searchParams.get('token');
      if (!token) return { status: 401, message: 'Unauthorized' };
      const session = sessions.get(token);
      if (!session) return { status: 403, message: 'Forbidden' };
      return {
        accept: true,
        onConnection: (ws) => {
          if (session.lifecycle.connectedAt !== null) {
            session.lifecycle.reuseAttempts++;
            return ws.close(1008, 'token reused');
          }
          runConnection(ws, session, ctx);
        },
      };
    },
  });

  /** One live call: check frames and pace, handshake, answer user turns. */
  function runConnection(ws, session, ctx) {
    const { lifecycle, audio, pace } = session;
    const { faults, cleanups } = ctx;
    lifecycle.attach(ws);
    ctx.log('call connected');
    scheduleFaultClose(ws, lifecycle, faults, cleanups);
    for (const message of junkMessages(JUNK, faults.junk)) ws.send(message);
    const replies = replyChannel(ws, cleanups, (error) => {
      session.replyError = error.message;
      ctx.log(`reply failed: ${error.message}`);
    });

    ws.on('message', (data, isBinary) => {
      if (lifecycle.closedBy) return;
      if (!isBinary) return onText(data.toString('utf8'));
      if (data.length % 2) return lifecycle.breach(ws, 'odd byte count (PCM16 frames hold whole samples)');
      if (session.clientReadyAt === null) session.audioFramesBeforeClientReady++;
      if (pace.add(data.length)) return lifecycle.breach(ws, 'audio not at 48 kHz pace', pace.toJSON());
      const turnEnded = audio.add(data);
      // A live agent stops when talked over; the melody never does (tests count its chunks).
      if (replies.busy && session.replyMode !== 'tone' && audio.recorder.speechMs >= BARGE_IN_MS) {
        replies.stopAll();
        session.repliesInterrupted++;
      }
      if (turnEnded && session.agentReadySent && !replies.busy) {
        session.replyMode = replySetting.mode;
        replies.start(buildReply(session, replyCount++, faults.replyMs ?? melodyMs), faults);
        session.repliesSent++;
      }
    });
    ws.on('close', (code) => ctx.log(`call closed ${code}`));

    function onText(text) {
      const message = parseJsonObject(text);
      if (!message) return lifecycle.breach(ws, 'text frame must be a JSON object');
      if (message.type !== 'status_client_ready') return lifecycle.breach(ws, 'unknown client message type');
      if (session.clientReadyAt !== null) return void session.duplicateClientReady++;
      session.clientReadyAt = round(performance.now() - lifecycle.connectedAt);
      if (faults.noAgentReady) return; // fault: an agent that never gets ready
      ws.send(JSON.stringify({ type: 'status_agent_ready' }));
      ws.send(JSON.stringify({ type: 'agent_metadata', assistantId: session.assistantId }));
      session.agentReadySent = true;
    }
  }

  /** A reply at 16 kHz, cut so that some chunks have odd byte counts. */
  async function buildReply(session, replyIndex, replyMs) {
    const { pcm, said } = await agentReply(session.replyMode, {
      replyIndex: session.repliesSent,
      lastTurn: session.audio.recorder.lastTurn,
      clientRate: CLIENT_RATE,
      agentRate: AGENT_RATE,
      melodyMs: replyMs,
      toneHz: null,
      toneText: '',
    });
    session.lastReply = { mode: session.replyMode, said, audioMs: pcm.length / AGENT_BYTES_PER_MS };
    const steps = [];
    for (let offset = 0, i = 0; offset < pcm.length; i++) {
      // Every third boundary is nudged one byte: the chunks on either side become odd.
      const evenLength = CHUNK_MS_CYCLE[i % CHUNK_MS_CYCLE.length] * AGENT_BYTES_PER_MS;
      const end = Math.min(pcm.length, offset + evenLength + (i % 3 === 0 ? 1 : offset % 2 ? -1 : 0));
      const chunk = pcm.subarray(offset, end);
      steps.push({ data: chunk, audioMs: chunk.length / AGENT_BYTES_PER_MS });
      if (chunk.length % 2) session.oddChunksSent++;
      offset = end;
    }
    session.audioChunksSent += steps.length;
    if (replyIndex % 2 === 1) steps.push({ data: JSON.stringify({ type: 'agent_metadata', replyIndex }) });
    return steps;
  }

  return { url: server.url, port: server.port, close: server.close };
}

/**
 * Client pace over a sliding window. A pause (no frame for a second) restarts measuring, so
 * a muted client is not "slow"; a breach must persist for a whole window to count.
 */
class PaceMonitor {
  #frames = [];
  #streamStart = null;
  #breachSince = null;

  constructor(windowMs, tolerance = 0.1) {
    this.windowMs = windowMs;
    this.tolerance = tolerance;
    this.windowBytesPerSecond = null;
    this.windowsMeasured = 0;
    this.windowsOutOfTolerance = 0;
  }

  /** @returns {boolean} true once the pace has been off for a whole window */
  add(bytes, now = performance.now()) {
    const last = this.#frames.at(-1);
    if (!last || now - last.at > 1000) (this.#frames = []), (this.#streamStart = now), (this.#breachSince = null);
    this.#frames.push({ at: now, bytes });
    while (this.#frames[0].at <= now - this.windowMs) this.#frames.shift();
    if (now - this.#streamStart < this.windowMs) return false;

    const bytesInWindow = this.#frames.reduce((sum, frame) => sum + frame.bytes, 0);
    this.windowBytesPerSecond = round(bytesInWindow / (this.windowMs / 1000));
    this.windowsMeasured++;
    if (Math.abs(this.windowBytesPerSecond / CLIENT_BYTES_PER_SECOND - 1) <= this.tolerance) {
      this.#breachSince = null;
      return false;
    }
    this.windowsOutOfTolerance++;
    this.#breachSince ??= now;
    return now - this.#breachSince >= this.windowMs;
  }

  toJSON() {
    const ratio = this.windowBytesPerSecond === null ? null : this.windowBytesPerSecond / CLIENT_BYTES_PER_SECOND;
    return {
      expectedBytesPerSecond: CLIENT_BYTES_PER_SECOND,
      windowMs: this.windowMs,
      windowBytesPerSecond: this.windowBytesPerSecond,
      ratio: ratio === null ? null : round(ratio, 3),
      ok: ratio === null ? null : Math.abs(ratio - 1) <= this.tolerance,
      windowsMeasured: this.windowsMeasured,
      windowsOutOfTolerance: this.windowsOutOfTolerance,
    };
  }
}

/** What the server keeps per token; `toJSON()` is the inspection record. */
class AnunziSession {
  constructor(token, assistantId, paceWindowMs) {
    this.token = token;
    this.assistantId = assistantId;
    this.lifecycle = new SessionLifecycle();
    this.audio = new InboundAudioStats(CLIENT_RATE);
    this.pace = new PaceMonitor(paceWindowMs);
    this.clientReadyAt = null;
    this.duplicateClientReady = 0;
    this.agentReadySent = false;
    this.audioFramesBeforeClientReady = 0;
    this.repliesSent = 0;
    this.repliesInterrupted = 0;
    /** @type {'tone' | 'speech' | 'parrot'} how the reply in progress (or the last one) answers */
    this.replyMode = 'tone';
    /** @type {string | null} why the last reply could not be made (e.g. speech synthesis failed) */
    this.replyError = null;
    /** @type {{ mode: string, said: string, audioMs: number } | null} what the last reply said (Anunzi sends no transcripts) */
    this.lastReply = null;
    this.audioChunksSent = 0;
    this.oddChunksSent = 0;
  }

  toJSON() {
    return {
      token: this.token,
      assistantId: this.assistantId,
      ...this.lifecycle.toJSON(),
      ...this.audio.toJSON(),
      frameSampleCounts: this.audio.frameSizes,
      pace: this.pace.toJSON(),
      clientReadyAt: this.clientReadyAt,
      duplicateClientReady: this.duplicateClientReady,
      agentReadySent: this.agentReadySent,
      audioFramesBeforeClientReady: this.audioFramesBeforeClientReady,
      repliesSent: this.repliesSent,
      repliesInterrupted: this.repliesInterrupted,
      lastReply: this.lastReply,
      replyError: this.replyError,
      audioChunksSent: this.audioChunksSent,
      oddChunksSent: this.oddChunksSent,
    };
  }
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { port = 8788, host, reply = 'speech' } = cliOptions();
  const apiKey = process.env.ANUNZI_API_KEY || DEFAULT_DEV_API_KEY;
  const mock = await startAnunziMock({ port, host, apiKey, reply });
  console.log(`Anunzi mock: GET ${mock.url}/websocket/token/<assistant-id> with "Authorization: Bearer <key>"`);
  if (!process.env.ANUNZI_API_KEY) console.log(`(dev key "${DEFAULT_DEV_API_KEY}"; set ANUNZI_API_KEY to change it)`);
}
