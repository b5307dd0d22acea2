// Lyzr Voice Service: POST session/start → opaque wsUrl; JSON text frames both ways with
// base64 PCM16 at 24 kHz; transcripts in varying shapes. Wire rules: docs/protocols.md.
import { decodeBase64, encodeBase64 } from '../../dsp/pcm16';
import { parseTranscript } from '../../transcript';
import type { Provider, ProviderConfig, ProviderEvent } from '../provider';
import { checkedSocketUrl, fetchSessionJson, parseJsonObject } from '../session';
import { LYZR_DEFAULT_SERVER, LYZR_RATE } from './definition';

/** Types that mean "stop playing what you have" (barge-in signalled by the service). */
const INTERRUPT_TYPES = new Set(['interrupt', 'interrupted', 'interruption', 'clear']);

function sessionStartUrl(serverUrl: string | null | undefined): string {
  const base = serverUrl || LYZR_DEFAULT_SERVER;
  return `${base.replace(/\/+$/, '')}/session/start`;
}

function decodeAudio(message: Record<string, unknown>): ProviderEvent {
  if (typeof message.audio !== 'string') return { kind: 'ignored', reason: 'audio message without audio' };
  const bytes = decodeBase64(message.audio);
  if (!bytes) return { kind: 'ignored', reason: 'audio is not valid base64' };
  if (bytes.length === 0) return { kind: 'ignored', reason: 'empty audio' };
  if (bytes.length % 2 !== 0) return { kind: 'ignored', reason: 'audio has an odd byte count' };
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  return { kind: 'audio', pcm: new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2) };
}

/** A fresh Lyzr adapter for one call. */
export function createLyzr(config: ProviderConfig): Provider {
  // Read once: attribute changes during a call (even across reconnects) apply to the next call.
  const { agentId, serverUrl } = config;
  return {
    binaryType: 'arraybuffer',
    liveOnOpen: true,

    async openSession(signal) {
      const session = await fetchSessionJson(
        sessionStartUrl(serverUrl),
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ agentId }) },
        signal,
      );
      return checkedSocketUrl(session.wsUrl);
    },

    greeting: () => [],

    encodeFrame(pcm) {
      const audio = encodeBase64(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      return JSON.stringify({ type: 'audio', audio, sampleRate: LYZR_RATE });
    },

    decode(data) {
      if (typeof data !== 'string') return [{ kind: 'ignored', reason: 'binary frame (Lyzr sends text only)' }];
      const message = parseJsonObject(data);
      if (typeof message === 'string') return [{ kind: 'ignored', reason: message }];
      if (message.type === 'audio') return [decodeAudio(message)];
      if (typeof message.type === 'string' && INTERRUPT_TYPES.has(message.type)) return [{ kind: 'interrupted' }];
      const update = parseTranscript(message);
      return [update ? { kind: 'transcript', update } : { kind: 'unknown', message }];
    },
  };
}
