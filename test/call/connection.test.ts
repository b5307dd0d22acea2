import { expect } from '@open-wc/testing';
import { Connection, type AgentEvent, type SendStats } from '../../src/call/connection';
import type { Provider, ProviderEvent } from '../../src/providers/provider';
import { ManualClock } from '../helpers/manual-clock';
import { useMockSocket, type Server } from '../helpers/mock-socket-env';
import { waitFor } from '../helpers/stubs';

type AgentSocket = Parameters<Parameters<Server['on']>[1]>[0];

/** A provider whose frames are `frame <first sample>` and whose messages are JSON ProviderEvents. */
function testProvider(liveOnOpen: boolean): Provider {
  return {
    binaryType: 'arraybuffer',
    liveOnOpen,
    openSession: () => Promise.reject(new Error('not used')),
    greeting: () => ['hello'],
    encodeFrame: (pcm) => `frame ${pcm[0]}`,
    decode: (data) => [JSON.parse(String(data)) as ProviderEvent],
  };
}

describe('Connection', () => {
  let sockets: ReturnType<typeof useMockSocket>;
  let clock: ManualClock;
  let received: string[];
  let agent: AgentSocket | undefined;
  let stats: SendStats;
  let events: AgentEvent[];
  let closes: number[];

  beforeEach(() => {
    sockets = useMockSocket();
    clock = new ManualClock();
    received = [];
    agent = undefined;
    stats = { framesSent: 0, framesDropped: 0, queuedFrames: 0, bufferedBytes: 0 };
    events = [];
    closes = [];
    sockets.server('ws://agent.test/ws').on('connection', (socket) => {
      agent = socket;
      socket.on('message', (data) => received.push(String(data)));
    });
  });
  afterEach(() => sockets.restore());

  const connect = (liveOnOpen = true) =>
    new Connection({
      url: 'ws://agent.test/ws',
      provider: testProvider(liveOnOpen),
      clock,
      frameMs: 20,
      captureRate: 16000,
      connectTimeoutMs: 3000,
      stats,
      onEvent: (event) => events.push(event),
      onClosed: (event) => closes.push(event.code),
    });
  const frame = (first: number) => new Int16Array(320).fill(first);

  it('is live once open, after sending the greeting first', async () => {
    const connection = connect();
    await connection.untilLive(new AbortController().signal);
    expect(connection.live).to.equal(true);
    connection.send(frame(7));
    await waitFor(() => received.length === 2, 'the greeting and a frame');
    expect(received).to.deep.equal(['hello', 'frame 7']);
    expect(stats.framesSent).to.equal(1);
    connection.close();
  });

  it("waits for the agent's ready message, which it keeps to itself; other messages go to the call", async () => {
    const connection = connect(false);
    let live = false;
    const until = connection.untilLive(new AbortController().signal).then(() => (live = true));
    await waitFor(() => agent !== undefined, 'the socket to open');
    agent!.send(JSON.stringify({ kind: 'unknown', message: 'early' }));
    await waitFor(() => events.length === 1, 'the early message');
    expect(live, 'not live before the agent is ready').to.equal(false);
    agent!.send(JSON.stringify({ kind: 'agent-ready' }));
    await until;
    expect(events).to.deep.equal([{ kind: 'unknown', message: 'early' }]);
    connection.close();
  });

  it('gives up on an agent that never gets ready when the connect time limit runs out on its clock, and closes the socket', async () => {
    const connection = connect(false);
    const until = connection.untilLive(new AbortController().signal);
    await waitFor(() => agent !== undefined, 'the socket to open');
    clock.advance(2999);
    clock.advance(1);
    let error: Error | undefined;
    await until.catch((failure: Error) => (error = failure));
    expect(error?.message).to.equal('The agent did not get ready in time.');
    expect(connection.live).to.equal(false);
    expect(clock.pendingTimeouts(), 'no timer left').to.deep.equal([]);
  });

  it('keeps at most 500 ms of frames while congested, dropping the oldest, and sends the rest in order once clear', async () => {
    const connection = connect();
    await connection.untilLive(new AbortController().signal);
    sockets.setBufferedAmount(1 << 20);
    for (let i = 1; i <= 40; i++) connection.send(frame(i));
    expect(stats).to.deep.include({ framesSent: 0, framesDropped: 15, queuedFrames: 25 });
    sockets.setBufferedAmount(0);
    connection.send(frame(41));
    await waitFor(() => received.length === 1 + 25, 'the queue to drain');
    expect(received.slice(1)).to.deep.equal(Array.from({ length: 25 }, (_, i) => `frame ${i + 17}`));
    expect(stats).to.deep.include({ framesSent: 25, framesDropped: 16, queuedFrames: 0 });
    connection.close();
  });

  it('sends one silent frame per 20 ms of its clock while the keepalive runs, and none after', async () => {
    const connection = connect();
    await connection.untilLive(new AbortController().signal);
    connection.startKeepalive();
    connection.startKeepalive(); // a second start changes nothing
    clock.advance(100);
    connection.stopKeepalive();
    clock.advance(100);
    await waitFor(() => received.length >= 6, 'the silent frames');
    expect(received).to.deep.equal(['hello', ...Array(5).fill('frame 0')]);
    connection.close();
  });

  it('skips keepalive silence a congested socket cannot take instead of queueing it, then catches up to its clock again', async () => {
    const connection = connect();
    await connection.untilLive(new AbortController().signal);
    sockets.setBufferedAmount(1 << 20);
    connection.startKeepalive();
    clock.advance(1000); // a throttled background tab: one tick a second
    expect(stats).to.deep.include({ framesSent: 0, framesDropped: 0, queuedFrames: 0 });
    sockets.setBufferedAmount(0);
    clock.advance(60);
    connection.stopKeepalive();
    await waitFor(() => received.length >= 4, 'the silent frames');
    expect(received, 'the skipped second is not sent late').to.deep.equal(['hello', ...Array(3).fill('frame 0')]);
    expect(stats).to.deep.include({ framesSent: 3, framesDropped: 0, queuedFrames: 0 });
    connection.close();
  });

  it('drops a message over 1 MiB unread and reports it; reports the close of a live socket once', async () => {
    const connection = connect();
    await connection.untilLive(new AbortController().signal);
    agent!.send('x'.repeat((1 << 20) + 1));
    await waitFor(() => events.length === 1, 'the oversized message');
    expect(events).to.deep.equal([{ kind: 'ignored', reason: `message over the 1 MiB limit (${(1 << 20) + 1})` }]);
    agent!.close({ code: 1011, reason: 'server error', wasClean: true });
    await waitFor(() => closes.length === 1, 'the close');
    expect(closes).to.deep.equal([1011]);
    expect(connection.live).to.equal(false);
  });
});
