// Session set-up and message parsing shared by the provider adapters (never by the element,
// so none of it is in the element bundle).
import { SessionError } from './provider';

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

/**
 * Most bytes of a session answer the widget reads. Real answers are a few hundred bytes (a
 * socket URL with its token); 16 KiB leaves room for long tokens and extra fields, while a
 * broken or hostile server cannot make the page hold and parse megabytes.
 */
export const MAX_SESSION_BYTES = 16 * 1024;

const tooLarge = () => new SessionError(`The session server's answer is larger than ${MAX_SESSION_BYTES / 1024} KiB, the most the widget reads.`);

/**
 * The body as text, cancelled as soon as it passes the limit. The caller aborts the request as
 * well: cancelling only the body stream leaves WebKit downloading the rest.
 */
async function readLimitedText(response: Response): Promise<string> {
  const declaredLength = response.headers.get('Content-Length');
  if (declaredLength !== null) {
    if (Number(declaredLength) > MAX_SESSION_BYTES) {
      void response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    // The network layer reads no more than the declared length, so text() is bounded, and unlike
    // a stream read to its end it lets Chromium finish the request rather than list it as
    // cancelled. The length check after it covers a compressed answer.
    const text = await response.text();
    if (text.length > MAX_SESSION_BYTES) throw tooLarge();
    return text;
  }
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let bytes = 0; reader; ) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_SESSION_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

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
 *
 * Redirects are never followed: a followed 307 would re-send the request, body included, to
 * wherever the answer points, and the call would stream the mic to a server the site owner
 * never configured. 'manual' stops at the redirect without contacting its target, and unlike
 * 'error' lets the message name it (when the redirect carries CORS headers).
 */
export async function fetchSessionJson(url: string, init: RequestInit, signal: AbortSignal): Promise<Record<string, unknown>> {
  // A controller of its own, so that an answer over the limit can abort the request too.
  const request = new AbortController();
  const cancel = () => request.abort(signal.reason);
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  try {
    return await requestSessionJson(url, init, request);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

async function requestSessionJson(url: string, init: RequestInit, request: AbortController): Promise<Record<string, unknown>> {
  const { signal } = request;
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal });
  } catch (error) {
    // fetch gives one opaque TypeError for DNS, refused connections, CORS refusals and
    // redirects without CORS headers alike.
    throw sessionFailure(signal, error, 'Could not reach the session server (network error, CORS refusal or a redirect).');
  }
  if (response.type === 'opaqueredirect') {
    throw new SessionError('The session server answered with a redirect, which the widget does not follow: configure the final URL.');
  }
  if (!response.ok) {
    request.abort();
    const meaning = STATUS_MEANINGS[response.status] ?? (response.status >= 500 ? 'server error' : '');
    throw new SessionError(`The session server answered HTTP ${response.status}${meaning ? ` (${meaning})` : ''}.`);
  }
  let text: string;
  try {
    text = await readLimitedText(response);
  } catch (error) {
    if (!(error instanceof SessionError)) throw sessionFailure(signal, error, 'The session server broke off its answer.');
    request.abort(error);
    throw error;
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
