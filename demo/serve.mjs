// `npm run demo`: the local mock agents for both providers (they speak, offline), the
// reference token broker in front of the Anunzi mock, a "CDN" serving dist/ from another
// origin, and the demo page under a strict Content-Security-Policy. No credentials, no internet.
// DEMO_REPLY=speech|parrot|tone picks how the mocks answer at start (the page can switch it).
//
// Point it at the real vendors with environment variables (see README, "Demo"):
//   LYZR_SERVER_URL=https://voice-sip.voice.lyzr.app LYZR_AGENT_ID=…
//   ANUNZI_BASE_URL=https://widgets.anunzi.net ANUNZI_API_KEY=… ANUNZI_ASSISTANT_ID=…
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTokenBroker } from '../server/token-broker.mjs';
import { DEFAULT_DEV_API_KEY, startAnunziMock } from './mock-anunzi.mjs';
import { startLyzrMock } from './mock-lyzr.mjs';
import { isReplyMode } from './mock-replies.mjs';
import { startStaticServer, strictCsp } from './static-server.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * Starts every demo server. Ports follow `basePort` (page, +1 CDN, +7 Lyzr mock, +8 Anunzi
 * mock, +9 broker); `basePort: 0` picks free ports for all (tests, screenshots).
 */
export async function startDemo({
  env = process.env,
  host = env.DEMO_HOST || '127.0.0.1',
  basePort = Number(env.DEMO_PORT || 8080),
  quiet = false,
  reply = env.DEMO_REPLY || 'speech',
} = {}) {
  if (!isReplyMode(reply)) throw new RangeError(`DEMO_REPLY must be speech, parrot or tone, not ${reply}`);
  const port = (offset) => (basePort ? basePort + offset : 0);
  const assistantId = env.ANUNZI_ASSISTANT_ID || 'demo-assistant';
  /** Filled in as the other servers start; the page server reads it per request. */
  const config = {};

  const page = await startStaticServer({
    root: fileURLToPath(new URL('./page', import.meta.url)),
    port: port(0),
    host,
    headers: () => ({ 'Content-Security-Policy': strictCsp({ scriptOrigins: [config.CDN], connectOrigins: config.connectOrigins }) }),
    vars: () => config,
  });
  const cdn = await startStaticServer({
    root: dist,
    port: port(1),
    host,
    // Worklets and ES modules loaded cross-origin need CORS.
    headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
  });
  const lyzrMock = env.LYZR_SERVER_URL ? undefined : await startLyzrMock({ port: port(7), host, quiet, reply });
  const anunziMock = env.ANUNZI_BASE_URL
    ? undefined
    : await startAnunziMock({ port: port(8), host, quiet, reply, apiKey: DEFAULT_DEV_API_KEY });
  const broker = await startTokenBroker({
    port: port(9),
    host,
    quiet,
    apiKey: env.ANUNZI_API_KEY || DEFAULT_DEV_API_KEY,
    vendorBaseUrl: env.ANUNZI_BASE_URL || anunziMock.url,
    assistantIds: [assistantId],
    allowedOrigins: [page.url],
  });

  const lyzrServer = env.LYZR_SERVER_URL || lyzrMock.url;
  // The page's reply menu switches these (POST /__reply); real vendors have no such switch.
  const mockUrls = [lyzrMock, anunziMock].filter(Boolean).map((mock) => mock.url);
  Object.assign(config, {
    CDN: cdn.url,
    LYZR_SERVER_URL: lyzrServer,
    LYZR_AGENT_ID: env.LYZR_AGENT_ID || 'demo-agent',
    ANUNZI_SESSION_ENDPOINT: `${broker.url}/api/voice-session?assistant=${encodeURIComponent(assistantId)}`,
    MODE: lyzrMock && anunziMock ? 'local mock agents' : 'real vendors where configured',
    REPLY_MOCKS: mockUrls.join(' '),
    connectOrigins: [...new Set([new URL(lyzrServer).origin, broker.url, ...mockUrls])],
  });

  const servers = [page, broker, cdn, lyzrMock, anunziMock].filter(Boolean);
  return {
    url: `${page.url}/`,
    summary:
      `CDN ${cdn.url}, Lyzr ${lyzrMock ? 'mock ' : ''}${lyzrServer}, Anunzi ${anunziMock ? `mock ${anunziMock.url}` : env.ANUNZI_BASE_URL} via broker ${broker.url}` +
      (mockUrls.length ? `; the mocks answer with ${reply} (menu on the page, or DEMO_REPLY=speech|parrot|tone)` : ''),
    close: () => Promise.all(servers.map((server) => server.close())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!existsSync(`${dist}/voice-agent.iife.js`)) {
    console.error('dist/ is missing: run `npm run build` first (npm run demo does).');
    process.exit(1);
  }
  const demo = await startDemo();
  console.log(`\n  <voice-agent> demo: ${demo.url}\n\n  (${demo.summary})\n`);
}
