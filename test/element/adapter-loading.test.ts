// The provider adapters are import() chunks: none loads with the page, the configured one
// loads when the visitor reaches for the widget. Its own file, so the page starts fresh.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { waitFor } from '../helpers/stubs';

/** Whether the page has fetched this provider's adapter module. */
const fetched = (provider: string) =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes(`/src/providers/${provider}/adapter`));

describe('<voice-agent> provider adapter loading', () => {
  it('the page loads no adapter; pointing at the widget fetches the configured one only', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fetched('lyzr'), 'nothing with the page').to.equal(false);
    element.shadowRoot!.querySelector('div')!.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => fetched('lyzr'), 'the Lyzr adapter to load');
    expect(fetched('anunzi')).to.equal(false);
  });

  it('keyboard focus prefetches too; an unconfigured widget fetches nothing', async () => {
    const unconfigured = await fixture<VoiceAgentElement>(html`<voice-agent provider="anunzi"></voice-agent>`);
    unconfigured.shadowRoot!.querySelector('button')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fetched('anunzi'), 'not for a widget that cannot call').to.equal(false);
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="anunzi" session-endpoint="/voice"></voice-agent>`);
    element.shadowRoot!.querySelector('button')!.focus();
    await waitFor(() => fetched('anunzi'), 'the Anunzi adapter to load');
  });
});
