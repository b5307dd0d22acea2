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

/** One call's protocol adapter; each provider's lives in a file of its own, loaded at call start. */
export interface Provider {
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

/** A fresh adapter for one call (decoders keep state, e.g. an odd byte). */
export type ProviderFactory = (config: ProviderConfig) => Provider;

/** What the element knows of a provider before its adapter chunk has loaded. */
export interface ProviderDefinition {
  /** The provider's name in messages ("Lyzr"). */
  label: string;
  /** Imports the adapter chunk (a real import(), so bundlers split it like any code). */
  loadAdapter(): Promise<ProviderFactory>;
  /** Mic audio rate the service wants. */
  captureRate: number;
  /** Rate of the agent audio it sends. */
  playbackRate: number;
  /** Why the attributes cannot work, for a visible configuration error; null when fine. */
  configError(config: ProviderConfig): string | null;
}

/** A session failure the visitor can be told about (its message is shown as is). */
export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
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
