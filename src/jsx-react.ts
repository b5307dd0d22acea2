// `<voice-agent>` in React 19 JSX (React.JSX.IntrinsicElements). Types only. Opt in once per
// project, e.g. in a .d.ts or the entry file:
//   import type {} from 'voice-agent/jsx-react';
// Needs @types/react 19; nothing else in the package refers to this file.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { VoiceAgentElement } from './voice-agent';
import type { VoiceAgentAttributes, VoiceAgentEventProps } from './jsx';

/** Props of `<voice-agent>` in React: its attributes, listeners, and React's own (ref, key, style…). */
export type VoiceAgentReactProps = DetailedHTMLProps<HTMLAttributes<VoiceAgentElement>, VoiceAgentElement> &
  VoiceAgentAttributes &
  VoiceAgentEventProps & {
    /** React 19 passes `class` through to custom elements (as `className` does). */
    class?: string;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'voice-agent': VoiceAgentReactProps;
    }
  }
}
