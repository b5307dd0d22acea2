// Polish: layouts, theming hooks, languages and RTL, accessibility (axe), barge-in, echo
// gate, microphone choice, debug stats. Real fake-mic audio, mock-socket agent.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { base64Pcm16, lyzrAgent } from '../helpers/lyzr-agent';
import { pcm16ToFloats, rms, sinePcm16 } from '../helpers/signal';
import { failMicrophone, spyOnMicrophone, waitFor } from '../helpers/stubs';
import { engine } from '../helpers/engine';

const part = (element: VoiceAgentElement, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const statusText = (element: VoiceAgentElement) => part(element, 'status').textContent!.trim();

function eventsOf(element: HTMLElement, type: string): CustomEvent[] {
  const events: CustomEvent[] = [];
  element.addEventListener(type, (event) => events.push(event as CustomEvent));
  return events;
}

describe('layouts', () => {
  const corners: Array<[string, (rect: DOMRect) => void]> = [
    ['bottom-right', (rect) => {
      expect(innerWidth - rect.right).to.be.closeTo(20, 1);
      expect(innerHeight - rect.bottom).to.be.closeTo(20, 1);
    }],
    ['bottom-left', (rect) => {
      expect(rect.left).to.be.closeTo(20, 1);
      expect(innerHeight - rect.bottom).to.be.closeTo(20, 1);
    }],
    ['top-right', (rect) => {
      expect(innerWidth - rect.right).to.be.closeTo(20, 1);
      expect(rect.top).to.be.closeTo(20, 1);
    }],
    ['top-left', (rect) => {
      expect(rect.left).to.be.closeTo(20, 1);
      expect(rect.top).to.be.closeTo(20, 1);
    }],
  ];
  for (const [placement, check] of corners) {
    it(`floating ${placement}: a launcher in that corner that opens the panel beside it`, async () => {
      const element = await fixture<VoiceAgentElement>(
        html`<voice-agent variant="floating" placement=${placement} provider="lyzr" agent-id="a"></voice-agent>`,
      );
      const launcher = part(element, 'launcher');
      check(launcher.getBoundingClientRect());
      expect(part(element, 'panel').hidden, 'closed at first').to.equal(true);
      launcher.click();
      await element.updateComplete;
      expect(launcher.getAttribute('aria-expanded')).to.equal('true');
      const panel = part(element, 'panel').getBoundingClientRect();
      expect(panel.width).to.be.greaterThan(200);
      // The panel opens towards the middle of the screen and stays on it.
      expect(panel.top).to.be.at.least(0);
      expect(panel.bottom).to.be.at.most(innerHeight);
      expect(panel.left).to.be.at.least(0);
      expect(panel.right).to.be.at.most(innerWidth);
      part(element, 'button').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await element.updateComplete;
      expect(part(element, 'panel').hidden, 'Escape closes it').to.equal(true);
      expect(element.shadowRoot!.activeElement).to.equal(launcher);
    });
  }

  it('inline fills its container', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"><voice-agent provider="lyzr" agent-id="a"></voice-agent></div>`);
    const element = wrapper.querySelector('voice-agent')!;
    expect(part(element, 'panel').getBoundingClientRect().width).to.be.closeTo(640, 1);
    expect(element.shadowRoot!.querySelector('[part="launcher"]')).to.equal(null);
  });
});

describe('theming hooks', () => {
  it('::part and custom properties reach the shadow DOM', async () => {
    const style = document.createElement('style');
    style.textContent = `
      voice-agent.themed { --voice-agent-accent: rgb(10, 20, 30); --voice-agent-radius: 3px; --voice-agent-font: monospace; }
      voice-agent.themed::part(status) { color: rgb(200, 0, 0); }`;
    document.head.append(style);
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent class="themed" provider="lyzr" agent-id="a"></voice-agent>`);
      expect(getComputedStyle(part(element, 'button')).backgroundColor).to.equal('rgb(10, 20, 30)');
      expect(getComputedStyle(part(element, 'panel')).borderTopLeftRadius).to.equal('3px');
      expect(getComputedStyle(part(element, 'status')).color).to.equal('rgb(200, 0, 0)');
      expect(getComputedStyle(part(element, 'panel')).fontFamily).to.equal('monospace');
    } finally {
      style.remove();
    }
  });
});

describe('languages', () => {
  const expected: Record<string, [string, string]> = {
    en: ['Start call', 'Ready to talk'],
    es: ['Iniciar llamada', 'Listo para hablar'],
    fr: ["Démarrer l'appel", 'Prêt à parler'],
    de: ['Anruf starten', 'Bereit'],
    pt: ['Iniciar chamada', 'Pronto para falar'],
  };
  for (const [lang, [start, idle]] of Object.entries(expected)) {
    it(`lang="${lang}" shows built-in strings`, async () => {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent lang=${lang} provider="lyzr" agent-id="a"></voice-agent>`);
      await waitFor(() => part(element, 'button').textContent!.trim() === start, `the ${lang} strings`);
      expect(statusText(element)).to.equal(idle);
    });
  }

  it('follows the page language and a region tag (pt-BR → pt)', async () => {
    const wrapper = await fixture<HTMLElement>(html`<section lang="pt-BR"><voice-agent provider="lyzr" agent-id="a"></voice-agent></section>`);
    const element = wrapper.querySelector('voice-agent')!;
    await waitFor(() => part(element, 'button').textContent!.trim() === 'Iniciar chamada', 'the Portuguese strings');
  });

  it('text-* attributes override any string, also after the first render', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent lang="fr" text-start="Parlez-nous" provider="lyzr" agent-id="a"></voice-agent>`);
    expect(part(element, 'button').textContent!.trim()).to.equal('Parlez-nous');
    element.setAttribute('text-idle', 'On vous écoute');
    await element.updateComplete;
    expect(statusText(element)).to.equal('On vous écoute');
  });

  it('lays out right to left for RTL languages', async () => {
    const agent = lyzrAgent();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent lang="ar" provider="lyzr" agent-id="a"></voice-agent>`);
      expect(element.shadowRoot!.querySelector('[dir]')!.getAttribute('dir')).to.equal('rtl');
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      agent.connections[0].send(JSON.stringify({ role: 'user', text: 'مرحبا', final: true }));
      agent.connections[0].send(JSON.stringify({ role: 'agent', text: 'أهلا', final: true }));
      await waitFor(() => element.shadowRoot!.querySelectorAll('.turn').length === 2, 'two turns');
      const [user, reply] = [...element.shadowRoot!.querySelectorAll('.turn')].map((turn) => turn.getBoundingClientRect());
      expect(user.left, "the visitor's turns sit on the left in RTL").to.be.below(reply.left);
      await element.stop();
    } finally {
      agent.restore();
    }
  });
});

describe('accessibility (axe)', () => {
  it('has no violations when idle, floating open, live, in error, testing the mic, asking for consent and in a push-to-talk call', async () => {
    const agent = lyzrAgent();
    try {
      const idle = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      await expect(idle).to.be.accessible();

      const floating = await fixture<VoiceAgentElement>(html`<voice-agent variant="floating" provider="lyzr" agent-id="a"></voice-agent>`);
      part(floating, 'launcher').click();
      await floating.updateComplete;
      await expect(floating).to.be.accessible();

      const live = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" debug></voice-agent>`);
      await live.start();
      await waitFor(() => live.state === 'listening', 'the call to go live');
      agent.connections[0].send(JSON.stringify({ role: 'user', text: 'Hello', final: true }));
      agent.connections[0].send(JSON.stringify({ role: 'agent', text: 'Hi, how can I help?', final: false }));
      await waitFor(() => live.shadowRoot!.querySelectorAll('.turn').length === 2, 'two turns');
      await expect(live).to.be.accessible();
      expect(part(live, 'transcript').getAttribute('aria-live')).to.equal('polite');
      expect(live.shadowRoot!.querySelectorAll('[role="meter"][aria-label]')).to.have.length(2);
      expect(part(live, 'mute-button').getAttribute('aria-pressed')).to.equal('false');
      await live.stop();
    } finally {
      agent.restore();
    }
    const controls = lyzrAgent();
    try {
      // The microphone test with its meter and pickers, the terms step, a push-to-talk call.
      const testing = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      part(testing, 'mic-check-button').click();
      await waitFor(() => Boolean(testing.shadowRoot!.querySelector('[part="volume"]')), 'the mic test');
      await expect(testing).to.be.accessible();
      part(testing, 'mic-check-button').click();

      const terms = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" push-to-talk terms="Calls are recorded."></voice-agent>`);
      await terms.start();
      await terms.updateComplete;
      expect(part(terms, 'terms')).to.not.equal(null);
      await expect(terms).to.be.accessible();
      part(terms, 'accept-button').click();
      await waitFor(() => terms.state === 'listening', 'the push-to-talk call');
      await terms.updateComplete;
      expect(part(terms, 'talk-button').getAttribute('aria-pressed')).to.equal('false');
      await expect(terms).to.be.accessible();
      await terms.stop();
    } finally {
      controls.restore();
      localStorage.removeItem('voice-agent-consent');
    }
    const denied = failMicrophone('NotAllowedError');
    try {
      const error = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      await error.start();
      expect(error.state).to.equal('mic-denied');
      await expect(error).to.be.accessible();
    } finally {
      denied.restore();
    }
  });

  it('is fully usable from the keyboard', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent variant="floating" provider="lyzr" agent-id="a"></voice-agent>`);
    const launcher = part(element, 'launcher');
    launcher.focus();
    expect(element.shadowRoot!.activeElement).to.equal(launcher);
    // Native buttons: Enter/Space activate them; focus is visible (outline on :focus-visible).
    expect(launcher.tagName).to.equal('BUTTON');
    launcher.click();
    await element.updateComplete;
    expect(part(element, 'button').tagName).to.equal('BUTTON');
    expect(part(element, 'button').tabIndex).to.equal(0);
  });
});

describe('barge-in and echo safety', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => (agent = lyzrAgent()));
  afterEach(() => agent.restore());

  /** Agent audio at `amplitude` for `seconds`, sent as 100 ms Lyzr messages. */
  function sendAgentAudio(seconds: number, amplitude: number) {
    for (let start = 0; start < 24000 * seconds; start += 2400) {
      const audio = base64Pcm16(sinePcm16(300, 24000, 2400, amplitude, start));
      agent.connections[0].send(JSON.stringify({ type: 'audio', audio }));
    }
  }

  it('flushes queued agent audio when the provider signals an interruption', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" barge-in="off"></voice-agent>`);
    const interrupted = eventsOf(element, 'voice-agent-interrupted');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    sendAgentAudio(2.5, 0.05);
    await waitFor(() => element.state === 'speaking', 'the agent to speak');
    agent.connections[0].send(JSON.stringify({ type: 'interrupted' }));
    await waitFor(() => interrupted.length === 1, 'the interruption');
    expect(interrupted[0].detail.source).to.equal('provider');
    await waitFor(() => element.state === 'listening', 'the agent to stop at once', 1000);
    expect(element.stats!.playback!.depthMs).to.be.below(50);
    await element.stop();
  });

  it('flushes agent audio when the visitor talks over it (local detection), and not when barge-in="off"', async () => {
    for (const bargeIn of ['on', 'off']) {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" barge-in=${bargeIn}></voice-agent>`);
      const interrupted = eventsOf(element, 'voice-agent-interrupted');
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      // 3.5 s of quiet agent audio always overlaps the fake mic's louder 2 s tone.
      sendAgentAudio(3.5, 0.05);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      if (bargeIn === 'on') expect(interrupted.map((event) => event.detail.source)).to.include('local');
      else expect(interrupted, 'barge-in="off"').to.have.length(0);
      await element.stop();
    }
  });

  // The fake mic carries no echo of the agent, so the echo gate (on by default) must not
  // engage: it only turns the mic down while echo is found in it and not yet cancelled (that
  // case: test/dsp/echo-gate.test.ts and the echo bench). Firefox's own echo canceller (and
  // noise suppression) hears Web Audio output and takes a fake mic down while the agent is
  // loud, with or without our gate: there only "our gate adds nothing" can be checked (and "off"
  // runs first: Firefox takes the first call's mic down the most).
  const browserGates = engine === 'firefox';
  const echoTitle = browserGates
    ? 'keeps a mic with no echo in it at full level while the agent speaks, echo-gate on or off (firefox: its echo canceller takes the mic down itself — only "on adds nothing to off" is checked)'
    : 'keeps a mic with no echo in it at full level while the agent speaks, echo-gate on (the default) or off';
  it(echoTitle, async () => {
    const gatedShare: Record<string, number> = {};
    const loudShare: Record<string, number> = {};
    for (const echoGate of ['off', 'on']) {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" barge-in="off" echo-gate=${echoGate}></voice-agent>`);
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      const before = agent.received[agent.received.length - 1].length;
      // Agent much louder than the fake mic for 3 s: the old gate (always on) turned the mic down.
      sendAgentAudio(3, 0.95);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const frames = agent.received[agent.received.length - 1].slice(before).map((text) => {
        const binary = atob(JSON.parse(text).audio);
        const pcm = new Int16Array(binary.length / 2);
        for (let i = 0; i < pcm.length; i++) pcm[i] = binary.charCodeAt(2 * i) | (binary.charCodeAt(2 * i + 1) << 8);
        return rms(pcm16ToFloats(pcm));
      });
      // Fake-mic tone frames read ~0.35 RMS; gated ones ~30 dB lower.
      expect(frames.length, `echo-gate="${echoGate}": frames sent`).to.be.above(100);
      const voiced = frames.filter((level) => level > 0.005);
      gatedShare[echoGate] = voiced.filter((level) => level < 0.03).length / voiced.length;
      loudShare[echoGate] = frames.filter((level) => level >= 0.03).length / frames.length;
      await element.stop();
    }
    if (browserGates) {
      expect(loudShare.off - loudShare.on, 'our gate takes down no more than the browser already does').to.be.below(0.2);
      return;
    }
    // Only frames straddling a tone's start or end read that low without a gate.
    expect(gatedShare.on, 'nothing gated with echo-gate="on" (no echo in the mic)').to.be.below(0.1);
    expect(gatedShare.off, 'nothing gated with echo-gate="off"').to.be.below(0.1);
  });
});

describe('microphone choice and debug stats', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => (agent = lyzrAgent()));
  afterEach(() => {
    agent.restore();
    localStorage.removeItem('voice-agent-microphone');
  });

  it('lists microphones, switches mid-call, and remembers the choice', async () => {
    const mic = spyOnMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audioinput');
      expect(inputs.length, "the fake devices include several microphones").to.be.at.least(2);
      await waitFor(() => Boolean(element.shadowRoot!.querySelector('[part="device-select"]')), 'the picker');
      const select = part(element, 'device-select') as HTMLSelectElement;
      expect(select.options.length).to.equal(inputs.length);
      const target = inputs[inputs.length - 1].deviceId;
      select.value = target;
      select.dispatchEvent(new Event('change'));
      await waitFor(() => mic.streams.length === 2, 'the new microphone');
      expect(mic.streams[1].getAudioTracks()[0].getSettings().deviceId).to.equal(target);
      expect(mic.streams[0].getAudioTracks()[0].readyState, 'old mic released').to.equal('ended');
      expect(localStorage.getItem('voice-agent-microphone')).to.equal(target);
      await element.stop();
      await element.start();
      await waitFor(() => mic.streams.length === 3, 'the next call');
      expect(mic.streams[2].getAudioTracks()[0].getSettings().deviceId, 'remembered').to.equal(target);
      await element.stop();
    } finally {
      mic.restore();
    }
  });

  it('shows live statistics with the debug attribute', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" debug></voice-agent>`);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const rowsOf = () =>
      Object.fromEntries([...part(element, 'stats').querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    await waitFor(() => Number(rowsOf()['frames sent']) > 20, 'frames to flow');
    const rows = rowsOf();
    expect(Object.keys(rows)).to.include.members(['buffer', 'jitter', 'underruns', 'dropped', 'frames sent', 'socket buffer', 'response']);
    expect(Number(rows['frames sent'])).to.be.greaterThan(20);
    await element.stop();
  });
});
