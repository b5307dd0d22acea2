/** @jsxImportSource solid-js */
// Type test (tsc only, never run): <voice-agent> in Solid JSX, through the opt-in entry.
import type {} from '../../src/jsx-solid';
import type { VoiceAgentElement } from '../../src/voice-agent';

export function App() {
  let widget: VoiceAgentElement | undefined;
  return (
    <div>
      <voice-agent provider="lyzr" agent-id="x" />
      <voice-agent
        ref={widget}
        id="agent"
        class="widget"
        style={{ width: '320px' }}
        provider="anunzi"
        session-endpoint="/api/voice-session"
        variant="floating"
        open
        frame-ms={40}
        echo-gate="off"
        text-start="Talk to us"
        on:voice-agent-state={(e) => console.log(e.detail.state, widget?.active)}
      />
      {/* @ts-expect-error frame-ms is a number */}
      <voice-agent provider="lyzr" frame-ms="fast" />
      {/* @ts-expect-error variant is inline or floating */}
      <voice-agent provider="lyzr" variant="sideways" />
      {/* @ts-expect-error the state detail has no text */}
      <voice-agent provider="lyzr" on:voice-agent-state={(e) => console.log(e.detail.text)} />
    </div>
  );
}
