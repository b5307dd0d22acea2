// Audio the browser holds back. Chromium under test lets every
// context play, so the resource watch stands in for the policies: contexts that start
// suspended and resume only inside a trusted gesture (WebKit's rule, the strictest), Safari's
// 'interrupted' state, and a hidden tab. Clicks are real input (sendMouse), so they are trusted.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { waitFor } from '../helpers/stubs';
import { buttonOf, centreOf, hintOf, recordStates, sleep, statusOf } from '../helpers/widget';
import { inspect, type InspectedLyzrSession } from '../servers/mock-client';

describe('faults: audio suspended by the autoplay policy', () => {
  const harness = useFaultHarness({ audioUnlockTimeoutMs: 1500 });

  async function lyzrWidget() {
    harness.watch.requireGestureForAudio();
    return fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`);
  }

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
  const harness = useFaultHarness({ audioResumeTimeoutMs: 1500 });

  async function liveLyzrCall() {
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    const states = recordStates(element);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    return { element, states, context: harness.watch.contexts[0] };
  }

  it("Safari 'interrupted' (a phone call, Siri): visible state, silence keeps the socket alive, resumes when it ends", async () => {
    const { element, states, context } = await liveLyzrCall();
    await harness.watch.interrupt(context);
    await waitFor(() => element.state === 'reconnecting', 'the interruption to show');
    await element.updateComplete;
    expect(statusOf(element)).to.equal('Reconnecting…');
    expect(hintOf(element)).to.equal('The browser paused the audio — resuming…');
    // The capture worklet is stopped with its context: keepalive zero frames stand in for it.
    const before = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    await sleep(600);
    const during = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    expect(during.keepaliveZeroFrames - before.keepaliveZeroFrames, 'about 30 zero frames in 600 ms').to.be.within(20, 45);
    harness.watch.endInterruption(context);
    await waitFor(() => element.state === 'listening', 'the call to resume', 3000);
    expect(context.state).to.equal('running');
    expect(states.map((s) => s.state).slice(-2)).to.deep.equal(['reconnecting', 'listening']);
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
    await waitFor(() => element.state === 'reconnecting', 'the suspension to show');
    await sleep(300);
    expect(context.state, 'no resume while hidden').to.equal('suspended');
    const visibleAt = performance.now();
    harness.watch.setTabVisible(true);
    await waitFor(() => element.state === 'listening', 'the call to resume');
    // Well before the once-a-second retry: the visibilitychange itself resumed it.
    expect(performance.now() - visibleAt).to.be.lessThan(500);
    await element.stop();
    await harness.expectClean();
  });

  it('the audio never comes back: the call ends cleanly with a visible error (mic, socket 1000, context)', async () => {
    const { element } = await liveLyzrCall();
    const session = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    await harness.watch.interrupt(harness.watch.contexts[0]);
    await waitFor(() => element.state === 'error', 'the call to give up', 4000);
    expect(statusOf(element)).to.equal('Something went wrong');
    expect(hintOf(element)).to.match(/The browser stopped the audio of the call/);
    await harness.expectClean();
    await sleep(100);
    const closed = await inspect<InspectedLyzrSession>(harness.servers.lyzr, session.sessionId);
    expect(closed.closedBy).to.equal('client');
    expect(closed.closeCode).to.equal(1000);
  });
});
