// The element and the call, with the real fake-mic audio path and a mock-socket agent.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useMockSocket } from '../helpers/mock-socket-env';
import { base64Pcm16, lyzrAgent } from '../helpers/lyzr-agent';
import { failMicrophone, jsonResponse, spyOnMicrophone, stubFetch, waitFor } from '../helpers/stubs';

function statusOf(element: VoiceAgentElement): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
}

function button(element: VoiceAgentElement, part = 'button'): HTMLButtonElement {
  return element.shadowRoot!.querySelector(`[part="${part}"]`) as HTMLButtonElement;
}

function eventsOf(element: HTMLElement, type: string): CustomEvent[] {
  const events: CustomEvent[] = [];
  element.addEventListener(type, (event) => events.push(event as CustomEvent));
  return events;
}

describe('<voice-agent> configuration', () => {
  const cases: Array<[string, ReturnType<typeof html>, RegExp]> = [
    ['no provider', html`<voice-agent></voice-agent>`, /provider/],
    ['an unknown provider', html`<voice-agent provider="acme"></voice-agent>`, /provider/],
    ['lyzr without agent-id', html`<voice-agent provider="lyzr"></voice-agent>`, /agent-id/],
    ['anunzi without session-endpoint', html`<voice-agent provider="anunzi"></voice-agent>`, /session-endpoint/],
    ['frame-ms out of range', html`<voice-agent provider="lyzr" agent-id="a" frame-ms="5"></voice-agent>`, /frame-ms/],
  ];
  for (const [name, template, message] of cases) {
    it(`shows a configuration error for ${name}`, async () => {
      const element = await fixture<VoiceAgentElement>(template);
      expect(statusOf(element)).to.equal('Widget not configured');
      expect(element.shadowRoot!.querySelector('.hint')!.textContent).to.match(message);
      expect(button(element).disabled).to.equal(true);
      const errors = eventsOf(element, 'voice-agent-error');
      await element.start();
      expect(errors).to.have.length(1);
      expect(element.state).to.equal('idle');
    });
  }

  it('is ready when configured', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    expect(statusOf(element)).to.equal('Ready to talk');
    expect(button(element).disabled).to.equal(false);
  });
});

describe('<voice-agent provider="lyzr"> call', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  let mic: ReturnType<typeof spyOnMicrophone>;
  beforeEach(() => {
    agent = lyzrAgent();
    mic = spyOnMicrophone();
  });
  afterEach(() => {
    mic.restore();
    agent.restore();
  });

  async function liveCall(extra = html``) {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="agent-7">${extra}</voice-agent>`);
    const states = eventsOf(element, 'voice-agent-state');
    button(element).click();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    return { element, states };
  }

  it('goes idle → requesting-mic → connecting → listening and streams 20 ms 24 kHz frames', async () => {
    const { element, states } = await liveCall();
    expect(states.map((event) => event.detail.state)).to.deep.equal(['requesting-mic', 'connecting', 'listening']);
    expect(statusOf(element)).to.equal('Listening');
    expect(JSON.parse(String(agent.fetches.calls[0].init?.body))).to.deep.equal({ agentId: 'agent-7' });
    await waitFor(() => agent.received[0].length >= 10, 'ten frames');
    for (const text of agent.received[0].slice(0, 10)) {
      const frame = JSON.parse(text);
      expect(frame.type).to.equal('audio');
      expect(frame.sampleRate).to.equal(24000);
      expect(atob(frame.audio).length, '20 ms of PCM16 at 24 kHz').to.equal(960);
    }
    await element.stop();
  });

  it('renders transcripts as text, replacing partials, and reports them as events', async () => {
    const { element } = await liveCall();
    const transcripts = eventsOf(element, 'voice-agent-transcript');
    const socket = agent.connections[0];
    socket.send(JSON.stringify({ type: 'transcript', role: 'user', text: 'Hel', final: false }));
    socket.send(JSON.stringify({ type: 'transcript', role: 'user', text: 'Hello <img src=x onerror="window.__pwned=1">', final: true }));
    socket.send(JSON.stringify({ type: 'transcript', speaker: 'agent', content: '<b>Hi</b>', isFinal: true }));
    await waitFor(() => transcripts.length === 3, 'three transcript events');
    await element.updateComplete;
    const turns = [...element.shadowRoot!.querySelectorAll('.turn')];
    expect(turns.map((turn) => turn.classList.contains('user'))).to.deep.equal([true, false]);
    expect(turns[0].textContent).to.contain('Hello <img src=x onerror="window.__pwned=1">');
    expect(element.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await element.stop();
  });

  it('plays agent audio and shows the agent speaking', async () => {
    const { element } = await liveCall();
    const pcm = new Int16Array(2400).map((_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 300 * i) / 24000)));
    const audio = base64Pcm16(pcm);
    for (let i = 0; i < 10; i++) agent.connections[0].send(JSON.stringify({ type: 'audio', audio }));
    await waitFor(() => element.state === 'speaking', 'the agent to be heard');
    expect(statusOf(element)).to.equal('Agent speaking');
    await waitFor(() => element.state === 'listening', 'the agent to finish', 10000);
    await element.stop();
  });

  it('survives junk: malformed JSON, unknown types, bad audio', async () => {
    const { element } = await liveCall();
    const ignored = eventsOf(element, 'voice-agent-ignored');
    const unknown = eventsOf(element, 'voice-agent-message');
    const socket = agent.connections[0];
    for (const junk of ['{oops', '"just a string"', '{"type":"audio","audio":"%%%"}', '{"type":"audio"}']) socket.send(junk);
    socket.send(JSON.stringify({ type: 'metrics', turnLatencyMs: 320 }));
    await waitFor(() => ignored.length === 4 && unknown.length === 1, 'junk to be reported');
    expect(unknown[0].detail.message).to.deep.equal({ type: 'metrics', turnLatencyMs: 320 });
    expect(element.state).to.equal('listening');
    await element.stop();
  });

  it('keeps sending zero frames while muted', async () => {
    const { element } = await liveCall();
    await element.updateComplete;
    button(element, 'mute-button').click();
    await element.updateComplete;
    expect(button(element, 'mute-button').getAttribute('aria-pressed')).to.equal('true');
    // Frames already on their way when mute was pressed may still carry the tone: skip 15 (300 ms).
    const from = agent.received[0].length + 15;
    await waitFor(() => agent.received[0].length >= from + 25, '25 frames while muted', 10000);
    const frames = agent.received[0].slice(from).map((text) => atob(JSON.parse(text).audio));
    expect(frames.every((frame) => /^\0+$/.test(frame)), 'every frame is silence').to.equal(true);
    await element.stop();
  });

  it('ends the call: mic released, socket closed, state ended', async () => {
    const { element } = await liveCall();
    const closed = new Promise<void>((resolve) => agent.connections[0].on('close', () => resolve()));
    button(element).click();
    await waitFor(() => element.state === 'ended', 'the call to end');
    await closed;
    expect(mic.liveTracks()).to.have.length(0);
    expect(statusOf(element)).to.equal('Call ended');
  });

  it('releases everything when removed from the page', async () => {
    const { element } = await liveCall();
    const closed = new Promise<void>((resolve) => agent.connections[0].on('close', () => resolve()));
    element.remove();
    await closed;
    expect(mic.liveTracks()).to.have.length(0);
  });

  it('opens one mic and one socket when start() is called twice', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    void element.start();
    void element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mic.streams).to.have.length(1);
    expect(agent.connections).to.have.length(1);
    await element.stop();
  });

  it('reconnects with a new session after the socket drops', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    const states = eventsOf(element, 'voice-agent-state');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    agent.connections[0].close({ code: 1011, reason: 'server restart', wasClean: false });
    await waitFor(() => agent.connections.length === 2 && element.state === 'listening', 'the reconnection', 10000);
    expect(states.map((event) => event.detail.state)).to.include('reconnecting');
    expect(agent.fetches.calls).to.have.length(2);
    expect(element.stats!.reconnects).to.equal(1);
    await waitFor(() => agent.received[1].length > 5, 'audio on the new socket');
    await element.stop();
    expect(mic.liveTracks()).to.have.length(0);
  });

  it('shows the session failure and opens no socket', async () => {
    agent.restore();
    const failing = stubFetch(() => new Response('Internal error', { status: 500 }));
    const sockets = useMockSocket();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      const errors = eventsOf(element, 'voice-agent-error');
      await element.start();
      expect(element.state).to.equal('error');
      expect(errors[0].detail.message).to.match(/HTTP 500/);
      expect(element.shadowRoot!.querySelector('.hint')!.textContent).to.match(/HTTP 500/);
      expect(mic.liveTracks()).to.have.length(0);
      expect(button(element).textContent!.trim()).to.equal('Start call');
    } finally {
      failing.restore();
      sockets.restore();
    }
  });
});

describe('<voice-agent> microphone problems', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['NotAllowedError', 'mic-denied', 'Microphone blocked', /Allow microphone access/],
    ['NotFoundError', 'no-mic', 'No microphone found', /Connect a microphone/],
    ['NotReadableError', 'error', 'Something went wrong', /in use/],
  ];
  for (const [name, state, status, hint] of cases) {
    it(`shows ${state} for ${name}`, async () => {
      const failure = failMicrophone(name);
      const fetches = stubFetch(() => jsonResponse({ wsUrl: 'ws://never.test/ws' }));
      try {
        const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
        await element.start();
        expect(element.state).to.equal(state);
        expect(statusOf(element)).to.equal(status);
        expect(element.shadowRoot!.querySelector('.hint')!.textContent).to.match(hint);
        expect(fetches.calls, 'no session is opened without a mic').to.have.length(0);
      } finally {
        failure.restore();
        fetches.restore();
      }
    });
  }

  it('names an insecure page instead of throwing', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices')!;
    Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined });
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      await element.start();
      expect(element.state).to.equal('insecure');
      expect(element.shadowRoot!.querySelector('.hint')!.textContent).to.match(/https/);
    } finally {
      Object.defineProperty(Navigator.prototype, 'mediaDevices', descriptor);
    }
  });
});
