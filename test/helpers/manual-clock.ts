// A clock for the call that moves only when the test says: time limits, reconnection backoff
// and keepalive pacing then happen at the moment the test chooses, however slow the machine is.
import type { Clock, TimerId } from '../../src/call/clock';
import { waitFor } from './stubs';

interface Timer {
  dueAt: number;
  /** The delay it was set with (for an interval, its period). */
  delayMs: number;
  repeat: boolean;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<TimerId, Timer>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerId {
    return this.#add({ dueAt: this.#now + ms, delayMs: ms, repeat: false, callback });
  }

  setInterval(callback: () => void, ms: number): TimerId {
    return this.#add({ dueAt: this.#now + ms, delayMs: ms, repeat: true, callback });
  }

  clear(id: TimerId | undefined): void {
    if (id !== undefined) this.#timers.delete(id);
  }

  /** The delays of the timeouts waiting to fire, soonest first (intervals left out). */
  pendingTimeouts(): number[] {
    return [...this.#timers.values()].filter((timer) => !timer.repeat).sort((a, b) => a.dueAt - b.dueAt).map((timer) => timer.delayMs);
  }

  /** Moves time forward by `ms`, running each timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let next = this.#soonest(end); next; next = this.#soonest(end)) {
      const [id, timer] = next;
      this.#now = timer.dueAt;
      if (timer.repeat) timer.dueAt += Math.max(1, timer.delayMs);
      else this.#timers.delete(id);
      timer.callback();
    }
    this.#now = end;
  }

  /**
   * Waits (in real time, polling) until a timeout of `delayMs` is pending, then moves time up to
   * it so it fires. A wrong delay, or none, fails with the delays that are pending.
   */
  async fire(delayMs: number, what = `a ${delayMs} ms timer`, timeoutMs = 8000): Promise<void> {
    const find = () => [...this.#timers.values()].find((timer) => !timer.repeat && timer.delayMs === delayMs);
    await waitFor(() => find() !== undefined, what, timeoutMs).catch(() => {
      throw new Error(`Timed out waiting for ${what}; pending timeouts: [${this.pendingTimeouts().join(', ')}] ms`);
    });
    this.advance(find()!.dueAt - this.#now);
  }

  #add(timer: Timer): TimerId {
    const id = this.#nextId++;
    this.#timers.set(id, timer);
    return id;
  }

  #soonest(notAfter: number): [TimerId, Timer] | undefined {
    let soonest: [TimerId, Timer] | undefined;
    for (const entry of this.#timers) {
      if (entry[1].dueAt <= notAfter && (!soonest || entry[1].dueAt < soonest[1].dueAt)) soonest = entry;
    }
    return soonest;
  }
}
