// Entry of the script-tag bundle: defines <voice-agent>. Loading it twice (two script tags,
// or a script tag plus an npm import) is harmless.
import { VoiceAgentElement } from './voice-agent';

export { VoiceAgentElement };
export type { CallState } from './call';

if (!customElements.get('voice-agent')) customElements.define('voice-agent', VoiceAgentElement);

declare global {
  interface HTMLElementTagNameMap {
    'voice-agent': VoiceAgentElement;
  }
}
