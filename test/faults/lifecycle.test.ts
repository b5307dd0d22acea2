// The host page doing things to the widget: removing it mid-call,
// re-adding it, changing attributes mid-call, two widgets, start() pressed twice. The mic
// tracks, sockets and contexts must match what is live: one each per call, none after it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { closedLyzrSession, useFaultHarness } from '../helpers/fault-harness';
import { slowMicrophone } from '../helpers/microphones';
import { waitFor } from '../helpers/stubs';
import { buttonOf, recordStates, sleep, statusOf } from '../helpers/widget';
import { inspect, inspectAfterFrames, setFaults, type InspectedLyzrSession } from '../servers/mock-client';

describe('faults: the element is removed, re-added or reconfigured mid-call', () => {
  // The calls' clock moves only when a test says: the reconnection below starts only after the
  // test has cleared the fault that dropped the first socket.
  const harness = useFaultHarness({ manualClock: true });

  async function lyzrWidget(agentId = 'agent-a') {
    const container = await fixture<HTMLDivElement>(
      html`<div><voice-agent provider="lyzr" agent-id=${agentId} server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent></div>`,
    );
    return { container, element: container.querySelector('voice-agent') as VoiceAgentElement };
  }

  it('removed mid-call: mic stopped, socket closed (1000, by us), context closed; re-added, it starts again', async () => {
    const { container, element } = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const first = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    element.remove();
    await harness.watch.allReleased();
    expect(element.state).to.equal('ended');
    const closed = await closedLyzrSession(harness.servers.lyzr, first.sessionId);
    expect([closed.closedBy, closed.closeCode]).to.deep.equal(['client', 1000]);

    container.append(element);
    await element.updateComplete;
    expect(statusOf(element)).to.equal('Call ended');
    buttonOf(element).click();
    await waitFor(() => element.state === 'listening', 'the re-added widget to go live');
    expect((await inspect<InspectedLyzrSession>(harness.servers.lyzr)).sessionId, 'a new session').to.not.equal(first.sessionId);
    expect(harness.watch.liveTracks()).to.have.length(1);
    await element.stop();
    await harness.expectClean();
  });

  it('removed while the mic permission is pending: no session, no socket, the late mic is released', async () => {
    harness.use(() => slowMicrophone(400));
    const { element } = await lyzrWidget();
    void element.start();
    await waitFor(() => element.state === 'requesting-mic', 'the mic request');
    element.remove();
    await sleep(600);
    expect(harness.watch.streams, 'the mic arrived after removal').to.have.length(1);
    expect(harness.watch.fetches).to.have.length(0);
    expect(harness.watch.sockets).to.have.length(0);
    await harness.expectClean();
  });

  it('removed while the session request is pending: no socket ever opens', async () => {
    // Long enough that the removal comes first even on a loaded machine; then wait past the answer.
    await setFaults(harness.servers.lyzr, { sessionDelayMs: 2000 });
    const { element } = await lyzrWidget();
    void element.start();
    await waitFor(() => element.state === 'connecting', 'the session request');
    element.remove();
    await sleep(2300);
    expect(harness.watch.sockets).to.have.length(0);
    await harness.expectClean();
  });

  it('attributes changed mid-call apply to the next call, even across a reconnection', async () => {
    await setFaults(harness.servers.lyzr, { closeAfterMs: 400, closeCode: 1011 });
    const { element } = await lyzrWidget('agent-a');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await setFaults(harness.servers.lyzr, {});
    element.setAttribute('agent-id', 'agent-b');
    element.setAttribute('frame-ms', '40');
    await waitFor(() => element.state === 'reconnecting', 'the drop');
    await harness.clock.fire(500, 'the backoff before the first attempt');
    await waitFor(() => harness.watch.sockets.length === 2 && element.state === 'listening', 'the reconnection');
    const reconnected = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    expect(reconnected.agentId, 'the running call keeps its agent').to.equal('agent-a');
    expect(Object.keys((await inspectAfterFrames<InspectedLyzrSession>(harness.servers.lyzr)).frameSampleCounts), 'and its frame size').to.deep.equal(['480']);
    await element.stop();

    await element.start();
    await waitFor(() => element.state === 'listening', 'the next call');
    const next = await inspectAfterFrames<InspectedLyzrSession>(harness.servers.lyzr);
    expect(next.agentId).to.equal('agent-b');
    expect(Object.keys(next.frameSampleCounts)).to.deep.equal(['960']);
    await element.stop();
    await harness.expectClean();
  });

  it('an attribute change that breaks the configuration mid-call still lets the visitor end the call', async () => {
    const { element } = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    element.removeAttribute('agent-id');
    await element.updateComplete;
    const button = buttonOf(element);
    expect(button.textContent!.trim()).to.equal('End call');
    expect(button.disabled, 'End call must stay usable while a call is live (fix in voice-agent.ts)').to.equal(false);
    button.click();
    await harness.expectClean();
  });
});

describe('faults: start pressed twice, two widgets', () => {
  const harness = useFaultHarness();

  const lyzrWidget = (id = 'w') =>
    html`<voice-agent id=${id} provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`;

  it('start() twice in the same tick: one mic, one socket', async () => {
    const element = await fixture<VoiceAgentElement>(lyzrWidget());
    void element.start();
    void element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await sleep(300);
    expect(harness.watch.streams).to.have.length(1);
    expect(harness.watch.sockets).to.have.length(1);
    expect(harness.watch.contexts).to.have.length(1);
    await element.stop();
    await harness.expectClean();
  });

  it('start, stop, start in quick succession: only the last call holds a mic, a socket and a context', async () => {
    const element = await fixture<VoiceAgentElement>(lyzrWidget());
    void element.start();
    void element.stop();
    void element.start();
    await waitFor(() => element.state === 'listening', 'the last call to go live');
    await sleep(300);
    harness.expectHeldBy(1);
    await element.stop();
    await harness.expectClean();
  });

  it('two widgets started together (each twice): one mic and one socket each; ending one leaves the other', async () => {
    const container = await fixture<HTMLDivElement>(html`<div>${lyzrWidget('first')}${lyzrWidget('second')}</div>`);
    const [first, second] = container.querySelectorAll<VoiceAgentElement>('voice-agent');
    for (const element of [first, second, first, second]) void element.start();
    await waitFor(() => first.state === 'listening' && second.state === 'listening', 'both calls live');
    await sleep(300);
    harness.expectHeldBy(2);
    await first.stop();
    await sleep(200);
    expect(second.state).to.be.oneOf(['listening', 'speaking']);
    harness.expectHeldBy(1);
    await second.stop();
    await harness.expectClean();
  });

  it('Start clicked twice quickly: the call goes on, with one mic and one socket', async () => {
    const element = await fixture<VoiceAgentElement>(lyzrWidget());
    const states = recordStates(element);
    buttonOf(element).click();
    await element.updateComplete;
    buttonOf(element).click();
    await waitFor(() => element.state === 'listening' || element.state === 'ended', 'the call to go live (or end)');
    expect(states.map((s) => s.state), 'the second click of a double click does not hang up').to.not.include('ended');
    expect(element.state).to.be.oneOf(['listening', 'speaking']);
    expect(harness.watch.streams.length).to.equal(1);
    expect(harness.watch.sockets.length).to.equal(1);
    expect(harness.watch.liveTracks().length).to.equal(1);
    await element.stop();
    await harness.expectClean();
  });
});
