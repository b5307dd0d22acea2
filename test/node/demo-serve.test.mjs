// `npm run demo` wiring for the talking agents: the mocks start in the asked reply mode, and
// the page can reach them to switch it (the reply menu), under its strict CSP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../demo/serve.mjs';
import { getJson } from './support.mjs';

describe('demo server', () => {
  it('starts both mocks in the asked mode and lets the page switch them', async () => {
    const demo = await startDemo({ basePort: 0, quiet: true, env: {}, reply: 'parrot' });
    try {
      const page = await fetch(demo.url);
      const html = await page.text();
      const mocks = /data-mocks="([^"]*)"/.exec(html)?.[1].split(' ') ?? [];
      assert.equal(mocks.length, 2, html);
      const connectSrc = /connect-src ([^;]*)/.exec(page.headers.get('content-security-policy') ?? '')?.[1].split(' ') ?? [];
      for (const mock of mocks) {
        assert.ok(connectSrc.includes(mock), `${mock} allowed by connect-src ${connectSrc}`);
        assert.equal((await getJson(`${mock}/__reply`)).body.mode, 'parrot');
      }
    } finally {
      await demo.close();
    }
  });

  it('refuses an unknown DEMO_REPLY', async () => {
    await assert.rejects(startDemo({ basePort: 0, quiet: true, env: { DEMO_REPLY: 'sing' } }), /DEMO_REPLY/);
  });
});
