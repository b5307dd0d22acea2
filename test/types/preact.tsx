/** @jsxImportSource preact */
// Type test (tsc only, never run): <voice-agent> in Preact JSX, through the opt-in entry.
import type {} from '../../src/jsx-preact';
import { useRef } from 'preact/hooks';
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
        style={{ width: '320px' }}
        provider="anunzi"
        session-endpoint="/api/voice-session"
        variant="floating"
        open
        frame-ms={40}
        barge-in="off"
        text-start="Talk to us"
        onvoice-agent-state={(e) => console.log(e.detail.state, ref.current?.active)}
      />
      {/* @ts-expect-error frame-ms is a number */}
      <voice-agent provider="lyzr" frame-ms="fast" />
      {/* @ts-expect-error variant is inline or floating */}
      <voice-agent provider="lyzr" variant="sideways" />
      {/* @ts-expect-error the state detail has no text */}
      <voice-agent provider="lyzr" onvoice-agent-state={(e) => console.log(e.detail.text)} />
    </div>
  );
}
