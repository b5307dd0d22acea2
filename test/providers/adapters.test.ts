// Provider adapters ship as files of their own and register when imported: the element loads
// the one it needs at call start, and a missing file is a named error, not a hang.
import { expect } from '@open-wc/testing';
import lyzrAdapterUrl from '../../src/adapters/voice-agent-lyzr.ts?worker&url';
import anunziAdapterUrl from '../../src/adapters/voice-agent-anunzi.ts?worker&url';
import { loadAdapter } from '../../src/providers/adapters';
import { isSessionError } from '../../src/providers/provider';

describe('provider adapters', () => {
  it('each adapter file registers its factory under its provider name', async () => {
    const lyzr = (await loadAdapter('lyzr', lyzrAdapterUrl))({ agentId: 'a' });
    const anunzi = (await loadAdapter('anunzi', anunziAdapterUrl))({ sessionEndpoint: '/voice' });
    expect(lyzr.liveOnOpen, 'Lyzr is live when the socket opens').to.equal(true);
    expect(anunzi.liveOnOpen, 'Anunzi waits for status_agent_ready').to.equal(false);
    expect(anunzi.greeting()).to.deep.equal([JSON.stringify({ type: 'status_client_ready' })]);
  });

  it('an adapter that does not load is a session error naming the URL', async () => {
    const url = new URL('/no-such-folder/voice-agent-nowhere.js', location.href).href;
    const error = await loadAdapter('nowhere', url).then(
      () => expect.fail('should have been refused'),
      (reason: unknown) => reason,
    );
    expect(isSessionError(error), String(error)).to.equal(true);
    expect((error as Error).message).to.equal(`The nowhere adapter did not load from ${url} (check worklet-base, CORS and the CSP's script-src).`);
  });

  it('a file that loads but registers nothing is refused the same way', async () => {
    const url = new URL('../../src/providers/registry.ts', import.meta.url).href;
    const error = await loadAdapter('registry', url).catch((reason: unknown) => reason);
    expect(isSessionError(error)).to.equal(true);
  });
});
