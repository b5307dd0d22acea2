// Node entry of the token broker (the handler itself is broker.mjs; server/README.md has the
// contract and the other runtimes). The Anunzi API key must never reach the browser, so the
// page asks this endpoint, which holds the key and asks Anunzi for a one-time session URL.
//
//   ANUNZI_API_KEY=… ANUNZI_ASSISTANT_IDS=id1,id2 ALLOWED_ORIGINS=https://www.example.com \
//   PORT=8790 node server/token-broker.mjs
//   <voice-agent provider="anunzi" session-endpoint="https://broker.example.com/api/voice-session?assistant=id1">
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { brokerOptionsFromEnv, createBroker } from './broker.mjs';

/**
 * Serves the broker over node:http.
 * @param {import('./broker.mjs').BrokerOptions & { port?: number, host?: string }} options
 *   `port` 0 = ephemeral; `host` defaults to 127.0.0.1
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startTokenBroker({ port = 0, host = '127.0.0.1', ...options }) {
  const broker = createBroker(options);
  const say = options.quiet ? () => {} : (line) => (options.log ?? console.log)(`[token-broker] ${line}`);

  const server = createServer(async (req, res) => {
    try {
      const response = await broker.fetch(requestFrom(req), { remoteAddress: req.socket.remoteAddress });
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': body.length });
      res.end(body);
    } catch {
      // The handler answers its own failures; this is a request a web Request cannot stand
      // for (a method such as TRACE), or a client gone mid-answer.
      if (res.headersSent) return void res.destroy();
      res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' });
      res.end('{"error":"bad request"}');
    }
  });

  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const boundPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  say(`listening on ${url}`);
  for (const warning of broker.warnings) say(warning);
  return {
    url,
    port: boundPort,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** node:http's request as a web Request (the body streams, for the routes that read one). */
function requestFrom(req) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', 'http://broker.invalid'), {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : undefined,
    duplex: hasBody ? 'half' : undefined,
  });
}

/**
 * The request body as a web stream. Not Readable.toWeb: in Node 20 a body cancelled half-read
 * (the handler stops at its size limit) makes it throw "Controller is already closed" out of
 * an event handler, which ends the process. Here a cancelled body is read on and dropped.
 */
function bodyStream(req) {
  let open = true;
  return new ReadableStream({
    start(controller) {
      req.on('data', (chunk) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      const finish = (end) => {
        if (open) end();
        open = false;
      };
      req.once('end', () => finish(() => controller.close()));
      req.once('error', (error) => finish(() => controller.error(error)));
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false;
      req.resume();
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await startTokenBroker({
      ...brokerOptionsFromEnv(process.env),
      port: Number(process.env.PORT ?? 8790),
      host: process.env.HOST || undefined,
    });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
