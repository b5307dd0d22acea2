// Anunzi widget WebSocket: the site owner's own endpoint answers {sessionURL} (the API key
// stays on their server); binary PCM16 48 kHz up, binary PCM16 16 kHz down (any length,
// odd bytes carried); status_client_ready / status_agent_ready. See shared PROTOCOLS.md.
import { Pcm16ByteCarry } from '../dsp/pcm16';
import { parsedUrl, secretInPageError, type Provider, type ProviderConfig, type ProviderDefinition } from './provider';
import { checkedSocketUrl, fetchSessionJson, parseJsonObject } from './session';

export const anunzi: ProviderDefinition = {
  captureRate: 48000,
  playbackRate: 16000,

  configError(config: ProviderConfig) {
    const remedy = 'Keep the Anunzi API key on your server and set session-endpoint to your route that returns {"sessionURL"}.';
    const secret = secretInPageError(config, [['session-endpoint', config.sessionEndpoint]], remedy);
    if (secret) return secret;
    if (!config.sessionEndpoint) {
      return 'Set session-endpoint to your server route that returns {"sessionURL"} (the Anunzi API key must stay on your server).';
    }
    const endpoint = parsedUrl(config.sessionEndpoint);
    if (!endpoint || !/^https?:$/.test(endpoint.protocol)) return 'session-endpoint must be an http(s) URL.';
    // Anunzi's own token route needs the API key: calling it from the page would mean exposing it.
    if (/\/websocket\/token\//.test(endpoint.pathname) && /(^|\.)anunzi\.net$/i.test(endpoint.hostname)) {
      return `session-endpoint must be your own server route, not Anunzi's token endpoint. ${remedy}`;
    }
    return null;
  },
};

/** The adapter (shipped in voice-agent-anunzi.js). */
export function createAnunzi(config: ProviderConfig): Provider {
  const carry = new Pcm16ByteCarry();
  // Read once: attribute changes during a call (even across reconnects) apply to the next call.
  const { sessionEndpoint } = config;
  return {
    binaryType: 'arraybuffer',
    liveOnOpen: false,

    async openSession(signal) {
      carry.reset();
      const endpoint = new URL(sessionEndpoint!, location.href).href;
      const session = await fetchSessionJson(endpoint, { method: 'GET', credentials: 'same-origin' }, signal);
      return checkedSocketUrl(session.sessionURL);
    },

    greeting: () => [JSON.stringify({ type: 'status_client_ready' })],

    encodeFrame: (pcm) => pcm.slice().buffer,

    decode(data) {
      if (data instanceof ArrayBuffer) {
        if (data.byteLength === 0) return [{ kind: 'ignored', reason: 'empty audio frame' }];
        const pcm = carry.push(new Uint8Array(data));
        return pcm.length ? [{ kind: 'audio', pcm }] : [];
      }
      if (typeof data !== 'string') return [{ kind: 'ignored', reason: 'unexpected frame type' }];
      const message = parseJsonObject(data);
      if (typeof message === 'string') return [{ kind: 'ignored', reason: message }];
      if (message.type === 'status_agent_ready') return [{ kind: 'agent-ready' }];
      return [{ kind: 'unknown', message }];
    },
  };
}
