// End to end: <voice-agent provider="lyzr"> with server-url pointing at the token broker's Lyzr
// route, unchanged: the page names the agent `test-agent`, the broker starts the session with
// the agent id pinned in its own configuration, and the call runs against the strict mock.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { spyOnMicrophone, waitFor } from '../helpers/stubs';
import { inspectAfterFrames, type InspectedLyzrSession } from '../servers/mock-client';

describe('e2e: <voice-agent provider="lyzr"> through the token broker (pinned agent id)', () => {
  it('goes live with the agent id the broker pinned, which the page never holds', async () => {
    const { lyzr, broker } = await (await fetch('/__mock-servers.json')).json();
    const mic = spyOnMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(
        html`<voice-agent provider="lyzr" agent-id="test-agent" server-url=${`${broker}/lyzr`}></voice-agent>`,
      );
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      const inspection = await inspectAfterFrames<InspectedLyzrSession>(lyzr, 10);
      await element.stop();
      expect(inspection.agentId).to.equal('lyzr-agent-pinned-by-the-broker');
      expect(inspection.violations).to.deep.equal([]);
      expect(document.documentElement.outerHTML).not.to.contain('lyzr-agent-pinned-by-the-broker');
      expect(mic.liveTracks()).to.have.length(0);
    } finally {
      mic.restore();
    }
  });

  it('shows the broker refusing an agent name it does not know', async () => {
    const { broker } = await (await fetch('/__mock-servers.json')).json();
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="someone-else" server-url=${`${broker}/lyzr`}></voice-agent>`,
    );
    const errors: string[] = [];
    element.addEventListener('voice-agent-error', (event) => errors.push((event as CustomEvent).detail.message));
    await element.start().catch(() => undefined);
    await waitFor(() => element.state === 'error', 'the refusal to show');
    expect(errors.join(' ')).to.contain('HTTP 403');
  });
});
