// `<voice-agent>` in Solid JSX. Types only. Opt in once per project:
//   import type {} from 'voice-agent/jsx-solid';
// Needs solid-js; nothing else in the package refers to this file.
import type { JSX } from 'solid-js';
import type { VoiceAgentEventMap } from './events';
import type { VoiceAgentElement } from './voice-agent';
import type { VoiceAgentAttributes } from './jsx';

/** Props of `<voice-agent>` in Solid: its attributes, `on:<event>` listeners, and Solid's own (ref, class…). */
export type VoiceAgentSolidProps = JSX.HTMLAttributes<VoiceAgentElement> &
  VoiceAgentAttributes & {
    [K in keyof VoiceAgentEventMap as `on:${K}`]?: (event: VoiceAgentEventMap[K]) => void;
  };

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'voice-agent': VoiceAgentSolidProps;
    }
  }
}
