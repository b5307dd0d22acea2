// The embed as a site owner uses it: dist/'s classic-script bundle from a "CDN" origin, pasted
// into a plain page on another origin served with a strict CSP (no inline, no eval, no
// blob:/data:). The page runs in an iframe; its harness reports back with postMessage.
import { expect } from '@open-wc/testing';
import { waitFor } from '../helpers/stubs';

interface SiteMessage {
  kind: string;
  id?: string;
  text?: string;
  detail?: { state: string; message: string };
  defined?: boolean;
  widgets?: Array<{ id: string; state: string }>;
}

async function openSite(page: string) {
  const { site, lyzr } = await (await fetch('/__mock-servers.json')).json();
  const frame = document.createElement('iframe');
  frame.allow = 'microphone; autoplay';
  const messages: SiteMessage[] = [];
  window.addEventListener('message', (event) => {
    if (event.source === frame.contentWindow) messages.push(event.data);
  });
  frame.src = `${site}/${page}`;
  document.body.append(frame);
  await waitFor(() => messages.some((message) => message.kind === 'loaded'), `${page} to load`);
  const command = (name: string, id?: string) => frame.contentWindow!.postMessage({ command: name, id }, '*');
  const statesOf = (id: string) => messages.filter((m) => m.kind === 'voice-agent-state' && m.id === id).map((m) => m.detail!.state);
  const problems = () => messages.filter((m) => m.kind === 'error' || m.kind === 'csp').map((m) => `${m.kind}: ${m.text}`);
  return { frame, messages, command, statesOf, problems, lyzr: lyzr as string, close: () => frame.remove() };
}

describe('e2e: the one-tag embed', () => {
  it('starts a call from the IIFE bundle on a plain cross-origin page under strict CSP', async () => {
    const site = await openSite('plain.html');
    try {
      site.command('start', 'widget');
      await waitFor(() => site.statesOf('widget').includes('listening'), 'the call to go live', 10000);
      await waitFor(() => site.statesOf('widget').includes('speaking'), 'the agent to answer', 15000);
      site.command('stop', 'widget');
      await waitFor(() => site.statesOf('widget').includes('ended'), 'the call to end');
      const inspection = await (await fetch(`${site.lyzr}/__inspect/latest`)).json();
      expect(inspection.violations).to.deep.equal([]);
      expect(inspection.frames, 'mic audio reached the agent before its answer').to.be.at.least(25);
      expect(site.problems(), 'no errors and no CSP violations').to.deep.equal([]);
    } finally {
      site.close();
    }
  });

  it('is harmless to define twice (two script tags + an app bundle of the ES build) and runs two widgets independently', async () => {
    const site = await openSite('double.html');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      site.command('start', 'first');
      site.command('start', 'second');
      await waitFor(() => site.statesOf('first').includes('listening') && site.statesOf('second').includes('listening'), 'both calls live', 10000);
      site.command('stop', 'first');
      await waitFor(() => site.statesOf('first').includes('ended'), 'the first call to end');
      await new Promise((resolve) => setTimeout(resolve, 500));
      site.command('describe');
      await waitFor(() => site.messages.some((m) => m.kind === 'description'), 'a description');
      const description = site.messages.find((m) => m.kind === 'description')!;
      expect(description.defined).to.equal(true);
      const [first, second] = description.widgets!;
      expect(first).to.deep.equal({ id: 'first', state: 'ended' });
      expect(second.id).to.equal('second');
      expect(second.state, 'the second call is unaffected').to.be.oneOf(['listening', 'speaking']);
      site.command('stop', 'second');
      await waitFor(() => site.statesOf('second').includes('ended'), 'the second call to end');
      expect(site.problems(), 'no errors and no CSP violations').to.deep.equal([]);
    } finally {
      site.close();
    }
  });
});
