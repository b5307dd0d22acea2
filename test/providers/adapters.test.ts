// Provider adapters are import() chunks loaded at call start; one that does not load is a
// named, remembered error (no retry loop), and its message never carries a data: URL.
import { expect } from '@open-wc/testing';
import { adapterOf, providerNamed, providers } from '../../src/providers/registry';
import { SessionError, type ProviderDefinition } from '../../src/providers/provider';
import { shortUrl } from '../../src/load-failure';

/** A provider whose adapter chunk fails like a real import() of a missing file. */
function unloadable(message: string) {
  const definition: ProviderDefinition & { loads: number } = {
    label: 'Test',
    captureRate: 16000,
    playbackRate: 16000,
    configError: () => null,
    loads: 0,
    loadAdapter() {
      definition.loads++;
      return Promise.reject(new TypeError(message));
    },
  };
  return definition;
}

describe('provider adapters', () => {
  it('each provider loads its own adapter chunk', async () => {
    const lyzr = (await adapterOf(providers.lyzr))({ agentId: 'a' });
    const anunzi = (await adapterOf(providers.anunzi))({ sessionEndpoint: '/voice' });
    expect(lyzr.liveOnOpen, 'Lyzr is live when the socket opens').to.equal(true);
    expect(anunzi.liveOnOpen, 'Anunzi waits for status_agent_ready').to.equal(false);
    expect(anunzi.greeting()).to.deep.equal([JSON.stringify({ type: 'status_client_ready' })]);
  });

  it('only real provider names are providers (no prototype keys)', () => {
    expect(providerNamed('lyzr')).to.equal(providers.lyzr);
    for (const name of ['toString', '__proto__', 'constructor', '']) expect(providerNamed(name), name).to.equal(undefined);
  });

  it('an adapter that does not load is one remembered session error naming the file', async () => {
    const definition = unloadable('Failed to fetch dynamically imported module: https://cdn.example/assets/chunks/adapter-Dx1.js');
    const errors = await Promise.all([adapterOf(definition).catch((e: unknown) => e), adapterOf(definition).catch((e: unknown) => e)]);
    const later = await adapterOf(definition).catch((e: unknown) => e);
    expect(definition.loads, 'one attempt per page').to.equal(1);
    for (const error of [...errors, later]) {
      expect(error).to.be.instanceOf(SessionError);
      expect((error as Error).message).to.equal(
        "The Test adapter did not load (could not fetch https://cdn.example/assets/chunks/adapter-Dx1.js): deploy every file of the voice-agent build together, and allow their origin in the CSP's script-src.",
      );
    }
  });

  it('the error shows a data: URL as such, never its body, and a long URL shortened', async () => {
    const body = 'A'.repeat(4000);
    const error = (await adapterOf(unloadable(`Failed to fetch dynamically imported module: data:text/javascript;base64,${body}`)).catch((e: unknown) => e)) as Error;
    expect(error.message).to.contain('could not fetch an inline data: URL');
    expect(error.message).to.not.contain('AAAA');
    expect(error.message.length).to.be.below(240);
    const silent = (await adapterOf(unloadable('Importing a module script failed.')).catch((e: unknown) => e)) as Error;
    expect(silent.message, 'WebKit does not name the file').to.contain('(the browser could not fetch the file)');
    const long = shortUrl(`https://cdn.example/${'deep/'.repeat(30)}adapter-Dx1.js?v=1`);
    expect(long.length).to.be.at.most(60);
    expect(long).to.match(/^https:\/\/cdn\.example\/.*…\/adapter-Dx1\.js$/);
  });
});
