// Bun entry of the token broker: `bun server/bun.mjs`, with the same environment variables as
// on Node (server/README.md), PORT (8790) and HOST (127.0.0.1).
import { brokerOptionsFromEnv, createBroker } from './broker.mjs';

const broker = createBroker(brokerOptionsFromEnv(Bun.env));

const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 8790),
  hostname: Bun.env.HOST || '127.0.0.1',
  fetch: (request, server) => broker.fetch(request, { remoteAddress: server.requestIP(request)?.address }),
});
console.log(`[token-broker] listening on http://${server.hostname}:${server.port}`);
for (const warning of broker.warnings) console.log(`[token-broker] ${warning}`);
