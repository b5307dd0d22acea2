// The visitor's controls: microphone test and picker before a call, a dead mic ("we can't
// hear you"), agent volume and speaker choice, push-to-talk, and the terms step. Real fake-mic
// audio; a mock-socket Lyzr agent records what the widget sends.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { micCheckLimits } from '../../src/controls/mic-check';
import { termsFingerprint } from '../../src/controls/consent';
import { engine } from '../helpers/engine';
import { extraMicrophone } from '../helpers/microphones';
import { base64Pcm16, lyzrAgent, pcm16OfLyzrFrame } from '../helpers/lyzr-agent';
import { sinePcm16 } from '../helpers/signal';
import { spyOnMicrophone, waitFor } from '../helpers/stubs';
import { recordEvents, sleep } from '../helpers/widget';

const part = <T extends HTMLElement = HTMLElement>(element: VoiceAgentElement, name: string) =>
  element.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const KEYS = ['voice-agent-microphone', 'voice-agent-speaker', 'voice-agent-volume', 'voice-agent-consent'];
const clearSettings = () => KEYS.forEach((key) => localStorage.removeItem(key));
const peak = (pcm: Int16Array) => pcm.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);

/** A microphone that sends digital silence: a track whose every sample is zero (iOS's dead mic). */
function deadMicrophone() {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const context = new AudioContext();
  devices.getUserMedia = async () => {
    await context.resume();
    // A source playing zeros, so the track carries samples (an unconnected one may carry none).
    const destination = context.createMediaStreamDestination();
    const zeros = context.createConstantSource();
    zeros.offset.value = 0;
    zeros.connect(destination);
    zeros.start();
    return destination.stream;
  };
  return {
    async restore() {
      devices.getUserMedia = original;
      await context.close();
    },
  };
}

describe('microphone test and picker before a call', () => {
  afterEach(clearSettings);

  it('the meter moves with the fake mic, the picker lists labelled mics, follows devicechange, remembers the choice; Stop releases the mic', async () => {
    const mic = spyOnMicrophone();
    const plugged = extraMicrophone('test-headset');
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      expect(part(element, 'device-select'), 'no picker before the mic is allowed').to.equal(null);
      part(element, 'mic-check-button')!.click();
      await waitFor(() => Number(part(element, 'meter')?.getAttribute('aria-valuenow')) > 20, 'the meter to move with the tone', 10000);
      expect(part(element, 'mic-notice'), 'a live mic is heard').to.equal(null);
      const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audioinput' && device.deviceId);
      await waitFor(() => (part<HTMLSelectElement>(element, 'device-select')?.options.length ?? 0) === inputs.length, 'the picker');
      const select = part<HTMLSelectElement>(element, 'device-select')!;
      expect([...select.options].every((option) => option.textContent!.trim() !== ''), 'every mic named').to.equal(true);
      plugged.plugIn();
      await waitFor(() => select.options.length === inputs.length + 1, 'the plugged headset in the list');
      expect([...select.options].map((option) => option.textContent)).to.include('Headset test-headset');
      select.value = 'test-headset';
      select.dispatchEvent(new Event('change'));
      await waitFor(() => mic.streams.length === 2, 'the test to move to the chosen mic');
      expect(localStorage.getItem('voice-agent-microphone')).to.equal('test-headset');
      expect(mic.streams[0].getAudioTracks()[0].readyState, 'the first mic released').to.equal('ended');
      part(element, 'mic-check-button')!.click();
      await waitFor(() => mic.liveTracks().length === 0, 'Stop to release the mic');
      expect(part(element, 'meter'), 'meter gone after the test').to.equal(null);
    } finally {
      plugged.restore();
      mic.restore();
    }
  });

  it(`a mic that sends only digital silence gets "we can't hear you" after ${micCheckLimits.silentMs / 1000} s; a live one never does`, async () => {
    const live = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    part(live, 'mic-check-button')!.click();
    await waitFor(() => Number(part(live, 'meter')?.getAttribute('aria-valuenow')) > 20, 'the live meter', 10000);
    // Longer than the limit and than the fake mic's 1 s pauses between tones.
    for (let waited = 0; waited < micCheckLimits.silentMs + 1500; waited += 100) {
      expect(part(live, 'mic-notice'), 'no notice for a live mic').to.equal(null);
      await sleep(100);
    }
    part(live, 'mic-check-button')!.click();

    const dead = deadMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      part(element, 'mic-check-button')!.click();
      await waitFor(() => Boolean(part(element, 'meter')), 'the test to run');
      await waitFor(() => Boolean(part(element, 'mic-notice')), 'the notice', micCheckLimits.silentMs + 8000);
      expect(part(element, 'mic-notice')!.textContent).to.match(/can't hear you/);
      expect(part(element, 'mic-notice')!.getAttribute('role')).to.equal('alert');
      expect(part(element, 'meter')!.getAttribute('aria-valuenow'), 'the meter reads zero').to.equal('0');
      part(element, 'mic-check-button')!.click();
      await waitFor(() => !part(element, 'mic-notice'), 'the notice to go with the test');
    } finally {
      await dead.restore();
    }
  });

  it('the mic test ends, releasing the mic, when a call starts or the widget is removed', async () => {
    const agent = lyzrAgent();
    const mic = spyOnMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      part(element, 'mic-check-button')!.click();
      await waitFor(() => mic.liveTracks().length === 1, 'the test mic');
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call');
      expect(mic.streams[0].getAudioTracks()[0].readyState, 'the test mic released for the call').to.equal('ended');
      expect(mic.liveTracks(), 'only the call holds a mic').to.have.length(1);
      await element.stop();
      part(element, 'mic-check-button')!.click();
      await waitFor(() => mic.liveTracks().length === 1, 'the test mic again');
      element.remove();
      await waitFor(() => mic.liveTracks().length === 0, 'removal to release it');
    } finally {
      mic.restore();
      agent.restore();
    }
  });

  it('a refused mic says why; no usable AudioContext says so; nothing throws', async () => {
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia;
    devices.getUserMedia = () => Promise.reject(new DOMException('test', 'NotAllowedError'));
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      part(element, 'mic-check-button')!.click();
      await waitFor(() => Boolean(part(element, 'mic-notice')), 'the reason');
      expect(part(element, 'mic-notice')!.textContent).to.match(/Allow microphone access/);
      expect(part(element, 'mic-check-button')!.getAttribute('aria-pressed')).to.equal('false');
    } finally {
      devices.getUserMedia = original;
    }
    const RealAudioContext = window.AudioContext;
    window.AudioContext = class {
      constructor() {
        throw new DOMException('test', 'NotSupportedError');
      }
    } as unknown as typeof AudioContext;
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      part(element, 'mic-check-button')!.click();
      await waitFor(() => Boolean(part(element, 'mic-notice')), 'the failure shown');
      expect(part(element, 'mic-notice')!.textContent!.trim(), 'no AudioContext: said, not thrown').to.equal('Something went wrong');
    } finally {
      window.AudioContext = RealAudioContext;
    }
  });
});

describe("we can't hear you, mid-call", () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => (agent = lyzrAgent()));
  afterEach(() => agent.restore());

  it('a call whose mic sends only digital silence shows the notice; a live mic, and a muted one, never do', async () => {
    const live = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    await live.start();
    await waitFor(() => live.state === 'listening', 'the live call');
    const at = (frames: number) => waitFor(() => agent.received[0].length >= frames, `${frames} frames`, 15000);
    // Frames, not wall time: each is 20 ms of the mic. Longer than the limit, with pauses.
    const limitFrames = micCheckLimits.silentMs / 20;
    await at(limitFrames + 75);
    expect(part(live, 'mic-notice'), 'a live mic is heard').to.equal(null);
    live.muted = true;
    await live.updateComplete;
    const mutedFrom = agent.received[0].length;
    await at(mutedFrom + limitFrames + 50);
    expect(Math.max(...agent.received[0].slice(mutedFrom + 10).map((text) => peak(pcm16OfLyzrFrame(text)))), 'muted: zeros').to.equal(0);
    expect(part(live, 'mic-notice'), 'muted silence is ours, not a dead mic').to.equal(null);
    await live.stop();

    const dead = deadMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call on a dead mic');
      await waitFor(() => agent.received[1].length >= limitFrames + 10, 'frames past the limit', 15000);
      await waitFor(() => Boolean(part(element, 'mic-notice')), 'the notice');
      expect(part(element, 'mic-notice')!.textContent).to.match(/can't hear you/);
      expect(element.state, 'the call goes on').to.equal('listening');
      await element.stop();
      expect(part(element, 'mic-notice'), 'gone with the call').to.equal(null);
    } finally {
      await dead.restore();
    }
  });
});

describe('agent volume and speaker', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  const gains: GainNode[] = [];
  const createGain = AudioContext.prototype.createGain;
  beforeEach(() => {
    agent = lyzrAgent();
    gains.length = 0;
    // The widget's volume gain, to listen to what leaves it.
    AudioContext.prototype.createGain = function (this: AudioContext) {
      const gain = createGain.call(this);
      gains.push(gain);
      return gain;
    };
  });
  afterEach(() => {
    AudioContext.prototype.createGain = createGain;
    agent.restore();
    clearSettings();
  });

  /** RMS of what leaves the volume gain while the agent plays a steady tone. */
  async function outputRms(element: VoiceAgentElement, gain: GainNode): Promise<number> {
    const analyser = gain.context.createAnalyser();
    analyser.fftSize = 2048;
    gain.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const readings: number[] = [];
    for (let start = 0; start < 24000 * 2; start += 2400) {
      agent.connections[0].send(JSON.stringify({ type: 'audio', audio: base64Pcm16(sinePcm16(300, 24000, 2400, 0.5, start)) }));
    }
    await sleep(400);
    for (let i = 0; i < 10; i++) {
      analyser.getFloatTimeDomainData(samples);
      readings.push(Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length));
      await sleep(60);
    }
    gain.disconnect(analyser);
    await waitFor(() => element.state === 'listening', 'the rest of the tone to play out', 8000);
    return readings.sort((a, b) => a - b)[readings.length >> 1];
  }

  it('the volume slider scales the agent audio, and is remembered for the next call', async () => {
    // barge-in off: the fake mic's tone would otherwise cut the agent's.
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" barge-in="off"></voice-agent>`);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    expect(gains, 'one volume gain in the playback path').to.have.length(1);
    const full = await outputRms(element, gains[0]);
    const slider = part<HTMLInputElement>(element, 'volume')!;
    expect(slider.value).to.equal('100');
    slider.value = '25';
    slider.dispatchEvent(new Event('input'));
    const quarter = await outputRms(element, gains[0]);
    expect(full, 'the tone at full volume (0.5 amplitude → 0.35 RMS)').to.be.closeTo(0.35, 0.08);
    expect(quarter / full, 'a quarter of it at 25').to.be.closeTo(0.25, 0.05);
    expect(localStorage.getItem('voice-agent-volume')).to.equal('0.25');
    await element.stop();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the next call');
    expect(gains[1].gain.value, 'the next call starts at the remembered volume').to.equal(0.25);
    expect(part<HTMLInputElement>(element, 'volume')!.value).to.equal('25');
    await element.stop();
  });

  const title =
    engine === 'chromium'
      ? 'speaker choice with AudioContext.setSinkId: a picker of outputs that moves the call audio'
      : `speaker choice (${engine}: no AudioContext.setSinkId — a visible note says the system's speaker plays)`;
  it(title, async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await element.updateComplete;
    if (engine !== 'chromium') {
      expect('setSinkId' in AudioContext.prototype).to.equal(false);
      expect(part(element, 'speaker-select')).to.equal(null);
      expect(part(element, 'speaker-note')!.textContent).to.match(/system's \(this browser cannot switch it here\)/);
      await element.stop();
      return;
    }
    expect(part(element, 'speaker-note'), 'no note where the speaker can be chosen').to.equal(null);
    const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audiooutput' && device.deviceId);
    const context = gains[0].context as AudioContext & { sinkId: string };
    if (outputs.length > 1) {
      await waitFor(() => Boolean(part(element, 'speaker-select')), 'the speaker picker');
      const select = part<HTMLSelectElement>(element, 'speaker-select')!;
      expect(select.options.length).to.equal(outputs.length);
      const target = outputs[outputs.length - 1].deviceId;
      select.value = target;
      select.dispatchEvent(new Event('change'));
      await waitFor(() => context.sinkId === target, 'the call audio on the chosen speaker');
      expect(localStorage.getItem('voice-agent-speaker')).to.equal(target);
    } else {
      // Headless Chromium lists one output at most: no picker for a single choice.
      expect(part(element, 'speaker-select')).to.equal(null);
    }
    await element.stop();
  });
});

describe('push-to-talk', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => (agent = lyzrAgent()));
  afterEach(() => agent.restore());

  const framesSoFar = () => agent.received[0].length;
  const peaksFrom = (from: number, to = framesSoFar()) => agent.received[0].slice(from, to).map((text) => peak(pcm16OfLyzrFrame(text)));

  it('sends silence frames until the talk button (or Space) is held, the mic while held, silence again after', async () => {
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" push-to-talk></voice-agent>`);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    expect(part(element, 'mute-button'), 'the talk button replaces mute').to.equal(null);
    const talk = part(element, 'talk-button')!;
    expect(talk.getAttribute('aria-pressed')).to.equal('false');
    // 3.5 s covers a full tone of the fake mic: released, not a sample of it goes out.
    await waitFor(() => framesSoFar() >= 175, 'frames while released', 12000);
    const released = peaksFrom(0);
    expect(released.length, 'keepalive: frames keep flowing').to.be.at.least(175);
    expect(Math.max(...released), 'only silence while released').to.equal(0);

    talk.dispatchEvent(new PointerEvent('pointerdown', { button: 0, pointerId: 1, bubbles: true, composed: true }));
    await element.updateComplete;
    expect(talk.getAttribute('aria-pressed')).to.equal('true');
    const pressedAt = framesSoFar();
    await waitFor(() => framesSoFar() >= pressedAt + 100, 'frames while held', 8000);
    const held = peaksFrom(pressedAt);
    expect(held.filter((value) => value > 3000).length, 'the tone goes out while held').to.be.at.least(20);
    talk.dispatchEvent(new PointerEvent('pointerup', { button: 0, pointerId: 1, bubbles: true, composed: true }));
    await element.updateComplete;
    // Frames captured before the worklet got the release may still arrive (a loaded machine
    // delivers them in bursts): from the first silent one on, 2 s (a tone's length) of silence.
    const releasedAt = framesSoFar();
    await waitFor(() => framesSoFar() >= releasedAt + 150, 'frames after release', 10000);
    const afterRelease = peaksFrom(releasedAt);
    const settled = afterRelease.indexOf(0);
    expect(settled, 'released within 0.5 s of audio').to.be.within(0, 25);
    expect(Math.max(...afterRelease.slice(settled, settled + 100)), 'silence again after release').to.equal(0);

    // Space on the focused widget does the same.
    talk.focus();
    talk.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true }));
    await element.updateComplete;
    expect(talk.getAttribute('aria-pressed'), 'Space held').to.equal('true');
    const spaceAt = framesSoFar();
    await waitFor(() => framesSoFar() >= spaceAt + 100, 'frames while Space is held', 8000);
    expect(peaksFrom(spaceAt).filter((value) => value > 3000).length, 'the tone goes out with Space held').to.be.at.least(20);
    talk.dispatchEvent(new KeyboardEvent('keyup', { key: ' ', bubbles: true, composed: true }));
    await element.updateComplete;
    expect(talk.getAttribute('aria-pressed')).to.equal('false');
    // Space keeps its own meaning on the other controls (End call stays pressable).
    part(element, 'button')!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true }));
    await element.updateComplete;
    expect(talk.getAttribute('aria-pressed'), 'Space on End call does not talk').to.equal('false');
    await element.stop();
  });
});

describe('terms before the first call', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => {
    agent = lyzrAgent();
    clearSettings();
  });
  afterEach(() => {
    agent.restore();
    clearSettings();
  });

  const TERMS = 'Calls are recorded to improve the service.';

  it('shows the terms on Start; Decline starts nothing; Accept starts the call and is remembered per site', async () => {
    const mic = spyOnMicrophone();
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" terms=${TERMS}></voice-agent>`);
      const answers = recordEvents<{ accepted: boolean }>(element, 'voice-agent-consent');
      expect(part(element, 'terms'), 'not before Start').to.equal(null);
      part(element, 'button')!.click();
      await element.updateComplete;
      expect(part(element, 'terms')!.textContent).to.contain(TERMS);
      expect(element.state).to.equal('idle');
      expect(mic.streams, 'no mic before consent').to.have.length(0);
      expect(agent.fetches.calls, 'no session before consent').to.have.length(0);
      part(element, 'decline-button')!.click();
      await element.updateComplete;
      expect(answers).to.deep.equal([{ accepted: false }]);
      expect(part(element, 'terms')).to.equal(null);
      expect(mic.streams).to.have.length(0);

      await element.start(); // a page's own start() asks too
      await element.updateComplete;
      part(element, 'accept-button')!.click();
      await waitFor(() => element.state === 'listening', 'the call to go live after Accept');
      expect(answers).to.deep.equal([{ accepted: false }, { accepted: true }]);
      expect(localStorage.getItem('voice-agent-consent')).to.equal(termsFingerprint(TERMS));
      await element.stop();

      const again = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" terms=${TERMS}></voice-agent>`);
      await again.start();
      await waitFor(() => again.state === 'listening', 'accepted terms are not asked again');
      await again.stop();

      const changed = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" terms="New terms."></voice-agent>`);
      await changed.start();
      await changed.updateComplete;
      expect(part(changed, 'terms'), 'changed terms are asked again').to.not.equal(null);
      expect(changed.state).to.equal('idle');
    } finally {
      mic.restore();
    }
  });

  it('a terms slot shows the page\'s own markup (links) and its text is what is remembered', async () => {
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="a"><span slot="terms">I agree to the <a href="/terms">terms of service</a>.</span></voice-agent>`,
    );
    await element.start();
    await element.updateComplete;
    const slot = part(element, 'terms')!.querySelector('slot')!;
    expect(slot.assignedElements()[0].querySelector('a')!.getAttribute('href')).to.equal('/terms');
    part(element, 'accept-button')!.click();
    await waitFor(() => element.state === 'listening', 'the call after Accept');
    expect(localStorage.getItem('voice-agent-consent')).to.equal(termsFingerprint('I agree to the terms of service.'));
    await element.stop();
  });

  it('storage refused (Safari private mode): consent holds for this page, nothing throws', async () => {
    const { getItem, setItem } = Storage.prototype;
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Storage.prototype.getItem = refuse;
    Storage.prototype.setItem = refuse;
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(event);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" terms="Private terms."></voice-agent>`);
      await element.start();
      await element.updateComplete;
      part(element, 'accept-button')!.click();
      await waitFor(() => element.state === 'listening', 'the call after Accept');
      await element.stop();
      const second = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="a" terms="Private terms."></voice-agent>`);
      await second.start();
      await waitFor(() => second.state === 'listening', 'no second question on this page');
      await second.stop();
      expect(errors).to.have.length(0);
    } finally {
      Storage.prototype.getItem = getItem;
      Storage.prototype.setItem = setItem;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });
});
