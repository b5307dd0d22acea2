// Cloudflare Workers / workerd entry of the token broker (module worker). Configuration comes
// from the Worker's environment: vars and secrets with the same names as on Node (put the key
// in a secret: `wrangler secret put ANUNZI_API_KEY`). server/README.md has a wrangler.toml.
//
// The client's address is Cloudflare's CF-Connecting-IP, which the edge sets itself, so
// TRUST_PROXY does not apply here. The broker (and its in-memory rate limit) lives as long as
// the isolate does: the limit holds per isolate, not across Cloudflare's network.
import { brokerOptionsFromEnv, createBroker } from './broker.mjs';

/** @type {ReturnType<typeof createBroker> | undefined} */
let broker;

export default {
  /** @param {Request} request @param {Record<string, string>} env */
  async fetch(request, env) {
    if (!broker) {
      try {
        broker = createBroker({ ...brokerOptionsFromEnv(env), trustProxy: 0 });
      } catch (error) {
        console.error(error.message);
        return Response.json({ error: 'broker not configured' }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
      }
      for (const warning of broker.warnings) console.log(`[token-broker] ${warning}`);
    }
    return broker.fetch(request, { remoteAddress: request.headers.get('CF-Connecting-IP') });
  },
};
