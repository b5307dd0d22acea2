// End to end: fake mic → <voice-agent provider="anunzi"> → the reference token broker (which
// alone holds the API key) → the strict Anunzi mock over a real WebSocket, and back.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { FAKE_MIC_HZ } from '../helpers/fake-mic';
import { spyOnMicrophone, waitFor } from '../helpers/stubs';

describe('e2e: <voice-agent provider="anunzi"> via the token broker and the strict mock', () => {
  it('goes live on status_agent_ready, streams 48 kHz, plays 16 kHz agent audio', async () => {
    const { anunzi, broker } = await (await fetch('/__mock-servers.json')).json();
    const mic = spyOnMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(
        html`<voice-agent provider="anunzi" session-endpoint=${`${broker}/api/voice-session?assistant=test-assistant`}></voice-agent>`,
      );
      const states: string[] = [];
      element.addEventListener('voice-agent-state', (event) => states.push((event as CustomEvent).detail.state));
      await element.start();
      await waitFor(() => element.state === 'listening', 'status_agent_ready to make the call live');
      expect(states.slice(0, 3)).to.deep.equal(['requesting-mic', 'connecting', 'listening']);

      await waitFor(() => states.includes('speaking'), 'the agent to answer', 15000);
      await waitFor(() => (element.stats?.playback?.playedMs ?? 0) > 500, 'agent audio to play', 10000);
      // The mock measures pace over a few seconds of the call.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const inspection = await (await fetch(`${anunzi}/__inspect/latest`)).json();
      expect(inspection.violations).to.deep.equal([]);
      // The tone proves the exact rate (44.1 kHz audio labelled 48 kHz reads 404 Hz); the pace
      // proves real time rather than twice or half of it. It is read on the mock's wall clock,
      // and WebKitGTK hands the mic over in bursts on a loaded machine (1.2 seen over 4 s).
      expect(inspection.toneHz).to.be.closeTo(FAKE_MIC_HZ, 5);
      expect(inspection.bytesPerSecond / 96000, '48 kHz PCM16 pace').to.be.within(0.75, 1.33);
      expect(inspection.agentReadySent).to.equal(true);

      await element.stop();
      expect(mic.liveTracks()).to.have.length(0);
    } finally {
      mic.restore();
    }
  });
});
