// Reference token broker for <voice-agent provider="anunzi">. The Anunzi API key must never
// reach the browser, so the page asks this endpoint, which holds the key and asks Anunzi for a
// one-time session URL. Deploy it as is, or copy `sessionUrlFor` into your own backend.
//
//   ANUNZI_API_KEY=… ANUNZI_ASSISTANT_IDS=id1,id2 ALLOWED_ORIGINS=https://www.example.com \
//   PORT=8790 node server/token-broker.mjs
//   <voice-agent provider="anunzi" session-endpoint="https://broker.example.com/api/voice-session?assistant=id1">
//
// CORS only stops other sites' pages from reading answers: anyone can still call this URL
// directly. Put your usual abuse protection (rate limits, login) in front if calls cost you.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

/**
 * @param {object} options
 * @param {string} options.apiKey Anunzi API key (from the environment, never from the page)
 * @param {string[]} options.assistantIds the only assistants this broker hands out; the first is the default
 * @param {string[]} options.allowedOrigins page origins allowed to call (CORS); '*' allows any
 * @param {string} [options.vendorBaseUrl]
 * @param {string} [options.route] path the widget calls (`GET route?assistant=<id>`)
 * @param {number} [options.port] 0 = ephemeral
 * @param {string} [options.host]
 * @param {number} [options.timeoutMs] vendor request timeout
 * @param {boolean} [options.quiet] no log lines
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startTokenBroker({
  apiKey,
  assistantIds,
  allowedOrigins = [],
  vendorBaseUrl = 'https://widgets.anunzi.net',
  route = '/api/voice-session',
  port = 0,
  host = '127.0.0.1',
  timeoutMs = 10_000,
  quiet = false,
  log = console.log,
}) {
  if (!apiKey) throw new Error('token broker: apiKey is required');
  if (!assistantIds?.length) throw new Error('token broker: at least one assistant id is required');
  // Defence in depth: whatever a log line contains, the key never leaves in it.
  const say = quiet ? () => {} : (line) => log(`[token-broker] ${String(line).replaceAll(apiKey, '***')}`);

  /** Asks the vendor for a session URL; throws a message that is safe to show anyone. */
  async function sessionUrlFor(assistantId) {
    const vendorUrl = `${vendorBaseUrl.replace(/\/+$/, '')}/websocket/token/${encodeURIComponent(assistantId)}`;
    let response;
    try {
      response = await fetch(vendorUrl, {
        headers: { Authorization: `Bearer ${apiKey}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(error?.name === 'TimeoutError' ? 'voice vendor timed out' : 'voice vendor unreachable');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`voice vendor answered ${response.status}`);
    }
    const sessionURL = await response.json().then((body) => body?.sessionURL, () => undefined);
    // Never hand the page a URL that carries the key itself.
    if (!/^wss?:\/\/[^/]/i.test(typeof sessionURL === 'string' ? sessionURL : '') || sessionURL.includes(apiKey)) {
      throw new Error('voice vendor sent no usable sessionURL');
    }
    return sessionURL;
  }

  const server = createServer(async (req, res) => {
    const reply = (status, body) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'Cache-Control': 'no-store' });
      res.end(json);
    };
    const url = new URL(req.url ?? '/', 'http://broker.invalid');
    if (url.pathname !== route) return reply(404, { error: 'not found' });

    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins.includes('*') && !allowedOrigins.includes(origin)) {
        say(`refused origin ${JSON.stringify(origin)}`);
        return reply(403, { error: 'origin not allowed' });
      }
      res.setHeader('Access-Control-Allow-Origin', allowedOrigins.includes('*') ? '*' : origin);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Max-Age': '600' });
      return res.end();
    }
    if (req.method !== 'GET') return reply(405, { error: 'use GET' });

    const assistantId = url.searchParams.get('assistant') ?? assistantIds[0];
    if (!assistantIds.includes(assistantId)) {
      say('refused an unknown assistant id');
      return reply(403, { error: 'unknown assistant' });
    }
    try {
      const sessionURL = await sessionUrlFor(assistantId);
      say(`session for assistant ${assistantId}`);
      reply(200, { sessionURL });
    } catch (error) {
      say(`assistant ${assistantId}: ${error.message}`);
      reply(502, { error: error.message });
    }
  });

  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const boundPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  say(`listening on ${url}${route}`);
  if (!allowedOrigins.length) say('no allowed origins configured: browsers will be refused (set ALLOWED_ORIGINS)');
  return {
    url,
    port: boundPort,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const list = (value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  await startTokenBroker({
    apiKey: process.env.ANUNZI_API_KEY,
    assistantIds: list(process.env.ANUNZI_ASSISTANT_IDS),
    allowedOrigins: list(process.env.ALLOWED_ORIGINS),
    vendorBaseUrl: process.env.ANUNZI_BASE_URL || undefined,
    port: Number(process.env.PORT ?? 8790),
    host: process.env.HOST || undefined,
  }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
