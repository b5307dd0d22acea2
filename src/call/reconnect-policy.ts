// When to try reconnecting, and when to give up: bounded exponential backoff. Pure: the call
// owns the timers and asks this for the next delay.

export interface ReconnectLimits {
  /** Attempts in a row before the call gives up. */
  maxReconnects: number;
  /** The first delay; it doubles with each failed attempt, up to maxReconnectDelayMs. */
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
}

export interface ReconnectAttempt {
  /** 1 for the first attempt after a drop. */
  attempt: number;
  of: number;
  delayMs: number;
}

export class ReconnectPolicy {
  #failedAttempts = 0;
  readonly #limits: ReconnectLimits;

  constructor(limits: ReconnectLimits) {
    this.#limits = limits;
  }

  /** The connection dropped (or an attempt failed): the next attempt, or null to give up. */
  next(): ReconnectAttempt | null {
    const { maxReconnects, reconnectDelayMs, maxReconnectDelayMs } = this.#limits;
    if (this.#failedAttempts >= maxReconnects) return null;
    const delayMs = Math.min(maxReconnectDelayMs, reconnectDelayMs * 2 ** this.#failedAttempts);
    this.#failedAttempts++;
    return { attempt: this.#failedAttempts, of: maxReconnects, delayMs };
  }

  /** True while attempts are under way (a connection made now is a reconnection). */
  get reconnecting(): boolean {
    return this.#failedAttempts > 0;
  }

  /** A connection held long enough: the next drop starts counting again. */
  reset(): void {
    this.#failedAttempts = 0;
  }
}
