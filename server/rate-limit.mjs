// Per-client rate limit of the token broker: a token bucket per key (the client's IP), kept in
// this process's memory. On an edge platform every isolate has its own memory, so the limit
// holds per instance; server/README.md says when to plug in a shared store instead.
// Web-standard JavaScript only: it runs unchanged in Node, workerd, Deno and Bun.

/**
 * What the broker asks before each session request. Any object with this method can replace
 * the in-memory limiter (a Durable Object, Redis…); `take` must be atomic per key.
 * @typedef {object} RateLimiter
 * @property {(key: string) => RateVerdict | Promise<RateVerdict>} take spends one request of `key`
 *
 * @typedef {{ allowed: true } | { allowed: false, retryAfterSeconds: number }} RateVerdict
 */

/**
 * Token bucket in a Map: each client starts with `burst` requests and earns them back at
 * `perMinute`. The Map keeps at most `maxClients` buckets; the least recently seen goes first
 * (a forgotten client simply starts again with a full bucket).
 * @param {object} options
 * @param {number} options.burst requests a client may make at once
 * @param {number} options.perMinute requests a client earns back per minute
 * @param {number} [options.maxClients]
 * @param {() => number} [options.now] clock in milliseconds (tests drive it)
 * @returns {RateLimiter}
 */
export function memoryRateLimiter({ burst, perMinute, maxClients = 10_000, now = Date.now }) {
  if (!(burst >= 1) || !(perMinute > 0)) throw new Error('rate limit: burst must be at least 1 and perMinute above 0');
  const msPerRequest = 60_000 / perMinute;
  /** @type {Map<string, { tokens: number, at: number }>} insertion order = least recently seen first */
  const buckets = new Map();

  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? Math.min(burst, bucket.tokens + (time - bucket.at) / msPerRequest) : burst;
      if (tokens < 1) return { allowed: false, retryAfterSeconds: Math.ceil(((1 - tokens) * msPerRequest) / 1000) };
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - 1, at: time });
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value);
      return { allowed: true };
    },
  };
}

/**
 * The bucket a client address counts against: an IPv4 address as is (IPv4-mapped IPv6 too),
 * an IPv6 address by its /64 prefix, since one subscriber usually holds a whole /64 and could
 * otherwise take a fresh bucket per address.
 * @param {string} address
 */
export function clientKey(address) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => (parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}
