// Shared pieces of the two strict mock agent servers (mock-lyzr.mjs, mock-anunzi.mjs):
// HTTP plumbing with open CORS, the inspection/fault endpoints, PCM16 helpers, a melody
// generator, inbound-audio statistics with energy-based turn detection, and a real-time
// paced sender. Mocks only: no production hardening here.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';

/** Mic-ish RMS below this (about -40 dBFS) counts as silence. */
export const SILENCE_RMS = 0.01;

// ───────────────────────────── HTTP ─────────────────────────────

/** @param {import('node:http').ServerResponse} res */
export function allowAnyOrigin(res) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  res.setHeader('Access-Control-Max-Age', '600');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'Cache-Control': 'no-store' });
  res.end(json);
}

/** Reads a request body as text, refusing anything over `limit` bytes. */
export function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts = [];
    req.on('data', (part) => {
      size += part.length;
      if (size > limit) reject(Object.assign(new Error('body too large'), { status: 413 }));
      else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const randomToken = (bytes = 18) => randomBytes(bytes).toString('base64url');

/** Rejects a WebSocket upgrade before the handshake (a browser sees close code 1006). */
export function rejectUpgrade(socket, status, message) {
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Closes a socket as a fault or a rule breach. 1006 cannot be sent in a close frame, so it
 * means "drop the TCP connection".
 */
export function closeSocket(ws, code, reason) {
  if (code === 1006) ws.terminate();
  else ws.close(code, reason.slice(0, 120));
}

/**
 * An HTTP + WebSocket server with the parts both mocks share: open CORS, `OPTIONS`,
 * `GET /__inspect/latest|<id>`, `GET|POST /__faults`, `GET /__requests`, JSON 404s, and clean
 * shutdown.
 *
 * @param {object} options
 * @param {string} options.name label for the console line
 * @param {number} options.port
 * @param {string} options.host
 * @param {boolean} options.quiet
 * @param {Record<string, unknown>} options.faults initial fault switches
 * @param {(req, res, url: URL, ctx: MockContext) => Promise<false | void>} options.handle
 *   answers a request, or returns false when no route matches (404)
 * @param {(req, url: URL, ctx: MockContext) => UpgradeVerdict} options.upgrade accept or refuse a WebSocket
 *
 * @typedef {{ accept: true, onConnection: (ws: WebSocket) => void } | { accept?: false, status: number, message: string }} UpgradeVerdict
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>, ctx: MockContext }>}
 *
 * @typedef {object} MockContext
 * @property {Record<string, any>} faults current fault switches (replaced by POST /__faults)
 * @property {InspectionStore} inspection
 * @property {(req) => string} wsOrigin `ws://host:port` as the client reached us
 * @property {(...args: unknown[]) => void} log
 * @property {Set<() => void>} cleanups run at close(): timers, paced senders
 */
export async function startMockServer({ name, port, host, quiet, faults, handle, upgrade }) {
  /** @type {MockContext} */
  const ctx = {
    faults: { ...faults },
    inspection: new InspectionStore(),
    wsOrigin: (req) => `ws://${req.headers.host ?? `${urlHost(host)}:${boundPort}`}`,
    log: quiet ? () => {} : (...args) => console.log(`[${name}]`, ...args),
    cleanups: new Set(),
  };
  let boundPort = 0;
  // Every request but the tests' own /__ calls, so a test can prove something never arrived.
  const requests = { count: 0, latest: [] };

  const server = createServer(async (req, res) => {
    allowAnyOrigin(res);
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    try {
      if (url.pathname === '/__requests') return sendJson(res, 200, requests);
      const internal = url.pathname.startsWith('/__');
      if (!internal) logRequest(requests, req, res, url);
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      // `redirect` fault: every request (but preflights and /__ calls) is sent elsewhere.
      if (ctx.faults.redirect && !internal) {
        return void res.writeHead(ctx.faults.redirect.status ?? 307, { Location: ctx.faults.redirect.location }).end();
      }
      if (url.pathname.startsWith('/__inspect/')) {
        const record = ctx.inspection.get(decodeURIComponent(url.pathname.slice('/__inspect/'.length)));
        return record ? sendJson(res, 200, record) : sendJson(res, 404, { error: 'no such session' });
      }
      if (url.pathname === '/__faults') {
        if (req.method === 'POST') ctx.faults = parseJsonObject(await readBody(req)) ?? {};
        return sendJson(res, 200, ctx.faults);
      }
      if ((await handle(req, res, url, ctx)) === false) sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      if (!res.headersSent) sendJson(res, error.status ?? 500, { error: error.message });
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const answer = () => {
      if (socket.destroyed) return;
      const verdict = upgrade(req, new URL(req.url ?? '/', 'http://mock.invalid'), ctx);
      if (!verdict.accept) return rejectUpgrade(socket, verdict.status, verdict.message);
      wss.handleUpgrade(req, socket, head, (ws) => verdict.onConnection(ws));
    };
    const delay = ctx.faults.upgradeDelayMs;
    if (!(delay > 0)) return answer();
    // `upgradeDelayMs` fault: an agent that never answers the handshake (the client must time out).
    const drop = () => socket.destroy();
    const timer = setTimeout(() => (ctx.cleanups.delete(drop), answer()), delay);
    ctx.cleanups.add(drop);
    socket.once('close', () => (clearTimeout(timer), ctx.cleanups.delete(drop)));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  boundPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://${urlHost(host)}:${boundPort}`;
  ctx.log(`listening on ${url}`);

  return {
    url,
    port: boundPort,
    ctx,
    close: async () => {
      for (const cleanup of ctx.cleanups) cleanup();
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(() => resolve(undefined)));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * Adds a request to the log. `answerBytes` (headers included) is set when the exchange ends: the
 * whole answer, or what went out before the client hung up (a widget that stopped reading).
 */
function logRequest(requests, req, res, url) {
  const entry = { method: req.method, path: url.pathname, origin: req.headers.origin ?? null, bodyBytes: Number(req.headers['content-length'] ?? 0), answerBytes: null };
  requests.count++;
  requests.latest = [...requests.latest, entry].slice(-50);
  // A kept-alive socket counts every answer it carried: only this one's share is recorded.
  const { socket } = req;
  const before = socket.bytesWritten;
  res.once('close', () => (entry.answerBytes = socket.bytesWritten - before));
}

/** Host part for a URL: wildcard binds are reached through loopback, IPv6 needs brackets. */
function urlHost(host) {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** @returns {Record<string, any> | undefined} the parsed JSON if it is a plain object */
export function parseJsonObject(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Minimal `--port 8787 --host 0.0.0.0` parser for the CLIs. */
export function cliOptions(argv = process.argv.slice(2)) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].replace(/^--/, '').split('=');
    const value = inline ?? argv[++i];
    options[flag] = flag === 'port' ? Number(value) : value;
  }
  return options;
}

// ──────────────────────────── inspection ────────────────────────────

/** Session records the tests read back over HTTP. Keeps the most recent few hundred. */
export class InspectionStore {
  #records = new Map();
  #latest;

  /** @param {string} id @param {{ toJSON(): object }} record */
  add(id, record) {
    this.#records.set(id, record);
    this.#latest = id;
    if (this.#records.size > 200) this.#records.delete(this.#records.keys().next().value);
  }

  get(id) {
    const record = this.#records.get(id === 'latest' ? this.#latest : id);
    return record?.toJSON();
  }
}

// ──────────────────────────── PCM16 ────────────────────────────

/** Float samples in [-1, 1] → little-endian PCM16 bytes. */
export function floatToPcm16(samples) {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    bytes.writeInt16LE(Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), i * 2);
  }
  return bytes;
}

/** Little-endian PCM16 bytes (even length, any alignment) → float samples. */
export function pcm16ToFloat(bytes) {
  const samples = new Float32Array(bytes.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 0x8000;
  return samples;
}

/** Canonical padded base64 only: Buffer.from(…, 'base64') silently skips garbage. */
export function isStrictBase64(text) {
  return typeof text === 'string' && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** A sine tone (with 5 ms fades so note edges do not click). */
export function tone(frequency, ms, sampleRate, amplitude = 0.3) {
  const length = Math.round((sampleRate * ms) / 1000);
  const fade = Math.min(Math.round(sampleRate * 0.005), length >> 1);
  const samples = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const edge = Math.min(1, i / fade, (length - 1 - i) / fade);
    samples[i] = amplitude * edge * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  }
  return samples;
}

/** The agent's "voice": C5–E5–G5 (523/659/784 Hz), `totalMs` long, as PCM16 bytes. */
export function melodyPcm16(sampleRate, totalMs = 1500, notes = [523, 659, 784]) {
  const noteMs = totalMs / notes.length;
  return Buffer.concat(notes.map((hz) => floatToPcm16(tone(hz, noteMs, sampleRate))));
}

/** Cycles through realistic chunk lengths (40–120 ms) so receivers see varied sizes. */
export const CHUNK_MS_CYCLE = [40, 80, 120, 60, 100, 40, 120];

/** Root-mean-square level of float samples. */
export function rms(samples) {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/**
 * Frequency of a tone from its rising zero crossings, interpolated between samples.
 * Good for a clean sine over a window of a few cycles; NaN when there are not two crossings.
 */
export function estimateFrequency(samples, sampleRate) {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1];
    const after = samples[i];
    if (before < 0 && after >= 0) {
      const at = i - 1 + before / (before - after);
      if (first < 0) first = at;
      last = at;
      crossings++;
    }
  }
  return crossings < 2 ? NaN : ((crossings - 1) * sampleRate) / (last - first);
}

export function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ──────────────────────── inbound audio stats ────────────────────────

/**
 * Energy-based end of turn, in audio time (not wall time, so fast test senders work):
 * at least `minSpeechMs` of voiced audio, then `minSilenceMs` of silence.
 */
export class TurnDetector {
  #speechMs = 0;
  #silenceMs = 0;

  constructor({ minSpeechMs = 300, minSilenceMs = 600 } = {}) {
    this.minSpeechMs = minSpeechMs;
    this.minSilenceMs = minSilenceMs;
  }

  /** False once a long silence ended or forgot what came before (a turn or a blip). */
  get inTurn() {
    return this.#speechMs > 0;
  }

  /** @returns {boolean} true when this window completes a user turn */
  push(voiced, ms) {
    if (voiced) {
      this.#speechMs += ms;
      this.#silenceMs = 0;
      return false;
    }
    this.#silenceMs += ms;
    if (this.#silenceMs < this.minSilenceMs) return false;
    // A long silence ends the turn if there was enough speech, and forgets blips otherwise.
    const ended = this.#speechMs >= this.minSpeechMs;
    this.#speechMs = 0;
    this.#silenceMs = 0;
    return ended;
  }
}

/**
 * Keeps the audio of the user's turn in progress and of the last finished one, so a "parrot"
 * agent can play it back. Fed the same analysis windows as the turn detector; holds at most
 * `maxMs` per turn (the start of a longer turn), so memory stays bounded.
 */
export class TurnRecorder {
  #windows = [];
  #heldMs = 0;
  /** How many of the held windows reach up to the last voiced one (the rest is silence so far). */
  #voicedUpTo = 0;

  constructor({ windowMs, maxMs = 10_000, tailMs = 150 }) {
    this.windowMs = windowMs;
    this.maxMs = maxMs;
    this.tailWindows = Math.max(1, Math.round(tailMs / windowMs));
    /** Voiced time of the turn in progress, ms (0 between turns). */
    this.speechMs = 0;
    /** @type {{ samples: Float32Array, speechMs: number } | null} */
    this.lastTurn = null;
  }

  /** @param {Float32Array} window one analysis window (copied) @param {boolean} voiced */
  push(window, voiced) {
    if (!voiced && !this.#windows.length) return; // silence between turns
    if (this.#heldMs + this.windowMs <= this.maxMs) {
      this.#windows.push(window.slice());
      this.#heldMs += this.windowMs;
    }
    if (voiced) {
      this.speechMs += this.windowMs;
      this.#voicedUpTo = this.#windows.length;
    }
  }

  /** The detector ended a turn: keep it (less all but a short tail of silence) as `lastTurn`. */
  endTurn() {
    const windows = this.#windows.slice(0, this.#voicedUpTo + this.tailWindows);
    const samples = new Float32Array(windows.reduce((sum, window) => sum + window.length, 0));
    let offset = 0;
    for (const window of windows) {
      samples.set(window, offset);
      offset += window.length;
    }
    this.lastTurn = { samples, speechMs: this.speechMs };
    this.discard();
  }

  /** A blip, not a turn: forget it. */
  discard() {
    this.#windows = [];
    this.#heldMs = 0;
    this.#voicedUpTo = 0;
    this.speechMs = 0;
  }
}

/**
 * What a mock learns from the client's audio: frame counts and sizes, pace, silence, the
 * tone's frequency (median over 50 ms analysis windows, cut regardless of frame boundaries),
 * user turns, and the audio of the last turn (`recorder`).
 */
export class InboundAudioStats {
  #window;
  #windowFill = 0;
  #estimates = [];
  #turns;

  constructor(sampleRate, { windowMs = 50, turn } = {}) {
    this.sampleRate = sampleRate;
    this.windowMs = windowMs;
    this.#window = new Float32Array(Math.round((sampleRate * windowMs) / 1000));
    this.#turns = new TurnDetector(turn);
    this.recorder = new TurnRecorder({ windowMs });
    this.frames = 0;
    this.bytes = 0;
    this.voicedFrames = 0;
    this.silentFrames = 0;
    this.zeroFrames = 0;
    this.frameSizes = {};
    this.firstAt = null;
    this.lastAt = null;
    this.firstFrameBytes = 0;
    this.turnsDetected = 0;
  }

  /**
   * @param {Buffer} pcm little-endian PCM16, even length
   * @returns {number} user turns that ended inside this frame (normally 0 or 1)
   */
  add(pcm, now = performance.now()) {
    if (this.firstAt === null) (this.firstAt = now), (this.firstFrameBytes = pcm.length);
    this.lastAt = now;
    this.frames++;
    this.bytes += pcm.length;
    const samples = pcm16ToFloat(pcm);
    this.frameSizes[samples.length] = (this.frameSizes[samples.length] ?? 0) + 1;
    if (pcm.every((byte) => byte === 0)) this.zeroFrames++;
    if (rms(samples) >= SILENCE_RMS) this.voicedFrames++;
    else this.silentFrames++;

    let turnsEnded = 0;
    for (const sample of samples) {
      this.#window[this.#windowFill++] = sample;
      if (this.#windowFill < this.#window.length) continue;
      this.#windowFill = 0;
      const voiced = rms(this.#window) >= SILENCE_RMS;
      if (voiced && this.#estimates.length < 5000) {
        const hz = estimateFrequency(this.#window, this.sampleRate);
        if (Number.isFinite(hz)) this.#estimates.push(hz);
      }
      this.recorder.push(this.#window, voiced);
      const turnEnded = this.#turns.push(voiced, this.windowMs);
      if (turnEnded) {
        turnsEnded++;
        this.recorder.endTurn();
      } else if (!this.#turns.inTurn) this.recorder.discard();
    }
    this.turnsDetected += turnsEnded;
    return turnsEnded;
  }

  /** Per-second rate between the first and last frame (the first frame opens the span). */
  #rate(count) {
    const seconds = (this.lastAt - this.firstAt) / 1000;
    return this.frames > 1 && seconds > 0 ? round(count / seconds, 1) : null;
  }

  toJSON() {
    const toneHz = median(this.#estimates);
    return {
      frames: this.frames,
      bytes: this.bytes,
      audioMs: round((this.bytes / 2 / this.sampleRate) * 1000, 1),
      framesPerSecond: this.#rate(this.frames - 1),
      bytesPerSecond: this.#rate(this.bytes - this.firstFrameBytes),
      voicedFrames: this.voicedFrames,
      silentFrames: this.silentFrames,
      zeroFrames: this.zeroFrames,
      toneHz: toneHz === null ? null : round(toneHz, 1),
      turnsDetected: this.turnsDetected,
    };
  }
}

export const round = (value, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

// ──────────────────────────── sending ────────────────────────────

/**
 * Sends `steps` in real time: each step goes out when the audio before it would have
 * finished playing, like a live TTS stream. Faults bend the timing; order is always kept.
 *
 * @param {WebSocket} ws
 * @param {{ data: string | Buffer, audioMs?: number }[]} steps
 * @param {{ floodFactor?: number, jitterMs?: number, stallAtMs?: number, stallMs?: number }} [timing]
 * @returns {{ done: Promise<void>, cancel: () => void, sent: number }} `sent`: steps sent so far
 */
export function sendPaced(ws, steps, { floodFactor = 1, jitterMs = 0, stallAtMs, stallMs = 0 } = {}) {
  let cancelled = false;
  let sent = 0;
  let wake = () => {};
  let timer;
  const wait = (ms) =>
    new Promise((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });

  const done = (async () => {
    const startedAt = performance.now();
    let audioMsBefore = 0;
    let stallDelay = 0;
    for (const step of steps) {
      if (!stallDelay && stallMs && stallAtMs !== undefined && audioMsBefore >= stallAtMs) stallDelay = stallMs;
      const dueAt = startedAt + audioMsBefore / (floodFactor > 0 ? floodFactor : 1) + stallDelay + Math.random() * jitterMs;
      await wait(dueAt - performance.now());
      if (cancelled || ws.readyState !== WebSocket.OPEN) return;
      ws.send(step.data);
      sent++;
      audioMsBefore += step.audioMs ?? 0;
    }
  })();

  return {
    get sent() {
      return sent;
    },
    done,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      wake();
    },
  };
}

/**
 * The `junk` fault: `true` sends every kind in `table`, a name or an array of names sends those.
 * @param {Record<string, () => string | Buffer>} table
 */
export function junkMessages(table, junk) {
  if (!junk) return [];
  const kinds = junk === true ? Object.keys(table) : [junk].flat().filter((kind) => kind in table);
  return kinds.map((kind) => table[kind]());
}

/** Registers `stop` to run when the socket closes or the server shuts down, whichever is first. */
export function stopOnClose(ws, cleanups, stop) {
  cleanups.add(stop);
  ws.once('close', () => {
    stop();
    cleanups.delete(stop);
  });
}

/** Runs `fn` after `ms` unless the socket closes (or the server stops) first. */
export function afterUnlessClosed(ws, ms, fn, cleanups) {
  const timer = setTimeout(fn, ms);
  stopOnClose(ws, cleanups, () => clearTimeout(timer));
  return timer;
}

/**
 * Tracks a session's paced reply so closing the socket or the server stops it. A reply's steps
 * may still be in the making (a promise, e.g. speech being synthesised): the channel is busy
 * from the start, so a second turn cannot start a second reply meanwhile.
 * @returns {{ start(steps, timing): boolean, busy: boolean, stopAll(): object[] }}
 */
export function replyChannel(ws, cleanups, onError = () => {}) {
  let current;
  /** @returns the steps of the stopped reply that had gone out (none if it was still being made) */
  const stopAll = () => {
    const reply = current;
    current = undefined;
    reply?.cancel();
    return reply?.sender ? reply.steps.slice(0, reply.sender.sent) : [];
  };
  stopOnClose(ws, cleanups, stopAll);
  return {
    get busy() {
      return Boolean(current);
    },
    /** Starts a reply unless one is still playing (the mock agent does not talk over itself). */
    start(steps, timing) {
      if (current) return false;
      const reply = {
        cancelled: false,
        steps: [],
        sender: undefined,
        cancel() {
          this.cancelled = true;
          this.sender?.cancel();
        },
      };
      current = reply;
      (async () => {
        reply.steps = await steps;
        if (reply.cancelled) return;
        reply.sender = sendPaced(ws, reply.steps, timing);
        await reply.sender.done;
      })()
        .catch(onError)
        .finally(() => current === reply && (current = undefined));
      return true;
    },
    /** Stops the reply now (the visitor talked over the agent), so the next turn gets an answer. */
    stopAll,
  };
}

// ──────────────────────────── sessions ────────────────────────────

/**
 * Lifecycle half of a session's inspection record: connection, close and rule breaches.
 * `connected` stays true once a socket was accepted; `closed` tells whether it ended.
 */
export class SessionLifecycle {
  constructor() {
    this.connectedAt = null;
    this.closedAt = null;
    this.closeCode = null;
    this.closeReason = null;
    this.closedBy = null;
    this.violations = [];
    this.reuseAttempts = 0;
  }

  attach(ws) {
    this.connectedAt = performance.now();
    ws.on('close', (code, reason) => {
      this.closedAt = performance.now();
      if (this.closedBy) return;
      this.closedBy = 'client';
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
  }

  /** Closes from the server side once; records what was sent (the peer's echo may differ). */
  close(ws, code, reason) {
    if (this.closedBy) return;
    this.closedBy = 'server';
    this.closeCode = code;
    this.closeReason = reason;
    closeSocket(ws, code, reason);
  }

  /** A protocol rule was broken: record it and close with 1008 naming the rule. */
  breach(ws, rule, detail) {
    const atMs = this.connectedAt === null ? null : round(performance.now() - this.connectedAt);
    this.violations.push(detail === undefined ? { rule, atMs } : { rule, atMs, detail });
    this.close(ws, 1008, rule);
  }

  toJSON() {
    const end = this.closedAt ?? performance.now();
    return {
      connected: this.connectedAt !== null,
      closed: this.closedAt !== null,
      closeCode: this.closeCode,
      closeReason: this.closeReason,
      closedBy: this.closedBy,
      durationMs: this.connectedAt === null ? 0 : round(end - this.connectedAt),
      violations: this.violations,
      reuseAttempts: this.reuseAttempts,
    };
  }
}

/** Applies the `closeAfterMs`/`closeCode`/`closeReason` fault: the server hangs up mid-call. */
export function scheduleFaultClose(ws, lifecycle, faults, cleanups) {
  if (!(faults.closeAfterMs >= 0)) return;
  const code = faults.closeCode ?? 1011;
  const reason = typeof faults.closeReason === 'string' ? faults.closeReason : 'mock fault: closeAfterMs';
  afterUnlessClosed(ws, faults.closeAfterMs, () => lifecycle.close(ws, code, reason), cleanups);
}
