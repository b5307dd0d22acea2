// Test doubles for browser APIs the call touches. Each returns a restore function.

export interface FetchCall {
  url: string;
  init?: RequestInit;
}

/** Replaces window.fetch; `respond` builds each Response. */
export function stubFetch(respond: (call: FetchCall, index: number) => Response | Promise<Response>) {
  const original = window.fetch;
  const calls: FetchCall[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input instanceof Request ? input.url : input), init };
    calls.push(call);
    return respond(call, calls.length - 1);
  };
  return { calls, restore: () => (window.fetch = original) };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Records every MediaStream the page gets, so tests can check the mic was released. */
export function spyOnMicrophone() {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const streams: MediaStream[] = [];
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await original.call(devices, constraints);
    streams.push(stream);
    return stream;
  };
  return {
    streams,
    liveTracks: () => streams.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live'),
    restore: () => (devices.getUserMedia = original),
  };
}

/** Makes getUserMedia reject like the browser does for `name` (e.g. NotAllowedError). */
export function failMicrophone(name: string) {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  devices.getUserMedia = () => Promise.reject(new DOMException('test', name));
  return { restore: () => (devices.getUserMedia = original) };
}

/** Resolves once `check` is true, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
