// Bad input from the agent: junk messages, broken or huge audio, messages over the size limit,
// audio far faster than real time, markup and endless text. The call must go on, memory and
// latency stay bounded (the message limit, the jitter buffer's cap, the transcript limits), and
// text is only ever shown as text.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { useFaultHarness } from '../helpers/fault-harness';
import { lyzrAgent } from '../helpers/lyzr-agent';
import { waitFor } from '../helpers/stubs';
import { hintOf, recordEvents, sleep, statusOf, turnsOf } from '../helpers/widget';
import {
  brokerSessionEndpoint,
  inspect,
  setFaults,
  type InspectedAnunziSession,
  type MockFaults,
} from '../servers/mock-client';

/** The playout's hard cap (src/dsp/playout.ts, maxBufferMs default). */
const JITTER_BUFFER_CAP_MS = 3000;

type Pwned = { __voiceAgentPwned?: unknown };

describe('faults: junk and bad audio from the agent', () => {
  const harness = useFaultHarness();

  /** A live Lyzr call. Barge-in off: the fake mic's next turn would otherwise cut the agent short. */
  async function lyzrCall(faults: MockFaults) {
    await setFaults(harness.servers.lyzr, faults);
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" barge-in="off" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    const ignored = recordEvents<{ reason: string }>(element, 'voice-agent-ignored');
    const unknown = recordEvents<{ message: unknown }>(element, 'voice-agent-message');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    return { element, ignored, unknown };
  }

  async function anunziCall(faults: MockFaults) {
    await setFaults(harness.servers.anunzi, faults);
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="anunzi" barge-in="off" session-endpoint=${brokerSessionEndpoint(harness.servers)}></voice-agent>`,
    );
    const ignored = recordEvents<{ reason: string }>(element, 'voice-agent-ignored');
    const unknown = recordEvents<{ message: unknown }>(element, 'voice-agent-message');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    return { element, ignored, unknown };
  }

  /** The call is still live and the strict mock still accepts our frames. */
  async function expectCallGoesOn(element: VoiceAgentElement, server: string) {
    const before = (await inspect(server)).frames;
    // A count, not a pace: a loaded machine may deliver the next frames in a burst.
    let after = await inspect(server);
    for (const end = Date.now() + 5000; after.frames - before <= 8 && Date.now() < end; after = await inspect(server)) await sleep(100);
    expect(after.frames - before, 'mic frames keep flowing').to.be.greaterThan(8);
    expect(after.closed, 'the agent did not hang up').to.equal(false);
    expect(after.violations).to.deep.equal([]);
    expect(element.state).to.be.oneOf(['listening', 'speaking']);
  }

  /** Samples the jitter buffer depth until `done`, returning the largest seen. */
  async function maxDepthUntil(element: VoiceAgentElement, done: () => boolean, what: string, timeoutMs = 10000) {
    let maxDepth = 0;
    await waitFor(() => {
      maxDepth = Math.max(maxDepth, element.stats?.playback?.depthMs ?? 0);
      return done();
    }, what, timeoutMs);
    return maxDepth;
  }

  it('Lyzr: malformed JSON, non-object JSON, unknown type, audio without audio → ignored (event + debug log), the call goes on', async () => {
    const debug = console.debug;
    const debugLines: string[] = [];
    console.debug = (...args: unknown[]) => debugLines.push(args.join(' '));
    try {
      const { element, ignored, unknown } = await lyzrCall({ junk: ['malformedJson', 'nonObjectJson', 'unknownType', 'missingAudio'] });
      await waitFor(() => ignored.length >= 3 && unknown.length >= 1, 'the junk to be reported');
      expect(ignored.map((event) => event.reason)).to.deep.equal(['malformed JSON', 'JSON is not an object', 'audio message without audio']);
      expect(unknown[0].message).to.deep.equal({ type: 'mock_unknown_event', note: 'ignore me' });
      for (const { reason } of ignored) expect(debugLines.some((line) => line.includes(reason)), `debug log: ${reason}`).to.equal(true);
      await expectCallGoesOn(element, harness.servers.lyzr);
      expect(statusOf(element)).to.be.oneOf(['Listening', 'Agent speaking']);
      await element.stop();
      await harness.expectClean();
    } finally {
      console.debug = debug;
    }
  });

  it('Anunzi: junk text and an empty binary frame ignored, unknown JSON surfaced, odd-length audio carried: the agent is heard in full', async function () {
    this.timeout(30000);
    const { element, ignored, unknown } = await anunziCall({ junk: ['malformedJson', 'nonObjectJson', 'unknownType', 'missingType', 'emptyBinary'], replyMs: 600 });
    expect(ignored.map((event) => event.reason)).to.deep.equal(['malformed JSON', 'JSON is not an object', 'empty audio frame']);
    expect(unknown.map((event) => event.message)).to.deep.include.members([
      { type: 'mock_unknown_event', note: 'ignore me' },
      { hello: 'no type here' },
    ]);
    // The mock answers the fake mic's first turn with 600 ms of audio cut at odd byte offsets.
    await waitFor(() => (element.stats?.playback?.playedMs ?? 0) >= 580, 'the whole reply to play', 15000);
    const inspection = await inspect<InspectedAnunziSession>(harness.servers.anunzi);
    expect(inspection.oddChunksSent, 'the reply had odd-length frames').to.be.greaterThan(0);
    expect(ignored, 'odd-length frames are carried, not ignored').to.have.length(3);
    await expectCallGoesOn(element, harness.servers.anunzi);
    await element.stop();
    await harness.expectClean();
  });

  it('Lyzr: invalid base64, odd byte count, empty audio ignored; one frame just under the size limit trimmed to the buffer cap; the call goes on', async () => {
    const { element, ignored } = await lyzrCall({ junk: ['invalidBase64', 'oddByteCount', 'emptyAudio', 'hugeFrame'] });
    // 720 KiB of PCM16 at 24 kHz is 15.4 s of audio: all but the newest 3 s must be dropped.
    const maxDepth = await maxDepthUntil(element, () => (element.stats?.playback?.droppedMs ?? 0) > 11000, 'the huge frame to be trimmed');
    expect(ignored.map((event) => event.reason)).to.deep.equal(['audio is not valid base64', 'audio has an odd byte count', 'empty audio']);
    expect(maxDepth, 'buffered audio stays within the cap').to.be.at.most(JITTER_BUFFER_CAP_MS);
    await expectCallGoesOn(element, harness.servers.lyzr);
    await element.stop();
    await harness.expectClean();
  });

  it('Anunzi: an empty binary frame ignored; one frame just under the size limit trimmed to the buffer cap; the call goes on', async () => {
    const { element, ignored } = await anunziCall({ junk: ['emptyBinary', 'hugeFrame'] });
    // 1000 KiB at 16 kHz is 32 s of audio.
    const maxDepth = await maxDepthUntil(element, () => (element.stats?.playback?.droppedMs ?? 0) > 27000, 'the huge frame to be trimmed');
    expect(ignored.map((event) => event.reason)).to.deep.equal(['empty audio frame']);
    expect(maxDepth, 'buffered audio stays within the cap').to.be.at.most(JITTER_BUFFER_CAP_MS);
    await expectCallGoesOn(element, harness.servers.anunzi);
    await element.stop();
    await harness.expectClean();
  });

  // Over the limit a frame is dropped unread: its 65 s (Lyzr) or 98 s (Anunzi) of audio never
  // reach the jitter buffer, whose dropped count would otherwise show them.
  it('Lyzr: a 4 MiB message (over the 1 MiB limit) is dropped unread and reported; the call goes on', async () => {
    const { element, ignored } = await lyzrCall({ junk: ['oversizedFrame', 'emptyAudio'] });
    await waitFor(() => ignored.length >= 2, 'both messages to be reported');
    expect(ignored.map((event) => event.reason)).to.deep.equal([`message over the 1 MiB limit (${4 * 2 ** 20 + 27})`, 'empty audio']);
    expect(element.stats?.playback?.droppedMs ?? 0, 'none of its audio was buffered').to.be.below(1000);
    await expectCallGoesOn(element, harness.servers.lyzr);
    await element.stop();
    await harness.expectClean();
  });

  it('Anunzi: a 3 MiB binary message (over the 1 MiB limit) is dropped unread and reported; the call goes on', async () => {
    const { element, ignored } = await anunziCall({ junk: ['oversizedFrame', 'emptyBinary'] });
    await waitFor(() => ignored.length >= 2, 'both messages to be reported');
    expect(ignored.map((event) => event.reason)).to.deep.equal([`message over the 1 MiB limit (${3 * 2 ** 20})`, 'empty audio frame']);
    expect(element.stats?.playback?.droppedMs ?? 0, 'none of its audio was buffered').to.be.below(1000);
    await expectCallGoesOn(element, harness.servers.anunzi);
    await element.stop();
    await harness.expectClean();
  });

  it('Lyzr: 8 s of agent audio sent 50× faster than real time → the jitter buffer trims it, latency stays within the cap', async function () {
    this.timeout(30000);
    const { element } = await lyzrCall({ floodFactor: 50, replyMs: 8000 });
    // The buffer's depth is the delay from arrival to speaker: bounded depth is bounded latency.
    let maxDepth = await maxDepthUntil(element, () => (element.stats?.playback?.droppedMs ?? 0) > 4000, 'the flood to be trimmed', 15000);
    const until = performance.now() + 500;
    maxDepth = Math.max(maxDepth, await maxDepthUntil(element, () => performance.now() > until, 'half a second more'));
    const playback = element.stats!.playback!;
    expect(playback.playedMs + playback.droppedMs + playback.depthMs, 'all 8 s arrived at once').to.be.greaterThan(7500);
    expect(maxDepth, 'buffered audio (latency) stays within the cap').to.be.at.most(JITTER_BUFFER_CAP_MS);
    await expectCallGoesOn(element, harness.servers.lyzr);
    await element.stop();
    await harness.expectClean();
  });
});

describe('faults: markup in untrusted text', () => {
  const harness = useFaultHarness();
  afterEach(() => delete (window as Pwned).__voiceAgentPwned);

  /** Nothing the agent sent became an element, and no handler ran. */
  async function expectNoMarkup(element: VoiceAgentElement) {
    await sleep(200); // an <img src=x> would have fired onerror by now
    expect(element.shadowRoot!.querySelectorAll('img, script, svg, b').length).to.equal(0);
    expect((window as Pwned).__voiceAgentPwned).to.equal(undefined);
  }

  it('a transcript with <img onerror>, <script>, <svg onload> and <b> is shown as text', async () => {
    await setFaults(harness.servers.lyzr, { junk: 'markupTranscript' });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    const transcripts = recordEvents<{ role: string; text: string }>(element, 'voice-agent-transcript');
    await element.start();
    await waitFor(() => transcripts.length > 0, 'the transcript');
    await element.updateComplete;
    const { text } = transcripts[0];
    expect(text).to.contain('<img src=x onerror=').and.contain('<script>').and.contain('<svg onload=');
    const [turn] = turnsOf(element);
    expect(turn.textContent, 'the markup is visible as text').to.contain(text);
    await expectNoMarkup(element);
    await element.stop();
    await harness.expectClean();
  });

  it('a close reason with markup is shown as text in the error', async () => {
    const reason = '<img src=x onerror="window.__voiceAgentPwned=4">';
    await setFaults(harness.servers.lyzr, { closeAfterMs: 300, closeCode: 1008, closeReason: reason });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    await element.start();
    await waitFor(() => element.state === 'error', 'the agent to close the call');
    await element.updateComplete;
    expect(hintOf(element)).to.equal(`The agent closed the call: ${reason}.`);
    await expectNoMarkup(element);
    await harness.expectClean();
  });
});

describe('faults: endless transcripts', () => {
  const harness = useFaultHarness();

  it('cuts a 10 000-character transcript update to 4 000 characters with an ellipsis, says so, and the call goes on', async () => {
    await setFaults(harness.servers.lyzr, { junk: 'longTranscript' });
    const element = await fixture<VoiceAgentElement>(
      html`<voice-agent provider="lyzr" agent-id="fault-agent" server-url=${harness.servers.lyzr}></voice-agent>`,
    );
    const transcripts = recordEvents<{ role: string; text: string; final: boolean }>(element, 'voice-agent-transcript');
    const ignored = recordEvents<{ reason: string }>(element, 'voice-agent-ignored');
    await element.start();
    await waitFor(() => transcripts.length > 0 && ignored.length > 0, 'the transcript and the notice');
    await element.updateComplete;
    const [{ role, text, final }] = transcripts;
    expect({ role, final, length: text.length }).to.deep.equal({ role: 'agent', final: true, length: 4000 });
    expect(text.startsWith('word word')).to.equal(true);
    expect(text.endsWith('…'), 'the cut is marked').to.equal(true);
    expect(turnsOf(element)[0].textContent, 'the turn shows the cut text').to.contain(text);
    expect(ignored.map((event) => event.reason)).to.deep.equal(['transcript text cut to 4000 characters (it had 10000)']);
    await waitFor(() => element.state === 'listening', 'the call to be live');
    expect((await inspect(harness.servers.lyzr)).violations).to.deep.equal([]);
    await element.stop();
    await harness.expectClean();
  });

  it('keeps at most the latest 200 transcript turns, 50 on screen until the visitor asks for earlier ones', async () => {
    const agent = harness.use(lyzrAgent);
    const element = await fixture<VoiceAgentElement>(html`<voice-agent provider="lyzr" agent-id="fault-agent"></voice-agent>`);
    const transcripts = recordEvents(element, 'voice-agent-transcript');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    for (let i = 1; i <= 260; i++) {
      agent.connections[0].send(JSON.stringify({ type: 'transcript', role: i % 2 ? 'user' : 'assistant', text: `turn ${i}`, final: true }));
    }
    await waitFor(() => transcripts.length === 260, 'every transcript');
    await element.updateComplete;
    expect(turnsOf(element)).to.have.length(50);
    for (let presses = 0; presses < 3; presses++) {
      element.shadowRoot!.querySelector<HTMLButtonElement>('[part="show-earlier"]')!.click();
      await element.updateComplete;
    }
    expect(element.shadowRoot!.querySelector('[part="show-earlier"]'), 'nothing earlier is kept').to.equal(null);
    const turns = turnsOf(element);
    expect(turns).to.have.length(200);
    expect(turns[0].textContent).to.contain('turn 61');
    expect(turns[199].textContent).to.contain('turn 260');
    await element.stop();
    await harness.expectClean();
  });
});
