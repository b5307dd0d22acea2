// The mock servers as a browser sees them: CORS from the test page's origin, real browser
// WebSockets (close codes and reasons, odd-length ArrayBuffers), and turn detection on the
// fake microphone's 440 Hz / silence loop. If these fail, widget tests against the mocks
// cannot be trusted.
import { expect } from '@open-wc/testing';
import { getMockServers, inspect, resetFaults, waitFor, type InspectedAnunziSession, type InspectedLyzrSession, type MockServers } from './mock-client.js';

let servers: MockServers;
before(async () => {
  servers = await getMockServers();
  // A file before this one may have lost its browser mid-test, faults still switched on.
  await resetFaults(servers);
});

interface LyzrSessionStart {
  sessionId: string;
  wsUrl: string;
  audioConfig: { sampleRate: number };
}

async function startLyzrSession(): Promise<LyzrSessionStart> {
  const response = await fetch(`${servers.lyzr}/session/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ agentId: 'browser-test' }),
  });
  expect(response.status).to.equal(200);
  return (await response.json()) as LyzrSessionStart;
}

function open(url: string, binaryType: BinaryType = 'blob') {
  const ws = new WebSocket(url);
  ws.binaryType = binaryType;
  const messages: (string | ArrayBuffer)[] = [];
  ws.addEventListener('message', (event) => messages.push(event.data as string | ArrayBuffer));
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)));
  });
  return { ws, messages, closed, opened };
}

function pcm16(samples: Float32Array): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(samples.length * 2));
  samples.forEach((s, i) => view.setInt16(i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
  return new Uint8Array(view.buffer);
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A synthetic user turn: `toneMs` of a sine then `silenceMs` of zeros. */
function turn(sampleRate: number, hz = 440, toneMs = 1000, silenceMs = 800): Float32Array {
  const samples = new Float32Array(Math.round((sampleRate * (toneMs + silenceMs)) / 1000));
  const toneLength = Math.round((sampleRate * toneMs) / 1000);
  for (let i = 0; i < toneLength; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return samples;
}

describe('Lyzr mock from the browser', () => {
  it('starts a session across origins and names the broken rule in the close event', async () => {
    const { wsUrl, audioConfig } = await startLyzrSession();
    expect(audioConfig.sampleRate).to.equal(24000);
    const call = open(wsUrl);
    await call.opened;
    call.ws.send(JSON.stringify({ type: 'audio', audio: base64(new Uint8Array(960)), sampleRate: 48000 }));
    const closed = await call.closed;
    expect(closed.code).to.equal(1008);
    expect(closed.reason).to.equal('sampleRate must be 24000');
  });

  it('lets a page read the 415 for a missing JSON content type', async () => {
    const response = await fetch(`${servers.lyzr}/session/start`, { method: 'POST', body: '{"agentId":"x"}' });
    expect(response.status).to.equal(415);
  });

  it('hears the fake microphone: 440 Hz, end of turn, then answers with audio and transcripts', async () => {
    const { sessionId, wsUrl } = await startLyzrSession();
    const call = open(wsUrl);
    await call.opened;

    // Plain capture at 24 kHz, cut into 20 ms frames (the widget does this with worklets).
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const context = new AudioContext({ sampleRate: 24000 });
    const source = context.createMediaStreamSource(stream);
    const processor = context.createScriptProcessor(2048, 1, 1);
    const frame = new Float32Array(480);
    let filled = 0;
    processor.onaudioprocess = (event) => {
      for (const sample of event.inputBuffer.getChannelData(0)) {
        frame[filled++] = sample;
        if (filled < frame.length) continue;
        filled = 0;
        if (call.ws.readyState === WebSocket.OPEN) call.ws.send(JSON.stringify({ type: 'audio', audio: base64(pcm16(frame)), sampleRate: 24000 }));
      }
    };
    source.connect(processor);
    processor.connect(context.destination);

    try {
      const parsed = () => call.messages.map((m) => JSON.parse(m as string) as { type: string });
      await waitFor(() => parsed().filter((m) => m.type === 'audio').length >= 5, 15000, 'agent audio');
      expect(parsed()[0].type).to.be.oneOf(['transcript', 'conversation.item']);
      const record = await inspect<InspectedLyzrSession>(servers.lyzr, sessionId);
      expect(record.turnsDetected).to.be.at.least(1);
      expect(record.violations).to.deep.equal([]);
      // This page's own plain capture (a main-thread ScriptProcessor in a 24 kHz context, not
      // the product's worklet) reads high in Firefox on a busy machine — 450.8 and 459.6 Hz
      // seen, as if input were dropped to keep up; −15…+26 Hz still tells the 440 Hz WAV from
      // Chromium's built-in beep and from a 44.1/48 kHz mix-up (404 or 479 Hz). The product's
      // own rate and framing are asserted at the mock by test/audio/capture.test.ts.
      expect(record.toneHz).to.be.within(425, 466);
      expect(record.silentFrames).to.be.greaterThan(10);
    } finally {
      processor.disconnect();
      stream.getTracks().forEach((track) => track.stop());
      await context.close();
      call.ws.close();
    }
  });
});

describe('Anunzi mock behind the token broker, from the browser', () => {
  async function sessionUrl(): Promise<string> {
    const response = await fetch(`${servers.broker}/api/voice-session?assistant=test-assistant`);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { sessionURL: string };
    expect(Object.keys(body)).to.deep.equal(['sessionURL']);
    return body.sessionURL;
  }

  it('gets a session URL through the broker; the page never needs the key', async () => {
    expect(await sessionUrl()).to.match(/^ws:\/\/.+\/websocket\/start\?token=/);
    const refused = await fetch(`${servers.broker}/api/voice-session?assistant=not-configured`);
    expect(refused.status).to.equal(403);
  });

  it('delivers odd-length ArrayBuffers that join into the 16 kHz melody', async () => {
    const url = await sessionUrl();
    const call = open(url, 'arraybuffer');
    await call.opened;
    call.ws.send(JSON.stringify({ type: 'status_client_ready' }));
    await waitFor(() => call.messages.length > 0, 3000, 'status_agent_ready');
    expect(JSON.parse(call.messages[0] as string)).to.deep.equal({ type: 'status_agent_ready' });

    const bytes = pcm16(turn(48000));
    for (let offset = 0; offset < bytes.length; offset += 1920) call.ws.send(bytes.subarray(offset, offset + 1920));

    const chunks = () => call.messages.filter((m): m is ArrayBuffer => m instanceof ArrayBuffer);
    const record = await waitFor(async () => {
      const latest = await inspect<InspectedAnunziSession>(servers.anunzi, new URL(url).searchParams.get('token')!);
      return latest.audioChunksSent > 0 && chunks().length === latest.audioChunksSent ? latest : undefined;
    }, 5000, 'the whole melody');
    expect(chunks().some((chunk) => chunk.byteLength % 2 === 1)).to.equal(true);
    const total = chunks().reduce((sum, chunk) => sum + chunk.byteLength, 0);
    expect(total % 2).to.equal(0);
    expect(total).to.equal(16000 * 1.5 * 2);
    expect(record.oddChunksSent).to.be.greaterThan(0);
    expect(record.toneHz).to.be.within(435, 445);
    call.ws.close();
  });
});
