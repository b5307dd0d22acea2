// Audio the browser holds back. Chromium under test lets every
// context play, so the resource watch stands in for the policies: contexts that start
// suspended and resume only inside a trusted gesture (WebKit's rule, the strictest), Safari's
// 'interrupted' state, and a hidden tab. Clicks are real input (sendMouse), so they are trusted.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { closedLyzrSession, useFaultHarness, type FaultHarness } from '../helpers/fault-harness';
import { waitFor } from '../helpers/stubs';
import { buttonOf, centreOf, hintOf, recordStates, sleep, statusOf } from '../helpers/widget';
import { inspect, waitFor as waitUntil, type InspectedLyzrSession } from '../servers/mock-client';

/** A widget whose audio, like every context from now on, starts only inside a trusted gesture. */
async function gestureLockedWidget(harness: FaultHarness) {
  harness.watch.requireGestureForAudio();
  return fixture<VoiceAgentElement>(
    html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
  );
}

describe('faults: audio suspended by the autoplay policy', () => {
  // The default 15 s for a gesture: a slow test runner's click still comes in time.
  const harness = useFaultHarness();
  const lyzrWidget = () => gestureLockedWidget(harness);

  it('a click on Start resumes the suspended context at once: the call goes live with audio running', async () => {
    const element = await lyzrWidget();
    await sendMouse({ type: 'click', position: centreOf(buttonOf(element)) });
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const [context] = harness.watch.contexts;
    expect(context.state).to.equal('running');
    await waitFor(() => (element.stats?.framesSent ?? 0) > 10, 'mic audio, which needs a running context');
    await element.stop();
    await harness.expectClean();
  });

  it('start() outside a gesture waits, says so, and the first click anywhere unlocks it (iOS/Safari)', async () => {
    const element = await lyzrWidget();
    const states = recordStates(element);
    void element.start();
    await waitFor(() => states.some((s) => /Click or tap the page to turn the audio on/.test(s.message)), 'the call to ask for a gesture');
    expect(element.state).to.equal('requesting-mic');
    expect(harness.watch.contexts[0].state).to.equal('suspended');
    expect(harness.watch.sockets, 'no socket while the audio is blocked').to.have.length(0);
    await sendMouse({ type: 'click', position: [5, 5] });
    await waitFor(() => element.state === 'listening', 'the gesture to unlock audio and the call to go live');
    expect(harness.watch.contexts[0].state).to.equal('running');
    await element.stop();
    await harness.expectClean();
  });
});

describe('faults: audio suspended by the autoplay policy, and no gesture comes', () => {
  const harness = useFaultHarness({ limits: { audioUnlockTimeoutMs: 1500 } });
  const lyzrWidget = () => gestureLockedWidget(harness);

  it('no gesture ever comes: a named error after the unlock timeout, nothing left open', async () => {
    const element = await lyzrWidget();
    await element.start();
    expect(element.state).to.equal('error');
    expect(hintOf(element)).to.equal('The browser did not allow audio to play. Start the call with a click or tap.');
    expect(harness.watch.sockets).to.have.length(0);
    await harness.expectClean();
  });
});

describe('faults: audio interrupted mid-call', () => {
  // The calls run on a clock the test moves: the keepalive sends one silent frame per 20 ms of
  // it, and the call gives up on the audio only when the test lets 1.5 s of it pass.
  const AUDIO_RESUME_TIMEOUT_MS = 1500;
  const harness = useFaultHarness({ manualClock: true, limits: { audioResumeTimeoutMs: AUDIO_RESUME_TIMEOUT_MS } });

  async function liveLyzrCall() {
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
    );
    const states = recordStates(element);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    return { element, states, context: harness.watch.contexts[0] };
  }

  /** The mock's view of the session once no frame has arrived for 200 ms. */
  async function settledSession(): Promise<InspectedLyzrSession> {
    let last = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    for (let tries = 0; tries < 25; tries++) {
      await sleep(200);
      const next = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
      if (next.frames === last.frames) return next;
      last = next;
    }
    throw new Error('mic frames kept arriving while the audio was paused');
  }

  it("Safari 'interrupted' (a phone call, Siri): visible state, silence keeps the socket alive, resumes when it ends", async () => {
    const { element, states, context } = await liveLyzrCall();
    await harness.watch.interrupt(context);
    await waitFor(() => element.state === 'audio-paused', 'the interruption to show');
    await element.updateComplete;
    expect(statusOf(element)).to.equal('Audio paused');
    expect(hintOf(element)).to.match(/^The browser paused the audio \(a phone call/);
    // The capture worklet is stopped with its context: keepalive zero frames stand in for it,
    // one per 20 ms of the call's clock. (The fake mic's pauses are zero frames too: the count
    // starts once the mic's last frames have arrived.) 600 ms in six steps, each delivered
    // before the next: a whole second at once would be a burst the congestion queue cuts.
    const before = await settledSession();
    for (let step = 1; step <= 6; step++) {
      harness.clock.advance(100);
      await waitUntil(async () => (await inspect(harness.servers.lyzr)).frames >= before.frames + 5 * step, 5000, `the keepalive frames of step ${step}`);
    }
    const during = await settledSession();
    expect(during.frames - before.frames, 'frames in 600 ms of the paused call').to.equal(30);
    expect(during.keepaliveZeroFrames - before.keepaliveZeroFrames, 'all of them silent').to.equal(30);
    harness.watch.endInterruption(context);
    await waitFor(() => element.state === 'listening', 'the call to resume', 3000);
    expect(context.state).to.equal('running');
    expect(states.map((s) => s.state).slice(-2)).to.deep.equal(['audio-paused', 'listening']);
    expect(states.map((s) => s.state), 'a pause is not a reconnection').to.not.include('reconnecting');
    const after = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    expect(after.closed, 'the same socket carried on').to.equal(false);
    expect(after.violations).to.deep.equal([]);
    await element.stop();
    await harness.expectClean();
  });

  it('tab hidden and its audio suspended: resumes as soon as the tab is visible again', async () => {
    const { element, context } = await liveLyzrCall();
    harness.watch.setTabVisible(false);
    await harness.watch.interrupt(context, 'hidden');
    await waitFor(() => element.state === 'audio-paused', 'the suspension to show');
    await sleep(300);
    expect(context.state, 'no resume while hidden').to.equal('suspended');
    harness.watch.setTabVisible(true);
    // The visibilitychange itself resumed it (during its dispatch), not the once-a-second retry.
    expect(context.lock, 'resumed while the tab became visible').to.equal(null);
    await waitFor(() => element.state === 'listening', 'the call to resume');
    await element.stop();
    await harness.expectClean();
  });

  it('the audio never comes back: the call ends cleanly with a visible error (mic, socket 1000, context)', async () => {
    const { element } = await liveLyzrCall();
    const session = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    await harness.watch.interrupt(harness.watch.contexts[0]);
    await waitFor(() => element.state === 'audio-paused', 'the interruption to show');
    harness.clock.advance(AUDIO_RESUME_TIMEOUT_MS - 1);
    expect(element.state, 'still waiting for the audio').to.equal('audio-paused');
    harness.clock.advance(1);
    await waitFor(() => element.state === 'error', 'the call to give up');
    expect(statusOf(element)).to.equal('Something went wrong');
    expect(hintOf(element)).to.match(/The browser stopped the audio of the call/);
    await harness.expectClean();
    const closed = await closedLyzrSession(harness.servers.lyzr, session.sessionId);
    expect(closed.closedBy).to.equal('client');
    expect(closed.closeCode).to.equal(1000);
  });
});

describe('faults: Safari and iOS audio behaviour, simulated where the device is out of reach', () => {
  const harness = useFaultHarness();
  const lyzrWidget = () =>
    fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`);

  it("iOS after a phone call: the context stays 'interrupted' until a tap, and Resume audio brings the call back", async () => {
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const [context] = harness.watch.contexts;
    await harness.watch.interrupt(context);
    harness.watch.endInterruption(context, { resumeNeedsGesture: true });
    await sleep(1500); // past the once-a-second retry: without a tap nothing can resume it
    expect(element.state).to.equal('audio-paused');
    await element.updateComplete;
    const resume = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="resume-button"]');
    expect(resume?.textContent?.trim()).to.equal('Resume audio');
    await sendMouse({ type: 'click', position: centreOf(resume!) });
    await waitFor(() => element.state === 'listening', 'the tap to resume the call');
    expect(context.state).to.equal('running');
    expect(element.shadowRoot!.querySelector('[part="resume-button"]'), 'gone once the audio is back').to.equal(null);
    await element.stop();
    await harness.expectClean();
  });

  it('the first agent message is not silent: the click on Start resumes the context and starts a sound inside the gesture', async () => {
    harness.watch.requireGestureForAudio();
    const element = await lyzrWidget();
    // True from the click's capture phase on window until its dispatch is over.
    let clicking = false;
    const inGesture: string[] = [];
    harness.use(() => {
      const start = AudioBufferSourceNode.prototype.start;
      AudioBufferSourceNode.prototype.start = function (...args: Parameters<typeof start>) {
        inGesture.push(`start:${clicking}`);
        return start.apply(this, args);
      };
      const onClick = () => (clicking = true);
      const afterClick = () => setTimeout(() => (clicking = false));
      window.addEventListener('click', onClick, { capture: true });
      window.addEventListener('click', afterClick);
      return {
        restore: () => {
          AudioBufferSourceNode.prototype.start = start;
          window.removeEventListener('click', onClick, { capture: true });
          window.removeEventListener('click', afterClick);
        },
      };
    });
    await sendMouse({ type: 'click', position: centreOf(buttonOf(element)) });
    await waitFor(() => element.state === 'listening', 'the call to go live');
    expect(inGesture[0], 'a silent sound started during the click itself').to.equal('start:true');
    expect(harness.watch.contexts[0].state, 'the context resumed by that click').to.equal('running');
    await element.stop();
    await harness.expectClean();
  });

  it("navigator.audioSession (Safari 16.4+): 'play-and-record' before the mic opens, the page's own type back after", async () => {
    const session = { type: 'auto' };
    const typeWhenMicAsked: string[] = [];
    harness.use(() => {
      Object.defineProperty(navigator, 'audioSession', { configurable: true, value: session });
      const devices = navigator.mediaDevices;
      const getUserMedia = devices.getUserMedia;
      devices.getUserMedia = function (constraints?: MediaStreamConstraints) {
        typeWhenMicAsked.push(session.type);
        return getUserMedia.call(devices, constraints);
      };
      return {
        restore: () => {
          delete (navigator as { audioSession?: unknown }).audioSession;
          devices.getUserMedia = getUserMedia;
        },
      };
    });
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    expect(typeWhenMicAsked).to.deep.equal(['play-and-record']);
    expect(session.type).to.equal('play-and-record');
    await element.stop();
    expect(session.type, "the page's own type restored").to.equal('auto');
    await harness.expectClean();
  });

  it('the browser closes the AudioContext itself (seen on iPhone): a named error, mic released, socket closed 1000', async () => {
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const session = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    await harness.watch.contexts[0].close();
    await waitFor(() => element.state === 'error', 'the call to end');
    expect(statusOf(element)).to.equal('Something went wrong');
    expect(hintOf(element)).to.match(/^The browser stopped the audio of the call/);
    await harness.expectClean();
    const closed = await closedLyzrSession(harness.servers.lyzr, session.sessionId);
    expect([closed.closedBy, closed.closeCode]).to.deep.equal(['client', 1000]);
  });

  it('pagehide (navigation or the back/forward cache): the call ends cleanly at once; back on the page, Start works again', async () => {
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const session = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(element.state, 'ended synchronously, before the page freezes').to.equal('ended');
    await harness.expectClean();
    const closed = await closedLyzrSession(harness.servers.lyzr, session.sessionId);
    expect([closed.closedBy, closed.closeCode]).to.deep.equal(['client', 1000]);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await element.updateComplete;
    expect(statusOf(element)).to.equal('Call ended');
    expect(hintOf(element)).to.equal('The call ended when you left the page. Start it again when you are ready.');
    await element.start();
    await waitFor(() => element.state === 'listening', 'a new call');
    await element.stop();
    await harness.expectClean();
  });
});
