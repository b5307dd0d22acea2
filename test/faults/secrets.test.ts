// Secrets. A key in a page is public, so the widget takes none: a key-like
// attribute, or a configured URL carrying credentials or a key, is a visible configuration
// error and the call never starts (nothing is requested, so the key goes nowhere). The token
// broker, which does hold the Anunzi key, must never send it back, whatever the vendor does.
import { expect, fixture } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { buttonOf, hintOf, recordEvents, statusOf } from '../helpers/widget';
import { brokerSessionEndpoint, MOCK_ANUNZI_API_KEY, setFaults, type MockFaults } from '../servers/mock-client';

const PAGE_KEY = 'sk-live-5f2c9a7e-pasted-into-the-page';

/** A widget from markup, as a site owner pastes it (so any attribute name is possible). */
async function widget(markup: string): Promise<VoiceAgentElement> {
  const container = await fixture<HTMLDivElement>(`<div>${markup}</div>`);
  return container.querySelector('voice-agent') as VoiceAgentElement;
}

describe('faults: a secret in the page', () => {
  const harness = useFaultHarness();

  const refused: Array<[string, () => string, RegExp]> = [
    ['an api-key attribute on an Anunzi widget', () => `<voice-agent provider="anunzi" session-endpoint="${brokerSessionEndpoint(harness.servers)}" api-key="${PAGE_KEY}"></voice-agent>`, /^Remove the api-key attribute: a key in a web page is public\. Keep the Anunzi API key on your server/],
    ['an apikey attribute on an Anunzi widget without session-endpoint', () => `<voice-agent provider="anunzi" apikey="${PAGE_KEY}"></voice-agent>`, /^Remove the apikey attribute/],
    ['a token attribute on an Anunzi widget', () => `<voice-agent provider="anunzi" session-endpoint="/api/voice-session" token="${PAGE_KEY}"></voice-agent>`, /^Remove the token attribute/],
    ['an api-key attribute on a Lyzr widget', () => `<voice-agent provider="lyzr" agent-id="a" api-key="${PAGE_KEY}"></voice-agent>`, /^Remove the api-key attribute: .* Lyzr voice sessions need only agent-id\.$/],
    ['a session-endpoint carrying the key', () => `<voice-agent provider="anunzi" session-endpoint="/api/voice-session?api_key=${PAGE_KEY}"></voice-agent>`, /^session-endpoint must not carry a key \(parameter "api_key"\)/],
    ['a session-endpoint with credentials', () => `<voice-agent provider="anunzi" session-endpoint="https://owner:${PAGE_KEY}@api.example/voice"></voice-agent>`, /^session-endpoint must not contain a user name or password/],
    ["Anunzi's own token endpoint as session-endpoint", () => `<voice-agent provider="anunzi" session-endpoint="https://widgets.anunzi.net/websocket/token/asst_1"></voice-agent>`, /^session-endpoint must be your own server route, not Anunzi's token endpoint/],
    ['a server-url carrying a key', () => `<voice-agent provider="lyzr" agent-id="a" server-url="https://voice.example/?key=${PAGE_KEY}"></voice-agent>`, /^server-url must not carry a key \(parameter "key"\)/],
  ];
  for (const [name, markup, reason] of refused) {
    it(`refuses ${name}: visible configuration error, no call, the key is neither shown nor sent`, async () => {
      const element = await widget(markup());
      expect(statusOf(element)).to.equal('Widget not configured');
      expect(hintOf(element)).to.match(reason);
      expect(buttonOf(element).disabled).to.equal(true);
      const errors = recordEvents<{ message: string }>(element, 'voice-agent-error');
      await element.start();
      expect(errors.map((error) => error.message)).to.deep.equal([hintOf(element)]);
      expect(element.state).to.equal('idle');
      expect(harness.watch.fetches, 'nothing requested').to.have.length(0);
      expect(harness.watch.streams, 'no mic').to.have.length(0);
      expect(harness.watch.sockets, 'no socket').to.have.length(0);
      expect(element.shadowRoot!.textContent, 'the key is not repeated on screen').to.not.contain(PAGE_KEY);
      await harness.expectClean();
    });
  }

  it('an unparseable server-url is a configuration error, not an exception while rendering', async () => {
    const element = await widget('<voice-agent provider="lyzr" agent-id="a" server-url="http://[not a host"></voice-agent>');
    expect(statusOf(element)).to.equal('Widget not configured');
    expect(hintOf(element)).to.equal('server-url must be an http(s) URL.');
    expect(harness.pageErrors).to.deep.equal([]);
  });
});

describe('faults: the token broker and the Anunzi key', () => {
  const harness = useFaultHarness();

  /** The whole answer as the page sees it: status, every readable header, body. */
  async function askBroker(): Promise<string> {
    const response = await fetch(brokerSessionEndpoint(harness.servers));
    return `${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`;
  }

  const vendorFaults: Array<[string, MockFaults]> = [
    ['a normal answer', {}],
    ['a vendor 401 whose body quotes the key', { tokenStatus: 401, tokenBody: `invalid key Bearer ${MOCK_ANUNZI_API_KEY}` }],
    ['a vendor answer with the key beside the sessionURL', { tokenBody: JSON.stringify({ sessionURL: 'wss://vendor.example/ws?token=t', debug: MOCK_ANUNZI_API_KEY }) }],
    ['a vendor sessionURL that embeds the key', { sessionUrlOverride: `wss://vendor.example/websocket/start?token=${MOCK_ANUNZI_API_KEY}` }],
  ];
  for (const [name, faults] of vendorFaults) {
    it(`never echoes the key: ${name}`, async () => {
      await setFaults(harness.servers.anunzi, faults);
      const answer = await askBroker();
      expect(answer, 'the broker answered').to.match(/^(200|502) /);
      expect(answer).to.not.contain(MOCK_ANUNZI_API_KEY);
    });
  }

  it('a whole Anunzi call through the broker: the key appears in no request, URL or message the page sees', async () => {
    const element = await widget(`<voice-agent provider="anunzi" session-endpoint="${brokerSessionEndpoint(harness.servers)}"></voice-agent>`);
    const seen: string[] = [];
    for (const type of ['voice-agent-state', 'voice-agent-message', 'voice-agent-error']) {
      element.addEventListener(type, (event: Event) => seen.push(JSON.stringify((event as CustomEvent).detail)));
    }
    await element.start();
    expect(element.state).to.equal('listening');
    await element.stop();
    seen.push(...harness.watch.fetches, ...harness.watch.sockets.map((socket) => socket.url), element.shadowRoot!.innerHTML);
    for (const text of seen) expect(text).to.not.contain(MOCK_ANUNZI_API_KEY);
    await harness.expectClean();
  });
});
