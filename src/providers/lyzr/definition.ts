// Lyzr Voice Service: what the element knows before a call (rates, attribute checks). The
// protocol code is in adapter.ts, a chunk loaded when a call starts. Wire rules: docs/protocols.md.
import { parsedUrl, secretInPageError, type ProviderConfig, type ProviderDefinition } from '../provider';

export const LYZR_DEFAULT_SERVER = 'https://voice-sip.voice.lyzr.app';
export const LYZR_RATE = 24000;

export const lyzr: ProviderDefinition = {
  label: 'Lyzr',
  loadAdapter: () => import('./adapter').then((adapter) => adapter.createLyzr),
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

