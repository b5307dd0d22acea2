// Soak: a 60-second call against the strict Lyzr mock with random network jitter on
// every agent reply and two forced reconnections. Throughout, the buffers stay within their
// bounds; at the end nothing is left open: every socket, track, context and page listener.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { waitFor } from '../helpers/stubs';
import { recordStates, sleep, turnsOf } from '../helpers/widget';
import { inspect, setFaults, type InspectedLyzrSession } from '../servers/mock-client';

const CALL_MS = 60000;
/** Each session is dropped after this long: at ~21 s and ~42 s, and the third outlives the call. */
const SESSION_MS = 21000;
/** Playback jitter buffer: hard cap and highest adaptive target (src/dsp/jitter-buffer.ts defaults). */
const JITTER_BUFFER_CAP_MS = 3000;
const MAX_TARGET_MS = 300;
/** The call's mic queue: 500 ms of 20 ms frames (src/call/connection.ts). */
const MAX_QUEUED_FRAMES = 25;
/** The transcript keeps this many turns (src/transcript.ts). */
const MAX_TURNS = 200;

describe('soak: a 60-second call with jitter and two forced reconnections', () => {
  const harness = useFaultHarness({ limits: { reconnectDelayMs: 200 } });

  it('stays within its buffer bounds and leaks no socket, track, context or listener', async function () {
    this.timeout(CALL_MS + 30000);
    await setFaults(harness.servers.lyzr, { jitterMs: 80, closeAfterMs: SESSION_MS, closeCode: 1011 });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="soak-agent" server-url=${harness.servers.lyzr} .callTiming=${harness.timing}></voice-agent>`,
    );
    const states = recordStates(element);
    const transcripts: unknown[] = [];
    element.addEventListener('voice-agent-transcript', (event) => transcripts.push((event as CustomEvent).detail));
    const startedAt = performance.now();
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');

    const sessionIds = new Set<string>();
    const peak = { depthMs: 0, targetMs: 0, queuedFrames: 0, turns: 0 };
    while (performance.now() - startedAt < CALL_MS) {
      const { stats } = element;
      peak.depthMs = Math.max(peak.depthMs, stats?.playback?.depthMs ?? 0);
      peak.targetMs = Math.max(peak.targetMs, stats?.playback?.targetMs ?? 0);
      peak.queuedFrames = Math.max(peak.queuedFrames, stats?.queuedFrames ?? 0);
      peak.turns = Math.max(peak.turns, turnsOf(element).length);
      // The mock's latest session is the live one only if nothing reconnected during the ask.
      const live = () => element.state === 'listening' || element.state === 'speaking';
      const sockets = harness.watch.sockets.length;
      if (live()) {
        const { sessionId } = await inspect<InspectedLyzrSession>(harness.servers.lyzr);
        if (live() && harness.watch.sockets.length === sockets) sessionIds.add(sessionId);
      }
      await sleep(250);
    }
    const stats = { ...element.stats!, playback: { ...element.stats!.playback! } };
    await element.stop();
    await harness.expectClean(5000);

    // Two forced reconnections, each on a new session, and the call was live in between.
    expect(stats.reconnects).to.equal(2);
    expect(sessionIds.size).to.equal(3);
    expect(harness.watch.sockets).to.have.length(3);
    expect(harness.watch.contexts, 'one AudioContext for the whole call').to.have.length(1);
    expect(harness.watch.streams, 'one mic for the whole call').to.have.length(1);
    expect(states.filter((s) => s.state === 'reconnecting')).to.have.length(2);
    expect(states.map((s) => s.state)).to.not.include('error');
    const sessions = await Promise.all([...sessionIds].map((id) => inspect<InspectedLyzrSession>(harness.servers.lyzr, id)));
    for (const session of sessions) {
      expect(session.violations, `session ${session.sessionId} followed the protocol`).to.deep.equal([]);
      expect(session.reuseAttempts).to.equal(0);
    }
    expect(sessions.map((s) => [s.closedBy, s.closeCode])).to.deep.equal([['server', 1011], ['server', 1011], ['client', 1000]]);
    const lastSession = sessions[2];
    expect(lastSession.framesPerSecond, 'mic frames at 50/s on the last socket').to.be.closeTo(50, 8);

    // The agent was heard, despite the jitter, and the buffers stayed bounded.
    expect(sessions.reduce((sum, s) => sum + s.repliesSent, 0), 'agent replies').to.be.greaterThan(8);
    expect(stats.playback.playedMs, 'agent audio played').to.be.greaterThan(5000);
    expect(transcripts.length).to.be.greaterThan(20);
    expect(peak.depthMs, 'jitter buffer depth').to.be.at.most(JITTER_BUFFER_CAP_MS);
    expect(peak.targetMs, 'jitter buffer target').to.be.at.most(MAX_TARGET_MS);
    expect(peak.queuedFrames, 'mic queue').to.be.at.most(MAX_QUEUED_FRAMES);
    expect(peak.turns, 'transcript turns shown').to.be.within(1, MAX_TURNS);
    // Loopback rarely congests; on a loaded 2-core machine a few frames may wait too long.
    expect(stats.framesDropped, 'mic frames dropped for congestion').to.be.below(stats.framesSent * 0.02);
  });
});
