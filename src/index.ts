// The package's entry: defines <voice-agent> where custom elements exist, and nothing else at
// import time, so server-side rendering (Node, no DOM) can import it. Loading it twice (two
// script tags, or a script tag plus an npm import) is harmless.
import { VoiceAgentElement } from './voice-agent';

export { VoiceAgentElement };
export type { CallState } from './call';
export type {
  VoiceAgentEventMap,
  VoiceAgentStateDetail,
  VoiceAgentTranscriptDetail,
  VoiceAgentErrorDetail,
  VoiceAgentInterruptedDetail,
  VoiceAgentMessageDetail,
  VoiceAgentIgnoredDetail,
  VoiceAgentConsentDetail,
} from './events';
export type { VoiceAgentAttributes, VoiceAgentEventProps, VoiceAgentSwitch } from './jsx';

if (typeof customElements !== 'undefined' && !customElements.get('voice-agent')) {
  customElements.define('voice-agent', VoiceAgentElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'voice-agent': VoiceAgentElement;
  }
}
