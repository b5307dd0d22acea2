// The one interface every voice-agent protocol implements. The call and the element only
// speak this; protocol details live in one file per provider.
import type { TranscriptUpdate } from '../transcript';

/** What one incoming socket message means, once the provider has decoded it. */
export type ProviderEvent =
  | { kind: 'audio'; pcm: Int16Array }
  | { kind: 'transcript'; update: TranscriptUpdate }
  /** The agent is ready: the call is live (providers whose socket opening is not enough). */
  | { kind: 'agent-ready' }
  /** The agent was interrupted: drop queued agent audio. */
  | { kind: 'interrupted' }
  /** Well-formed but not ours to interpret: surfaced to the host page. */
  | { kind: 'unknown'; message: unknown }
  /** Malformed input that was dropped; `reason` says why (debug). */
  | { kind: 'ignored'; reason: string };

/** The element attributes a provider may read. */
export interface ProviderConfig {
  agentId?: string | null;
  serverUrl?: string | null;
  sessionEndpoint?: string | null;
  /** Any other attribute (the element itself is the config): used to refuse secrets. */
  getAttribute?(name: string): string | null;
}

export interface Provider {
  /** Mic audio rate the service wants. */
  readonly captureRate: number;
  /** Rate of the agent audio it sends. */
  readonly playbackRate: number;
  readonly binaryType: BinaryType;
  /** True when the call is live as soon as the socket opens; else wait for 'agent-ready'. */
  readonly liveOnOpen: boolean;
  /** Asks for a fresh socket URL (never reused across connections). */
  openSession(signal: AbortSignal): Promise<string>;
  /** Messages sent right after the socket opens (the mic is already recording then). */
  greeting(): Array<string | ArrayBuffer>;
  /** One mic frame (PCM16 at captureRate) as a socket message. Must not keep `pcm`. */
  encodeFrame(pcm: Int16Array): string | ArrayBuffer;
  decode(data: unknown): ProviderEvent[];
}

export interface ProviderDefinition {
  /** Why the attributes cannot work, for a visible configuration error; null when fine. */
  configError(config: ProviderConfig): string | null;
  /** A fresh provider for one call (decoders keep state, e.g. an odd byte). */
  create(config: ProviderConfig): Provider;
}

/** A session failure the visitor can be told about. */
export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

/** Only ws:/wss: URLs are ever opened, whatever a session endpoint answers. */
export function checkedSocketUrl(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new SessionError('The session response has no socket URL.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SessionError('The session response has an invalid socket URL (it must be an absolute ws: or wss: URL).');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new SessionError(`Refused a socket URL with protocol "${url.protocol}" (only ws: and wss: are allowed).`);
  }
  return value;
}

/** What common statuses mean, so the error names the likely cause. */
const STATUS_MEANINGS: Record<number, string> = {
  400: 'bad request',
  401: 'not authorized',
  403: 'forbidden',
  404: 'not found: check the URL',
  408: 'request timeout',
  429: 'too many requests',
};

/** A failed fetch or body read: a timeout or a network error, or the call ending (rethrown as is). */
function sessionFailure(signal: AbortSignal, error: unknown, otherwise: string): Error {
  if (!signal.aborted) return new SessionError(otherwise);
  if (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
    return new SessionError('The session server did not answer in time.');
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * fetch → JSON object, mapping every failure to a SessionError that names the cause. `signal`
 * carries the caller's deadline (AbortSignal.timeout) as well as the end of the call.
 */
export async function fetchSessionJson(url: string, init: RequestInit, signal: AbortSignal): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    // fetch gives one opaque TypeError for DNS, refused connections and CORS refusals alike.
    throw sessionFailure(signal, error, 'Could not reach the session server (network error or CORS refusal).');
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    const meaning = STATUS_MEANINGS[response.status] ?? (response.status >= 500 ? 'server error' : '');
    throw new SessionError(`The session server answered HTTP ${response.status}${meaning ? ` (${meaning})` : ''}.`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw sessionFailure(signal, error, 'The session server broke off its answer.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = response.headers.get('Content-Type');
    throw new SessionError(`The session server did not answer with JSON${type ? ` (it sent ${type.split(';')[0]})` : ''}.`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SessionError('The session server answered with unexpected JSON (not an object).');
  }
  return body as Record<string, unknown>;
}

/** Attribute names that would hold a secret. No provider takes one: anyone can read a page. */
const SECRET_ATTRIBUTES = ['api-key', 'apikey', 'api_key', 'key', 'secret', 'token', 'access-token', 'authorization'];
/** Query parameters that would carry one in a configured URL. */
const SECRET_PARAMS = /^(api[-_]?key|apikey|key|secret|access[-_]?token|authorization)$/i;

/**
 * Why the attributes expose a secret, or null: a key-like attribute, or a configured URL with
 * credentials or a key parameter. The message never repeats the secret itself.
 */
export function secretInPageError(config: ProviderConfig, urls: Array<[attribute: string, value: string | null | undefined]>, remedy: string): string | null {
  const attribute = SECRET_ATTRIBUTES.find((name) => config.getAttribute?.(name) != null);
  if (attribute) return `Remove the ${attribute} attribute: a key in a web page is public. ${remedy}`;
  for (const [name, value] of urls) {
    const url = value ? parsedUrl(value) : null;
    if (!url) continue;
    if (url.username || url.password) return `${name} must not contain a user name or password. ${remedy}`;
    const param = [...url.searchParams.keys()].find((key) => SECRET_PARAMS.test(key));
    if (param) return `${name} must not carry a key (parameter "${param}"). ${remedy}`;
  }
  return null;
}

/** The URL an attribute names, resolved against the page; null when it does not parse. */
export function parsedUrl(value: string): URL | null {
  try {
    return new URL(value, location.href);
  } catch {
    return null;
  }
}

/** Parses a text frame as a JSON object, or says why it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return 'malformed JSON';
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'JSON is not an object';
  return message as Record<string, unknown>;
}
