// Lyzr Voice Service: POST session/start → opaque wsUrl; JSON text frames both ways with
// base64 PCM16 at 24 kHz; transcripts in varying shapes. See shared PROTOCOLS.md.
import { decodeBase64, encodeBase64 } from '../dsp/pcm16';
import { parseTranscript } from '../transcript';
import { parsedUrl, secretInPageError, type Provider, type ProviderConfig, type ProviderDefinition, type ProviderEvent } from './provider';
import { checkedSocketUrl, fetchSessionJson, parseJsonObject } from './session';

export const LYZR_DEFAULT_SERVER = 'https://voice-sip.voice.lyzr.app';
const LYZR_RATE = 24000;

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

export const lyzr: ProviderDefinition = {
  captureRate: LYZR_RATE,
  playbackRate: LYZR_RATE,

  configError(config: ProviderConfig) {
    const secret = secretInPageError(config, [['server-url', config.serverUrl]], 'Lyzr voice sessions need only agent-id.');
    if (secret) return secret;
    if (!config.agentId) return 'Set the agent-id attribute to your Lyzr agent id.';
    if (config.serverUrl && !/^https?:$/i.test(parsedUrl(config.serverUrl)?.protocol ?? '')) {
      return 'server-url must be an http(s) URL.';
    }
    return null;
  },
};

/** The adapter (shipped in voice-agent-lyzr.js). */
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
