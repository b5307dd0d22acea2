// Connection faults: the agent hangs up mid-call or never answers,
// and a slow network. Reconnection must use a new session each time with bounded backoff and
// end in a final error; congestion must drop the oldest mic audio, bounded and counted. The
// calls run on a clock the test moves: each backoff and time limit runs out when the test says,
// so a slow machine changes nothing but how long the test takes.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { chirpMicrophone, recordCaptureFrames } from '../helpers/microphones';
import { lyzrAgent, pcm16OfLyzrFrame } from '../helpers/lyzr-agent';
import { waitFor } from '../helpers/stubs';
import { hintOf, recordEvents, recordStates, statusOf } from '../helpers/widget';
import {
  brokerSessionEndpoint,
  inspect,
  setFaults,
  type InspectedLyzrSession,
  type MockFaults,
  waitFor as waitUntil,
} from '../servers/mock-client';

/** The first reconnection's backoff (the default limit). */
const FIRST_BACKOFF_MS = 500;

describe('faults: the socket closes mid-call', () => {
  const harness = useFaultHarness({ manualClock: true });

  async function liveLyzrCall(faults: MockFaults) {
    await setFaults(harness.servers.lyzr, faults);
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
    );
    const states = recordStates(element);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const first = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
    // Faults apply to sockets opened after they are set: the next session behaves.
    await setFaults(harness.servers.lyzr, {});
    return { element, states, first };
  }

  it('the reconnection notice follows the page language; the event detail stays English', async () => {
    await setFaults(harness.servers.lyzr, { closeAfterMs: 300 });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent lang="es" provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
    );
    const states = recordStates(element);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await setFaults(harness.servers.lyzr, {});
    await waitFor(() => states.some((s) => s.state === 'reconnecting' && s.hint !== undefined), 'the reconnecting render');
    await harness.clock.fire(FIRST_BACKOFF_MS, 'the backoff before the first attempt');
    const reconnecting = states.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.status).to.equal('Reconectando…');
    expect(reconnecting.hint).to.equal('Se perdió la conexión; reconectando (intento 1 de 4)…');
    expect(reconnecting.message).to.equal('Connection lost — reconnecting (attempt 1 of 4)…');
    await waitFor(() => element.state === 'listening', 'the reconnection', 8000);
    await element.stop();
  });

  const closes: Array<[string, number]> = [
    ['clean (1000)', 1000],
    ['abnormal (1006, TCP dropped)', 1006],
    ['server error (1011)', 1011],
  ];
  for (const [name, code] of closes) {
    it(`${name}: reconnects on a new session, visibly, keeping the mic`, async () => {
      const { element, states, first } = await liveLyzrCall({ closeAfterMs: 300, closeCode: code });
      await waitFor(() => states.some((s) => s.state === 'reconnecting'), 'the drop to be noticed');
      expect(harness.watch.fetches, 'no new session before the backoff ran out').to.have.length(1);
      await harness.clock.fire(FIRST_BACKOFF_MS, 'the backoff before the first attempt');
      await waitFor(() => element.state === 'listening' && harness.watch.sockets.length === 2, 'the reconnection', 8000);
      const reconnecting = states.find((s) => s.state === 'reconnecting')!;
      await waitFor(() => reconnecting.hint !== undefined, 'the render');
      expect(reconnecting.status).to.equal('Reconnecting…');
      expect(reconnecting.hint).to.equal('Connection lost — reconnecting (attempt 1 of 4)…');
      const second = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
      expect(second.sessionId, 'a new session').to.not.equal(first.sessionId);
      const firstAfter = await inspect<InspectedLyzrSession>(harness.servers.lyzr, first.sessionId);
      expect(firstAfter.closedBy).to.equal('server');
      expect(firstAfter.reuseAttempts, 'the old wsUrl is never reused').to.equal(0);
      expect(element.stats!.reconnects).to.equal(1);
      expect(harness.watch.streams, 'the mic stays open across the reconnection').to.have.length(1);
      expect(harness.watch.openSockets()).to.have.length(1);
      await waitUntil(async () => (await inspect(harness.servers.lyzr)).frames > 10, 5000, 'audio on the new socket');
      await element.stop();
      await harness.expectClean();
    });
  }

  it('policy violation (1008): final error naming the reason, no reconnection', async () => {
    const { element, states } = await liveLyzrCall({ closeAfterMs: 300, closeCode: 1008, closeReason: 'frame must hold 480-2400 samples' });
    await waitFor(() => element.state === 'error', 'the final error');
    expect(hintOf(element)).to.equal('The agent closed the call: frame must hold 480-2400 samples.');
    expect(states.map((s) => s.state)).to.not.include('reconnecting');
    expect(harness.watch.sockets).to.have.length(1);
    await harness.expectClean();
  });
});

describe('faults: the agent keeps failing', () => {
  const harness = useFaultHarness({
    manualClock: true,
    limits: { reconnectDelayMs: 100, maxReconnectDelayMs: 300, maxReconnects: 4, connectTimeoutMs: 500 },
  });
  /** The wait before each attempt: doubling from 100 ms, capped at 300 ms, four attempts. */
  const BACKOFF_MS = [100, 200, 300, 300];
  const CONNECT_TIMEOUT_MS = 500;

  const lyzrWidget = () =>
    fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
    );

  it('accepts and drops every connection: bounded backoff on new sessions, then a final error', async () => {
    await setFaults(harness.servers.lyzr, { closeAfterMs: 150, closeCode: 1011 });
    const element = await lyzrWidget();
    const states = recordStates(element);
    const errors = recordEvents<{ message: string }>(element, 'voice-agent-error');
    await element.start();
    for (const [i, delay] of BACKOFF_MS.entries()) {
      await waitFor(() => states.filter((s) => s.state === 'reconnecting').length === i + 1, `drop ${i + 1}`);
      // Nothing goes out while the backoff runs: the session request waits for the timer.
      expect(harness.watch.fetches, `session requests before attempt ${i + 1}`).to.have.length(i + 1);
      await harness.clock.fire(delay, `the ${delay} ms backoff before attempt ${i + 1}`);
    }
    await waitFor(() => element.state === 'error', 'the final error');
    const attempts = states.filter((s) => s.state === 'reconnecting');
    expect(attempts.map((s) => s.message)).to.deep.equal([1, 2, 3, 4].map((n) => `Connection lost — reconnecting (attempt ${n} of 4)…`));
    expect(harness.watch.fetches, 'the first session and one per attempt').to.have.length(5);
    expect(new Set(harness.watch.sockets.map((socket) => socket.url)).size, 'a new socket URL each time').to.equal(5);
    expect(harness.clock.pendingTimeouts(), 'no timer left behind').to.deep.equal([]);
    expect(hintOf(element)).to.match(/^Lost the connection to the agent and could not reconnect\. The connection closed \(code 1011: mock fault: closeAfterMs\)\.$/);
    expect(errors).to.have.length(1);
    await harness.expectClean();
  });

  it('never answers the handshake after a drop: each attempt times out and is closed, then a final error', async () => {
    await setFaults(harness.servers.lyzr, { closeAfterMs: 400, closeCode: 1006 });
    const element = await lyzrWidget();
    const ignored = recordEvents<{ reason: string }>(element, 'voice-agent-ignored');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await setFaults(harness.servers.lyzr, { upgradeDelayMs: 60000 });
    for (const [i, delay] of BACKOFF_MS.entries()) {
      await harness.clock.fire(delay, `the ${delay} ms backoff before attempt ${i + 1}`);
      await harness.clock.fire(CONNECT_TIMEOUT_MS, `the connect timeout of attempt ${i + 1}`);
    }
    await waitFor(() => element.state === 'error', 'the final error');
    expect(hintOf(element)).to.equal('Lost the connection to the agent and could not reconnect. The agent did not accept the connection in time.');
    expect(ignored.filter((event) => /reconnect failed/.test(event.reason))).to.have.length(4);
    expect(harness.watch.sockets, 'the first socket and one per attempt').to.have.length(5);
    await harness.expectClean();
  });

  it('session endpoint stops answering after a drop: each attempt fails, then a final error naming it', async () => {
    await setFaults(harness.servers.lyzr, { closeAfterMs: 400, closeCode: 1011 });
    const element = await lyzrWidget();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await setFaults(harness.servers.lyzr, { sessionStatus: 503 });
    for (const [i, delay] of BACKOFF_MS.entries()) await harness.clock.fire(delay, `the ${delay} ms backoff before attempt ${i + 1}`);
    await waitFor(() => element.state === 'error', 'the final error');
    expect(hintOf(element)).to.equal('Lost the connection to the agent and could not reconnect. The session server answered HTTP 503 (server error).');
    expect(harness.watch.fetches, 'the first session and one request per attempt').to.have.length(5);
    expect(harness.watch.sockets, 'no socket without a session').to.have.length(1);
    await harness.expectClean();
  });

  it('Anunzi agent never gets ready: a named error instead of waiting forever', async () => {
    await setFaults(harness.servers.anunzi, { noAgentReady: true });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="anunzi" session-endpoint=${brokerSessionEndpoint(harness.servers)} .callTiming=${harness.timing}></voice-agent>`,
    );
    const started = element.start();
    await waitFor(() => harness.watch.sockets[0]?.readyState === WebSocket.OPEN, 'the socket to open');
    expect(element.state, 'open, but not live until the agent is ready').to.equal('connecting');
    await harness.clock.fire(CONNECT_TIMEOUT_MS, 'the connect timeout');
    await started;
    expect(element.state).to.equal('error');
    expect(statusOf(element)).to.equal('Something went wrong');
    expect(hintOf(element)).to.equal('The agent did not get ready in time.');
    await harness.expectClean();
  });
});

describe('faults: slow network (bufferedAmount growing)', () => {
  const harness = useFaultHarness();

  it('keeps at most 500 ms of mic audio queued, drops the oldest, and counts it in stats', async () => {
    harness.use(chirpMicrophone);
    const capture = harness.use(recordCaptureFrames);
    const agent = harness.use(lyzrAgent);
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="fault-agent" debug></voice-agent>`);
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    await waitFor(() => agent.received[0].length > 25, 'frames before the congestion');

    // Counts, not wall time: the congestion lasts until the mic has delivered 75 more frames
    // (1.5 s of its audio), however long a loaded machine takes to deliver them.
    agent.setBufferedAmount(1 << 20);
    const sentBeforeCongestion = element.stats!.framesSent;
    let maxQueued = 0;
    await waitFor(() => {
      maxQueued = Math.max(maxQueued, element.stats!.queuedFrames);
      return element.stats!.framesDropped >= 50;
    }, '75 mic frames during the congestion');
    expect(element.stats!.framesSent, 'nothing sent while congested').to.equal(sentBeforeCongestion);
    const sentWhileCongested = element.stats!.framesSent;
    agent.setBufferedAmount(0);
    await waitFor(() => element.stats!.framesSent > sentWhileCongested + 40, 'the queue to drain and audio to flow');

    const stats = element.stats!;
    expect(maxQueued, 'the queue is bounded: 500 ms of 20 ms frames').to.equal(25);
    // Every frame of the congestion but the 25 kept is dropped: 50 or a few more (the mic may
    // deliver a burst between two looks). Which frames went is checked below.
    expect(stats.framesDropped, 'frames dropped while congested').to.be.at.least(50);
    await element.updateComplete;
    const shown = [...element.shadowRoot!.querySelectorAll('[part="stats"] dt')].find((dt) => dt.textContent === 'frames dropped');
    expect(Number(shown?.nextElementSibling?.textContent), 'visible in the debug stats').to.equal(stats.framesDropped);

    // Which audio survived, frame by frame: the agent got every frame the engine handed to
    // the call, in order, except one run of exactly `framesDropped` frames, the oldest of the
    // congestion (the chirp makes every frame's samples unique). Compared with what reached the
    // call, not with the mic: a loaded machine may lose audio on the way from the mic to the
    // worklet, which is no fault of the queue.
    const key = (pcm: Int16Array) => pcm.join(',');
    const offered = capture.frames.map(key);
    const received = agent.received[0].map((text) => key(pcm16OfLyzrFrame(text)));
    // Lined up on the first frame sent whose samples occur once among the frames offered.
    const anchor = received.findIndex((frame) => offered.includes(frame) && offered.indexOf(frame) === offered.lastIndexOf(frame));
    expect(anchor, 'a frame sent before the congestion, found among those the call got').to.be.within(0, sentBeforeCongestion - 1);
    const firstSent = offered.indexOf(received[anchor]) - anchor;
    const expected = [
      ...offered.slice(firstSent, firstSent + sentBeforeCongestion),
      ...offered.slice(firstSent + sentBeforeCongestion + stats.framesDropped, firstSent + received.length + stats.framesDropped),
    ];
    const firstDifference = received.findIndex((frame, i) => frame !== expected[i]);
    expect(firstDifference, `frames sent: the ${sentBeforeCongestion} before the congestion, then all but the ${stats.framesDropped} oldest after it`).to.equal(-1);
    expect(received).to.have.length(expected.length);
    await element.stop();
    await harness.expectClean();
  });
});
