// The call's time: now() and its timers. The browser's by default; a test passes a clock it
// moves itself, so time limits, backoff and keepalive pacing do not depend on the machine's speed.

export type TimerId = number;

export interface Clock {
  /** Milliseconds on a monotonic scale (performance.now() in the browser). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerId;
  setInterval(callback: () => void, ms: number): TimerId;
  /** Cancels a timeout or an interval; an unknown or undefined id is ignored. */
  clear(id: TimerId | undefined): void;
}

export const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  setInterval: (callback, ms) => window.setInterval(callback, ms),
  // The browser keeps timeouts and intervals in one pool: either clear function cancels both.
  clear: (id) => window.clearTimeout(id),
};

/** Like AbortSignal.timeout(ms), on `clock`, with the function that cancels it. */
export function deadline(clock: Clock, ms: number): { signal: AbortSignal; cancel(): void } {
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms);
  return { signal: controller.signal, cancel: () => clock.clear(timer) };
}
