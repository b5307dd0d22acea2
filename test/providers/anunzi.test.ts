import { expect } from '@open-wc/testing';
import { createAnunzi } from '../../src/providers/anunzi/adapter';
import { anunzi } from '../../src/providers/anunzi/definition';
import { expectSessionRefused } from '../helpers/session';
import { jsonResponse, stubFetch } from '../helpers/stubs';

const provider = () => createAnunzi({ sessionEndpoint: '/api/voice-session' });

describe('Anunzi provider', () => {
  it('needs a session endpoint (never an API key in the page)', () => {
    expect(anunzi.configError({})).to.match(/session-endpoint/);
    expect(anunzi.configError({ sessionEndpoint: '/api/voice-session' })).to.equal(null);
  });

  it('GETs the site owner endpoint and returns sessionURL', async () => {
    const sessionURL = 'wss://widgets.example/websocket/start?token=abc';
    const fetches = stubFetch(() => jsonResponse({ sessionURL }));
    try {
      expect(await provider().openSession(new AbortController().signal)).to.equal(sessionURL);
      expect(fetches.calls[0].url).to.equal(new URL('/api/voice-session', location.href).href);
      expect(fetches.calls[0].init?.method).to.equal('GET');
    } finally {
      fetches.restore();
    }
  });

  const refused: Array<[string, () => Response, RegExp]> = [
    ['HTTP 401', () => new Response('no', { status: 401 }), /HTTP 401/],
    ['non-JSON', () => new Response('<!doctype html>', { status: 200 }), /JSON/],
    ['no sessionURL', () => jsonResponse({ url: 'wss://x' }), /no socket URL/],
    ['https: sessionURL', () => jsonResponse({ sessionURL: 'https://x.example/ws' }), /only ws: and wss:/],
  ];
  for (const [name, response, message] of refused) {
    it(`refuses ${name}`, () => expectSessionRefused(provider(), response, message));
  }

  it('greets with status_client_ready and sends frames as binary PCM16', () => {
    const anunziProvider = provider();
    expect(anunziProvider.greeting()).to.deep.equal(['{"type":"status_client_ready"}']);
    const pcm = Int16Array.from([1, -2, 3]);
    const frame = anunziProvider.encodeFrame(pcm) as ArrayBuffer;
    expect(frame).to.be.instanceOf(ArrayBuffer);
    pcm[0] = 99; // the frame must not share the (recycled) capture buffer
    expect(Array.from(new Int16Array(frame))).to.deep.equal([1, -2, 3]);
  });

  it('carries an odd trailing byte into the next binary frame', () => {
    const anunziProvider = provider();
    const samples = Int16Array.from([1000, -1000, 258, -32768, 32767]);
    const bytes = new Uint8Array(samples.buffer);
    const received: number[] = [];
    for (const [start, end] of [[0, 3], [3, 4], [4, 7], [7, 10]]) {
      for (const event of anunziProvider.decode(bytes.slice(start, end).buffer)) {
        if (event.kind === 'audio') received.push(...event.pcm);
      }
    }
    expect(received).to.deep.equal(Array.from(samples));
  });

  it('reads status_agent_ready, surfaces unknown JSON and ignores junk', () => {
    const anunziProvider = provider();
    expect(anunziProvider.decode('{"type":"status_agent_ready"}')).to.deep.equal([{ kind: 'agent-ready' }]);
    expect(anunziProvider.decode('{"type":"agent_metadata","x":1}')).to.deep.equal([{ kind: 'unknown', message: { type: 'agent_metadata', x: 1 } }]);
    expect(anunziProvider.decode('not json')[0].kind).to.equal('ignored');
    expect(anunziProvider.decode(new ArrayBuffer(0))[0].kind).to.equal('ignored');
  });
});
