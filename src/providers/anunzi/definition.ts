// Anunzi widget WebSocket: what the element knows before a call (rates, attribute checks). The
// protocol code is in adapter.ts, a chunk loaded when a call starts. Wire rules: docs/protocols.md.
import { parsedUrl, secretInPageError, type ProviderConfig, type ProviderDefinition } from '../provider';

export const anunzi: ProviderDefinition = {
  label: 'Anunzi',
  loadAdapter: () => import('./adapter').then((adapter) => adapter.createAnunzi),
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

