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
    throw new SessionError('The session response has an invalid socket URL.');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new SessionError(`Refused a socket URL with protocol "${url.protocol}" (only ws: and wss: are allowed).`);
  }
  return value;
}

const SESSION_TIMEOUT_MS = 10000;

/** fetch → JSON object, mapping every failure to a SessionError that names the cause. */
export async function fetchSessionJson(url: string, init: RequestInit, signal: AbortSignal): Promise<Record<string, unknown>> {
  const timeout = AbortSignal.timeout(SESSION_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
  } catch (error) {
    if (timeout.aborted) throw new SessionError('The session server did not answer in time.');
    if (signal.aborted) throw error;
    throw new SessionError('Could not reach the session server (network error).');
  }
  if (!response.ok) throw new SessionError(`The session server answered HTTP ${response.status}.`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new SessionError('The session server did not answer with JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SessionError('The session server answered with unexpected JSON.');
  }
  return body as Record<string, unknown>;
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
