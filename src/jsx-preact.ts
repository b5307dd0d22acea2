// `<voice-agent>` in Preact JSX. Types only. Opt in once per project:
//   import type {} from 'voice-agent/jsx-preact';
// Needs preact's types; nothing else in the package refers to this file.
import type { JSX } from 'preact';
import type { VoiceAgentElement } from './voice-agent';
import type { VoiceAgentAttributes, VoiceAgentEventProps } from './jsx';

/** Props of `<voice-agent>` in Preact: its attributes, `on<event>` listeners, and Preact's own (ref, key, class…). */
export type VoiceAgentPreactProps = JSX.HTMLAttributes<VoiceAgentElement> & VoiceAgentAttributes & VoiceAgentEventProps;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'voice-agent': VoiceAgentPreactProps;
    }
  }
}
