// Anunzi widget WebSocket: the site owner's own endpoint answers {sessionURL} (the API key
// stays on their server); binary PCM16 48 kHz up, binary PCM16 16 kHz down (any length, odd
// bytes carried); status_client_ready / status_agent_ready. Wire rules: docs/protocols.md.
import { Pcm16ByteCarry } from '../../dsp/pcm16';
import type { Provider, ProviderConfig } from '../provider';
import { checkedSocketUrl, fetchSessionJson, parseJsonObject } from '../session';

/** A fresh Anunzi adapter for one call (its decoder carries an odd byte between frames). */
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
