// Microphone and platform faults: permission denied, a page that forbids the microphone, no
// device, the device unplugged mid-call, a page that is not secure, no usable AudioContext.
// Each gets a named state, never an exception, and nothing stays open.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { extraMicrophone, recordMicrophoneRequests, unpluggableMicrophone } from '../helpers/microphones';
import { engine } from '../helpers/engine';
import { failMicrophone, spyOnMicrophone, waitFor } from '../helpers/stubs';
import { hintOf, recordEvents, statusOf } from '../helpers/widget';
import { inspect, type InspectedLyzrSession } from '../servers/mock-client';

type ErrorDetail = { state: string; message: string };

describe('faults: the microphone', () => {
  const harness = useFaultHarness();

  const lyzrWidget = () =>
    fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`);

  const refusals: Array<[string, string, string, RegExp]> = [
    ['NotAllowedError', 'mic-denied', 'Microphone blocked', /Allow microphone access/],
    ['NotFoundError', 'no-mic', 'No microphone found', /Connect a microphone/],
    ['NotReadableError', 'error', 'Something went wrong', /in use by another application/],
  ];
  for (const [name, state, status, hint] of refusals) {
    it(`getUserMedia rejects with ${name}: state ${state}, no session, nothing open`, async () => {
      harness.use(() => failMicrophone(name));
      const element = await lyzrWidget();
      const errors = recordEvents<ErrorDetail>(element, 'voice-agent-error');
      await element.start();
      expect(element.state).to.equal(state);
      expect(statusOf(element)).to.equal(status);
      expect(hintOf(element)).to.match(hint);
      expect(errors.map((error) => error.state)).to.deep.equal([state]);
      expect(harness.watch.fetches, 'no session without a mic').to.have.length(0);
      expect(harness.watch.sockets).to.have.length(0);
      await harness.expectClean();
    });
  }

  it('the page forbids the microphone (Permissions-Policy, iframe without allow): a state the site owner can act on', async () => {
    // The browser's answer is simulated: Chromium exposes the policy as document.featurePolicy.
    harness.use(() => {
      Object.defineProperty(document, 'featurePolicy', { configurable: true, value: { allowsFeature: (feature: string) => feature !== 'microphone' } });
      return { restore: () => delete (document as { featurePolicy?: unknown }).featurePolicy };
    });
    const asked = spyOnMicrophone();
    try {
      const element = await lyzrWidget();
      const errors = recordEvents<ErrorDetail>(element, 'voice-agent-error');
      await element.start();
      expect(element.state).to.equal('mic-forbidden');
      expect(statusOf(element)).to.equal('Microphone not allowed on this page');
      expect(hintOf(element)).to.contain('allow="microphone"').and.contain('Permissions-Policy');
      expect(hintOf(element), 'not the visitor\'s address-bar advice').to.not.match(/address bar/);
      expect(errors.map((error) => error.state)).to.deep.equal(['mic-forbidden']);
      expect(asked.streams, 'no prompt the page cannot grant').to.have.length(0);
      expect(harness.watch.fetches).to.have.length(0);
      await harness.expectClean();
    } finally {
      asked.restore();
    }
  });

  const policyApi = Boolean((document as { featurePolicy?: unknown; permissionsPolicy?: unknown }).featurePolicy ?? (document as { permissionsPolicy?: unknown }).permissionsPolicy);
  const policyTitle = policyApi
    ? 'the real policy of an iframe with allow="microphone \'none\'" is read as forbidding, the page itself as allowing'
    : `the real policy of an iframe with allow="microphone 'none'" (${engine}: no permissions policy API — neither reads as forbidding, the getUserMedia error decides)`;
  it(policyTitle, async () => {
    const { pageForbidsMicrophone } = await import('../../src/audio/mic-error');
    const frame = document.createElement('iframe');
    frame.setAttribute('allow', "microphone 'none'");
    document.body.append(frame);
    try {
      expect(pageForbidsMicrophone(frame.contentDocument!)).to.equal(policyApi);
      expect(pageForbidsMicrophone(document)).to.equal(false);
    } finally {
      frame.remove();
    }
  });

  it('a headset unplugged mid-call while another microphone is there: the call carries on with the default one', async () => {
    const mic = harness.use(unpluggableMicrophone);
    const asked = harness.use(recordMicrophoneRequests);
    const element = await lyzrWidget();
    const errors = recordEvents<ErrorDetail>(element, 'voice-agent-error');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await waitFor(() => (element.stats?.framesSent ?? 0) > 10, 'mic audio on the wire');
    const { sessionId } = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    // The pulled-out device's track ends; the fake device stays available as the default one.
    const [track] = harness.watch.liveTracks();
    mic.unplug();
    await waitFor(() => asked.requests.length === 2, 'a new default microphone');
    expect(asked.requests[1], 'the default device, whatever it is now').to.deep.equal({ deviceId: null });
    await waitFor(() => track.readyState === 'ended', 'the lost track to be released');
    const before = await inspect<InspectedLyzrSession>(harness.servers.lyzr, sessionId);
    let after = before;
    for (const deadline = performance.now() + 5000; after.frames - before.frames < 25 && performance.now() < deadline; ) {
      await waitFor(() => false, 'more audio', 200).catch(() => undefined);
      after = await inspect<InspectedLyzrSession>(harness.servers.lyzr, sessionId);
    }
    expect(after.frames - before.frames, 'frames go on from the new mic, on the same session').to.be.at.least(25);
    expect(after.closed, 'no reconnection').to.equal(false);
    expect(element.state).to.be.oneOf(['listening', 'speaking']);
    expect(errors).to.deep.equal([]);
    await element.stop();
    await harness.expectClean();
  });

  it('the device is unplugged mid-call and no microphone is left: no-mic, the call ends cleanly (mic first, then socket 1000)', async () => {
    const mic = harness.use(unpluggableMicrophone);
    const element = await lyzrWidget();
    const errors = recordEvents<ErrorDetail>(element, 'voice-agent-error');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const session = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    harness.use(() => failMicrophone('NotFoundError'));
    mic.unplug();
    await waitFor(() => element.state === 'no-mic', 'the unplugged mic to be noticed');
    expect(statusOf(element)).to.equal('No microphone found');
    expect(hintOf(element)).to.match(/Connect a microphone, then start the call again/);
    expect(errors).to.deep.equal([{ state: 'no-mic', message: 'The microphone was disconnected.' }]);
    await harness.expectClean();
    await waitFor(() => false, 'the close to reach the mock', 200).catch(() => undefined);
    const closed = await inspect<InspectedLyzrSession>(harness.servers.lyzr, session.sessionId);
    expect(closed.closedBy).to.equal('client');
    expect(closed.closeCode).to.equal(1000);
    expect(closed.violations).to.deep.equal([]);
  });


  it('a headset plugged in mid-call (devicechange) becomes the mic, unless the visitor picked one', async () => {
    const asked = harness.use(recordMicrophoneRequests);
    const headset = harness.use(() => extraMicrophone('usb-headset'));
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await waitFor(() => false, 'the engine to list the microphones', 300).catch(() => undefined);
    headset.plugIn();
    await waitFor(() => asked.requests.length === 2, 'the call to follow the new default microphone');
    expect(asked.requests[1]).to.deep.equal({ deviceId: null });
    await element.stop();

    localStorage.setItem('voice-agent-microphone', 'usb-headset');
    try {
      headset.unplug();
      await element.start();
      await waitFor(() => element.state === 'listening', 'a second call on the chosen microphone');
      const requests = asked.requests.length;
      headset.plugIn('another-headset');
      await waitFor(() => false, 'a switch that must not come', 500).catch(() => undefined);
      expect(asked.requests.length, 'the visitor\'s choice is kept').to.equal(requests);
      await element.stop();
    } finally {
      localStorage.removeItem('voice-agent-microphone');
    }
    await harness.expectClean();
  });

  it('a remembered microphone that is gone (unplugged since the last visit): the default one, not an error', async () => {
    localStorage.setItem('voice-agent-microphone', 'a-device-unplugged-last-week');
    const asked = harness.use(recordMicrophoneRequests);
    try {
      const element = await lyzrWidget();
      await element.start();
      await waitFor(() => element.state === 'listening', 'the call to go live');
      expect(asked.requests).to.deep.equal([{ deviceId: 'a-device-unplugged-last-week' }, { deviceId: null }]);
      await element.stop();
    } finally {
      localStorage.removeItem('voice-agent-microphone');
    }
    await harness.expectClean();
  });
});

describe('faults: the page cannot do audio', () => {
  const harness = useFaultHarness();

  it('not a secure page (no navigator.mediaDevices): state insecure, no exception, nothing open', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices')!;
    Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined });
    try {
      const element = await fixture<VoiceAgentElement>(
        html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
      );
      const errors = recordEvents<ErrorDetail>(element, 'voice-agent-error');
      await element.start();
      expect(element.state).to.equal('insecure');
      expect(statusOf(element)).to.equal('Microphone needs a secure (https) page');
      expect(hintOf(element)).to.match(/only allow the microphone on https:\/\/ pages/);
      expect(errors.map((error) => error.state)).to.deep.equal(['insecure']);
      expect(harness.watch.fetches).to.have.length(0);
      expect(harness.watch.sockets).to.have.length(0);
      await harness.expectClean();
    } finally {
      Object.defineProperty(Navigator.prototype, 'mediaDevices', descriptor);
    }
  });

  it('the audio worklets do not load (a wrong worklet-base): a named error, and the mic granted meanwhile is released', async () => {
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} worklet-base=${`${harness.servers.lyzr}/no-worklets/`}></voice-agent>`,
    );
    await element.start();
    expect(element.state).to.equal('error');
    const hint = `Could not start the call: the audio worklet did not load from ${harness.servers.lyzr}/no-worklets/capture-processor.js (check worklet-base, CORS and the CSP's script-src).`;
    expect(hintOf(element)).to.equal(hint);
    expect(harness.watch.fetches, 'no session').to.have.length(0);
    await harness.expectClean();

    // Remembered: the next Start call fails at once with the same error, without refetching.
    const loads: string[] = [];
    harness.use(() => {
      const addModule = AudioWorklet.prototype.addModule;
      AudioWorklet.prototype.addModule = function (url: string | URL, options?: WorkletOptions) {
        loads.push(String(url));
        return addModule.call(this, url, options);
      };
      return { restore: () => (AudioWorklet.prototype.addModule = addModule) };
    });
    await element.start();
    expect(element.state).to.equal('error');
    expect(hintOf(element)).to.equal(hint);
    expect(loads.filter((url) => url.includes('/no-worklets/')), 'no second fetch of the files that failed').to.deep.equal([]);
    await harness.expectClean();
  });

  it('no usable AudioContext (the constructor throws): a named error, no exception, nothing open', async () => {
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    const counted = window.AudioContext;
    window.AudioContext = class {
      constructor() {
        throw new DOMException('AudioContext is not allowed here', 'NotSupportedError');
      }
    } as unknown as typeof AudioContext;
    try {
      await element.start();
    } finally {
      window.AudioContext = counted;
    }
    expect(element.state).to.equal('error');
    expect(hintOf(element)).to.equal('Could not start the call: AudioContext is not allowed here');
    expect(harness.watch.streams, 'no mic requested').to.have.length(0);
    expect(harness.watch.fetches).to.have.length(0);
    await harness.expectClean();
  });
});
