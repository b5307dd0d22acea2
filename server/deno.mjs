// Deno entry of the token broker: `deno run --allow-net --allow-env server/deno.mjs`, with the
// same environment variables as on Node (server/README.md), PORT (8790) and HOST (127.0.0.1).
import { brokerOptionsFromEnv, createBroker } from './broker.mjs';

const env = Deno.env.toObject();
const broker = createBroker(brokerOptionsFromEnv(env));

Deno.serve(
  {
    port: Number(env.PORT ?? 8790),
    hostname: env.HOST || '127.0.0.1',
    onListen: ({ hostname, port }) => {
      console.log(`[token-broker] listening on http://${hostname}:${port}`);
      for (const warning of broker.warnings) console.log(`[token-broker] ${warning}`);
    },
  },
  (request, info) => broker.fetch(request, { remoteAddress: info.remoteAddr.hostname }),
);
