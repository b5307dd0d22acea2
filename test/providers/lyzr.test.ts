import { expect } from '@open-wc/testing';
import { createLyzr } from '../../src/providers/lyzr/adapter';
import { lyzr, LYZR_DEFAULT_SERVER } from '../../src/providers/lyzr/definition';
import { expectSessionRefused } from '../helpers/session';
import { jsonResponse, stubFetch } from '../helpers/stubs';

const provider = () => createLyzr({ agentId: 'agent-1', serverUrl: 'https://voice.example' });

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach((byte) => (binary += String.fromCharCode(byte)));
  return btoa(binary);
}

describe('Lyzr provider', () => {
  it('needs an agent id', () => {
    expect(lyzr.configError({})).to.match(/agent-id/);
    expect(lyzr.configError({ agentId: 'a' })).to.equal(null);
  });

  it('POSTs {agentId} as JSON to session/start and returns wsUrl verbatim', async () => {
    const wsUrl = 'wss://voice.example/ws/abc?token=t%2Fx&z=1';
    const fetches = stubFetch(() => jsonResponse({ sessionId: 's', wsUrl, audioConfig: { sampleRate: 24000 } }));
    try {
      expect(await provider().openSession(new AbortController().signal)).to.equal(wsUrl);
      const [call] = fetches.calls;
      expect(call.url).to.equal('https://voice.example/session/start');
      expect(call.init?.method).to.equal('POST');
      expect(new Headers(call.init?.headers).get('content-type')).to.equal('application/json');
      expect(JSON.parse(String(call.init?.body))).to.deep.equal({ agentId: 'agent-1' });
    } finally {
      fetches.restore();
    }
  });

  it('uses the vendor URL by default', async () => {
    const fetches = stubFetch(() => jsonResponse({ wsUrl: 'wss://x.example/ws' }));
    try {
      await createLyzr({ agentId: 'a' }).openSession(new AbortController().signal);
      expect(fetches.calls[0].url).to.equal(`${LYZR_DEFAULT_SERVER}/session/start`);
    } finally {
      fetches.restore();
    }
  });

  const refused: Array<[string, () => Response, RegExp]> = [
    ['HTTP 500', () => new Response('oops', { status: 500 }), /HTTP 500/],
    ['HTML instead of JSON', () => new Response('<html></html>', { status: 200 }), /JSON/],
    ['no wsUrl', () => jsonResponse({ sessionId: 's' }), /no socket URL/],
    ['http: wsUrl', () => jsonResponse({ wsUrl: 'http://evil.example/ws' }), /only ws: and wss:/],
    ['javascript: wsUrl', () => jsonResponse({ wsUrl: 'javascript:alert(1)' }), /only ws: and wss:/],
    ['relative wsUrl', () => jsonResponse({ wsUrl: '/ws/1' }), /invalid socket URL/],
  ];
  for (const [name, response, message] of refused) {
    it(`refuses a session answer with ${name}`, () => expectSessionRefused(provider(), response, message));
  }

  it('stops reading a session answer, and cancels it, as soon as it passes 16 KiB', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 4096;
        controller.enqueue(new Uint8Array(4096).fill(0x20));
      },
      cancel: () => void (cancelled = true),
    });
    await expectSessionRefused(provider(), () => new Response(endless), /larger than 16 KiB/);
    expect(cancelled, 'the download was cancelled').to.equal(true);
    // Limit plus the chunk that passed it, plus what the stream queued ahead (its high-water mark).
    expect(pulled).to.be.at.most(16 * 1024 + 2 * 4096);
  });

  it('refuses on a Content-Length over 16 KiB without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: () => void pulled++ });
    const response = new Response(body, { headers: { 'Content-Length': String(50 << 20), 'Content-Type': 'application/json' } });
    await expectSessionRefused(provider(), () => response, /larger than 16 KiB/);
    expect(pulled, 'no chunk asked for beyond what the stream pulls at creation').to.be.at.most(1);
  });

  it('decodes a session answer split inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ wsUrl: 'wss://voice.example/ws?name=Zoë' }));
    const split = bytes.indexOf(0xc3) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const fetches = stubFetch(() => new Response(body));
    try {
      expect(await provider().openSession(new AbortController().signal)).to.equal('wss://voice.example/ws?name=Zoë');
      expect(fetches.calls[0].init?.redirect, 'redirects are never followed').to.equal('manual');
    } finally {
      fetches.restore();
    }
  });

  it('encodes a frame as JSON base64 PCM16 at 24 kHz', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768]);
    const message = JSON.parse(provider().encodeFrame(pcm) as string);
    expect(message.type).to.equal('audio');
    expect(message.sampleRate).to.equal(24000);
    expect(message.audio).to.equal(base64Of(new Uint8Array(pcm.buffer)));
  });

  it('decodes agent audio', () => {
    const pcm = Int16Array.from([5, -5, 1000]);
    const [event] = provider().decode(JSON.stringify({ type: 'audio', audio: base64Of(new Uint8Array(pcm.buffer)) }));
    expect(event.kind).to.equal('audio');
    expect(Array.from((event as { pcm: Int16Array }).pcm)).to.deep.equal([5, -5, 1000]);
  });

  it('decodes transcripts and surfaces unknown types', () => {
    const [transcript] = provider().decode(JSON.stringify({ type: 'transcript', role: 'user', text: 'hi', final: true }));
    expect(transcript).to.deep.equal({ kind: 'transcript', update: { role: 'user', text: 'hi', final: true, append: false } });
    const [unknown] = provider().decode(JSON.stringify({ type: 'metrics', latency: 3 }));
    expect(unknown).to.deep.equal({ kind: 'unknown', message: { type: 'metrics', latency: 3 } });
  });

  const junk: Array<[string, unknown, RegExp]> = [
    ['malformed JSON', '{"type":', /malformed JSON/],
    ['JSON that is not an object', '[1,2]', /not an object/],
    ['audio without audio', '{"type":"audio"}', /without audio/],
    ['invalid base64', '{"type":"audio","audio":"!!!"}', /base64/],
    ['odd byte count', JSON.stringify({ type: 'audio', audio: btoa('abc') }), /odd byte/],
    ['empty audio', '{"type":"audio","audio":""}', /empty/],
    ['a binary frame', new ArrayBuffer(4), /binary/],
  ];
  for (const [name, data, reason] of junk) {
    it(`ignores ${name}`, () => {
      const [event] = provider().decode(data);
      expect(event.kind).to.equal('ignored');
      expect((event as { reason: string }).reason).to.match(reason);
    });
  }

  it('treats an interruption signal as a playback flush', () => {
    expect(provider().decode('{"type":"interrupted"}')).to.deep.equal([{ kind: 'interrupted' }]);
  });
});
