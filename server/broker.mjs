// The token broker as one web-standard handler, `fetch(request) → Response`, for every runtime:
// Node (token-broker.mjs), Cloudflare Workers / workerd (worker.mjs), Deno (deno.mjs) and Bun
// (bun.mjs) only pass requests in and tell it the client's address. It uses nothing but
// Request, Response, fetch, URL and streams. Contract and deployment: server/README.md.
//
// Two routes, each on only when configured:
//   GET  /api/voice-session?assistant=<id>  Anunzi: holds the API key, answers {sessionURL}
//   POST /lyzr/session/start {agentId}      Lyzr: maps the page's agent name to a pinned agent
//        id and answers {wsUrl}; the widget uses it as is with server-url="<broker>/lyzr"
import { clientKey, memoryRateLimiter } from './rate-limit.mjs';

/** Most bytes read from a vendor's answer (the widget reads at most 16 KiB of ours). */
const MAX_VENDOR_ANSWER_BYTES = 16 * 1024;
/** Most bytes read from a request body: `{"agentId":"…"}` is a few dozen. */
const MAX_REQUEST_BYTES = 1024;

export const DEFAULTS = Object.freeze({
  anunziBaseUrl: 'https://widgets.anunzi.net',
  anunziRoute: '/api/voice-session',
  lyzrBaseUrl: 'https://voice-sip.voice.lyzr.app',
  lyzrRoute: '/lyzr/session/start',
  rateLimit: Object.freeze({ burst: 10, perMinute: 10 }),
  timeoutMs: 10_000,
});

/**
 * @typedef {object} BrokerOptions
 * @property {string} [apiKey] Anunzi API key (from the environment, never from the page)
 * @property {string[]} [assistantIds] the only Anunzi assistants handed out; the first is the default
 * @property {Record<string, string>} [lyzrAgents] name the page uses as agent-id → Lyzr agent id
 * @property {string[]} [allowedOrigins] page origins allowed to call (CORS); '*' allows any
 * @property {{ burst: number, perMinute: number } | false} [rateLimit] per client IP; false = none
 * @property {import('./rate-limit.mjs').RateLimiter} [rateLimiter] a shared store instead of memory
 * @property {number} [trustProxy] proxies in front that append to X-Forwarded-For (0: ignore it)
 * @property {string} [vendorBaseUrl] Anunzi base URL
 * @property {string} [lyzrBaseUrl]
 * @property {string} [route] Anunzi route
 * @property {string} [lyzrRoute]
 * @property {number} [timeoutMs] vendor request timeout
 * @property {boolean} [quiet] no log lines
 * @property {(line: string) => void} [log]
 */

/**
 * @param {BrokerOptions} options
 * @returns {{ fetch: (request: Request, client?: { remoteAddress?: string | null }) => Promise<Response>, warnings: string[] }}
 */
export function createBroker({
  apiKey,
  assistantIds = [],
  lyzrAgents = {},
  allowedOrigins = [],
  rateLimit = DEFAULTS.rateLimit,
  rateLimiter = rateLimit ? memoryRateLimiter(rateLimit) : undefined,
  trustProxy = 0,
  vendorBaseUrl = DEFAULTS.anunziBaseUrl,
  lyzrBaseUrl = DEFAULTS.lyzrBaseUrl,
  route = DEFAULTS.anunziRoute,
  lyzrRoute = DEFAULTS.lyzrRoute,
  timeoutMs = DEFAULTS.timeoutMs,
  quiet = false,
  log = console.log,
}) {
  const lyzrNames = Object.keys(lyzrAgents);
  if (assistantIds.length && !apiKey) throw new Error('token broker: apiKey is required for the Anunzi assistants');
  if (apiKey && !assistantIds.length) throw new Error('token broker: at least one assistant id is required with an apiKey');
  if (!apiKey && !lyzrNames.length) throw new Error('token broker: configure an apiKey and assistant ids (Anunzi) or Lyzr agents');
  if (!Number.isInteger(trustProxy) || trustProxy < 0) throw new Error('token broker: trustProxy is a number of proxies (0 or more)');

  // Defence in depth: whatever a log line contains, the key never leaves in it.
  const say = quiet ? () => {} : (line) => log(`[token-broker] ${apiKey ? String(line).replaceAll(apiKey, '***') : line}`);
  const warnings = [];
  if (!allowedOrigins.length) warnings.push('no allowed origins configured: browsers will be refused (set ALLOWED_ORIGINS)');
  if (!rateLimiter) warnings.push('no rate limit: anyone can make this broker call the vendor as often as they like');

  /** @type {Map<string, { method: string, handle: (request: Request, url: URL) => Promise<Response> }>} */
  const routes = new Map();
  if (apiKey) routes.set(route, { method: 'GET', handle: anunziSession });
  if (lyzrNames.length) routes.set(lyzrRoute, { method: 'POST', handle: lyzrSession });

  /** Anunzi: `GET <base>/websocket/token/<assistant>` with the key → a one-time socket URL. */
  async function anunziSession(_request, url) {
    const assistantId = url.searchParams.get('assistant') ?? assistantIds[0];
    if (!assistantIds.includes(assistantId)) {
      say('refused an unknown assistant id');
      return json(403, { error: 'unknown assistant' });
    }
    const vendorUrl = `${vendorBaseUrl.replace(/\/+$/, '')}/websocket/token/${encodeURIComponent(assistantId)}`;
    const answer = await askVendor(vendorUrl, { headers: { Authorization: `Bearer ${apiKey}` } }, 'sessionURL');
    say(`assistant ${assistantId}: ${answer.error ?? 'session'}`);
    return answer.error ? json(502, { error: answer.error }) : json(200, { sessionURL: answer.socketUrl });
  }

  /** Lyzr: the page names an agent; the broker asks `session/start` for the pinned id behind it. */
  async function lyzrSession(request) {
    const name = parseJson(await readBounded(request, MAX_REQUEST_BYTES))?.agentId;
    if (typeof name !== 'string') return json(400, { error: 'body must be {"agentId": "<name>"}' });
    if (!Object.hasOwn(lyzrAgents, name)) {
      say('refused an unknown Lyzr agent');
      return json(403, { error: 'unknown agent' });
    }
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ agentId: lyzrAgents[name] }) };
    const answer = await askVendor(`${lyzrBaseUrl.replace(/\/+$/, '')}/session/start`, init, 'wsUrl');
    say(`Lyzr agent ${name}: ${answer.error ?? 'session'}`);
    return answer.error ? json(502, { error: answer.error }) : json(200, { wsUrl: answer.socketUrl });
  }

  /**
   * Calls a vendor and picks the socket URL out of its JSON answer. Failures come back as a
   * short cause that is safe to show anyone. Redirects are not followed (the key would go along).
   * @returns {Promise<{ socketUrl: string, error?: undefined } | { error: string }>}
   */
  async function askVendor(vendorUrl, init, field) {
    const signal = AbortSignal.timeout(timeoutMs);
    let response;
    try {
      response = await fetch(vendorUrl, { ...init, redirect: 'manual', signal });
    } catch {
      return { error: signal.aborted ? 'voice vendor timed out' : 'voice vendor unreachable' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { error: `voice vendor answered ${response.status}` };
    }
    let text;
    try {
      text = await readBounded(response, MAX_VENDOR_ANSWER_BYTES);
    } catch {
      return { error: signal.aborted ? 'voice vendor timed out' : 'voice vendor broke off its answer' };
    }
    if (text === undefined) return { error: 'voice vendor answer too large' };
    const socketUrl = parseJson(text)?.[field];
    // Only ws:/wss: URLs, and never one that carries the key itself.
    if (typeof socketUrl !== 'string' || !/^wss?:\/\/[^/]/i.test(socketUrl) || (apiKey && socketUrl.includes(apiKey))) {
      return { error: `voice vendor sent no usable ${field}` };
    }
    return { socketUrl };
  }

  /** Client address for the rate limit: the peer, or the entry the trusted proxies added. */
  function clientAddress(request, remoteAddress) {
    if (trustProxy > 0) {
      const hops = (request.headers.get('X-Forwarded-For') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
      if (hops.length) return hops[Math.max(0, hops.length - trustProxy)];
    }
    return remoteAddress || 'unknown';
  }

  async function handle(request, { remoteAddress } = {}) {
    const url = new URL(request.url);
    const target = routes.get(url.pathname);
    if (!target) return json(404, { error: 'not found' });

    const cors = { Vary: 'Origin' };
    const origin = request.headers.get('Origin');
    if (origin !== null) {
      const anyOrigin = allowedOrigins.includes('*');
      if (!anyOrigin && !allowedOrigins.includes(origin)) {
        say(`refused origin ${JSON.stringify(origin)}`);
        return json(403, { error: 'origin not allowed' }, cors);
      }
      cors['Access-Control-Allow-Origin'] = anyOrigin ? '*' : origin;
    }
    if (request.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': `${target.method}, OPTIONS`,
          ...(target.method === 'POST' && { 'Access-Control-Allow-Headers': 'Content-Type' }),
          'Access-Control-Max-Age': '600',
          'Cache-Control': 'no-store',
        },
      });
    }
    if (request.method !== target.method) return json(405, { error: `use ${target.method}` }, { ...cors, Allow: `${target.method}, OPTIONS` });

    if (rateLimiter) {
      let verdict;
      try {
        verdict = await rateLimiter.take(clientKey(clientAddress(request, remoteAddress)));
      } catch (error) {
        say(`rate limiter failed: ${error?.message ?? error}`);
        return json(503, { error: 'rate limiter unavailable' }, cors);
      }
      if (!verdict.allowed) {
        say('rate limited a client');
        return json(429, { error: 'too many session requests' }, { ...cors, 'Retry-After': String(verdict.retryAfterSeconds) });
      }
    }
    const response = await target.handle(request, url);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  }

  return {
    warnings,
    async fetch(request, client) {
      try {
        return await handle(request, client);
      } catch (error) {
        say(`internal error: ${error?.message ?? error}`);
        return json(500, { error: 'broker error' });
      }
    },
  };
}

/**
 * Broker options from environment variables (strings), the same on every runtime:
 * ANUNZI_API_KEY, ANUNZI_ASSISTANT_IDS, ANUNZI_BASE_URL, LYZR_AGENTS, LYZR_BASE_URL,
 * ALLOWED_ORIGINS, RATE_LIMIT_BURST, RATE_LIMIT_PER_MINUTE (0 = off), TRUST_PROXY,
 * VENDOR_TIMEOUT_MS. Lists are comma-separated; LYZR_AGENTS is `name=agentId,…` (a bare id
 * is its own name).
 * @param {Record<string, unknown>} bindings environment variables, or a Worker's env
 * @returns {BrokerOptions}
 */
export function brokerOptionsFromEnv(bindings) {
  // A Worker's env also holds non-text bindings (KV, Durable Objects); [vars] may be numbers.
  const env = Object.fromEntries(
    Object.entries(bindings)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .map(([name, value]) => [name, String(value)]),
  );
  const list = (value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const number = (name, fallback) => {
    if (env[name] === undefined || env[name] === '') return fallback;
    const value = Number(env[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`token broker: ${name} must be a number (0 or more)`);
    return value;
  };
  const perMinute = number('RATE_LIMIT_PER_MINUTE', DEFAULTS.rateLimit.perMinute);
  return {
    apiKey: env.ANUNZI_API_KEY || undefined,
    assistantIds: list(env.ANUNZI_ASSISTANT_IDS),
    vendorBaseUrl: env.ANUNZI_BASE_URL || undefined,
    lyzrAgents: Object.fromEntries(
      list(env.LYZR_AGENTS).map((entry) => {
        const [name, agentId = name] = entry.split('=').map((part) => part.trim());
        return [name, agentId];
      }),
    ),
    lyzrBaseUrl: env.LYZR_BASE_URL || undefined,
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    rateLimit: perMinute === 0 ? false : { burst: number('RATE_LIMIT_BURST', DEFAULTS.rateLimit.burst), perMinute },
    trustProxy: number('TRUST_PROXY', 0),
    timeoutMs: number('VENDOR_TIMEOUT_MS', DEFAULTS.timeoutMs),
  };
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

function parseJson(text) {
  try {
    const value = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A request's or response's body as text, or undefined when it passes `limit` bytes (then cancelled). */
async function readBounded(message, limit) {
  const declared = message.headers.get('Content-Length');
  if (declared !== null && Number(declared) > limit) {
    await message.body?.cancel().catch(() => {});
    return undefined;
  }
  const reader = message.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let bytes = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
