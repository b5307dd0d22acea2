// Type test (tsc only, never run): <voice-agent> in React 19 JSX, through the opt-in entry.
import type {} from '../../src/jsx-react';
import { useRef } from 'react';
import type { VoiceAgentElement } from '../../src/voice-agent';

export function App() {
  const ref = useRef<VoiceAgentElement>(null);
  return (
    <div>
      <voice-agent provider="lyzr" agent-id="x" />
      <voice-agent
        ref={ref}
        key="a"
        id="agent"
        class="widget"
        className="widget"
        style={{ width: 320 }}
        provider="anunzi"
        session-endpoint="/api/voice-session"
        variant="floating"
        placement="bottom-left"
        open
        debug={false}
        lang="fr"
        frame-ms={40}
        barge-in="off"
        echo-gate="on"
        worklet-base="/static/voice-agent/"
        text-start="Talk to us"
        text-reconnecting-hint="Retrying ({0}/{1})"
        onvoice-agent-state={(e) => console.log(e.detail.state, ref.current?.active)}
        onvoice-agent-transcript={(e) => console.log(e.detail.role, e.detail.text)}
      >
        fallback text
      </voice-agent>
      {/* @ts-expect-error frame-ms is a number */}
      <voice-agent provider="lyzr" frame-ms="fast" />
      {/* @ts-expect-error variant is inline or floating */}
      <voice-agent provider="lyzr" variant="sideways" />
      {/* @ts-expect-error unknown provider */}
      <voice-agent provider="acme" />
      {/* @ts-expect-error open is a boolean */}
      <voice-agent provider="lyzr" open="yes" />
      {/* @ts-expect-error the state detail has no text */}
      <voice-agent provider="lyzr" onvoice-agent-state={(e) => console.log(e.detail.text)} />
    </div>
  );
}

const widget = document.querySelector('voice-agent')!;
widget.addEventListener('voice-agent-state', (e) => {
  const state: string = e.detail.state;
  console.log(state);
});
