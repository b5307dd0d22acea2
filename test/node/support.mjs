// Small helpers shared by the Node tests of the mock servers and the token broker.
import WebSocket from 'ws';
import { floatToPcm16, tone } from '../../demo/mock-common.mjs';

/**
 * Opens a WebSocket and records everything that happens on it.
 * @returns {Promise<{ ws: WebSocket, messages: { data: Buffer, isBinary: boolean }[], closed: Promise<{ code: number, reason: string }> }>}
 */
export async function connect(url) {
  const ws = new WebSocket(url);
  const messages = [];
  ws.on('message', (data, isBinary) => messages.push({ data: /** @type {Buffer} */ (data), isBinary }));
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

/** Tries to connect and returns the HTTP status of a refused handshake (or 101 if accepted). */
export function handshakeStatus(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('error', () => {});
  });
}

export async function getJson(url, init) {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export const postJson = (url, body) =>
  getJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** PCM16 bytes of `toneMs` of a sine followed by `silenceMs` of zeros — one user "turn". */
export function turnPcm(sampleRate, { hz = 440, toneMs = 1000, silenceMs = 800, amplitude = 0.5 } = {}) {
  return Buffer.concat([
    floatToPcm16(tone(hz, toneMs, sampleRate, amplitude)),
    Buffer.alloc(Math.round((sampleRate * silenceMs) / 1000) * 2),
  ]);
}

/** Splits bytes into frames of `frameBytes` (the last one may be shorter). */
export function framesOf(pcm, frameBytes) {
  const frames = [];
  for (let offset = 0; offset < pcm.length; offset += frameBytes) frames.push(pcm.subarray(offset, offset + frameBytes));
  return frames;
}

/** Sends frames at a steady real-time pace (absolute schedule, so timer drift does not add up). */
export async function sendInRealTime(ws, frames, frameMs, encode = (frame) => frame) {
  const startedAt = performance.now();
  for (let i = 0; i < frames.length; i++) {
    const wait = startedAt + i * frameMs - performance.now();
    if (wait > 0) await sleep(wait);
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(encode(frames[i]));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 3000, what = 'condition' } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Reads any transcript shape the Lyzr mock sends, the way docs/protocols.md says a client must:
 * text under text/content/transcript/delta (maybe nested in `message`), speaker under
 * role/speaker/source, partial vs final under final/isFinal/is_final/partial.
 * @returns {{ role: 'user' | 'agent', text: string, final: boolean, delta: boolean } | undefined}
 */
export function readTranscript(message) {
  const body = message.message ?? message;
  const text = body.text ?? body.content ?? body.transcript ?? body.delta;
  const role = body.role ?? body.speaker ?? body.source;
  if (typeof text !== 'string' || typeof role !== 'string') return undefined;
  const partial = message.partial === true || [message.final, message.isFinal, message.is_final].includes(false);
  return { role: role === 'user' ? 'user' : 'agent', text, final: !partial, delta: 'delta' in body };
}
