// Bun entry of the token broker: `bun server/bun.mjs`, with the same environment variables as
// on Node (server/README.md), PORT (8790) and HOST (127.0.0.1). Bun serves a default export
// that has a fetch method.
import { brokerOptionsFromEnv, createBroker } from './broker.mjs';

const broker = createBroker(brokerOptionsFromEnv(Bun.env));
for (const warning of broker.warnings) console.log(`[token-broker] ${warning}`);

export default {
  port: Number(Bun.env.PORT ?? 8790),
  hostname: Bun.env.HOST || '127.0.0.1',
  /** @param {Request} request @param {import('bun').Server} server */
  fetch(request, server) {
    return broker.fetch(request, { remoteAddress: server.requestIP(request)?.address });
  },
};
