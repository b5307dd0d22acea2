// Counts what a long-running page holds, for the soak: Chromium's own figures (JS heap after a
// full collection, event listeners, DOM nodes; from web-test-runner.soak.config.mjs), and, by
// watching the page's calls, listeners on objects that can still fire, pending timeouts and
// running intervals. Installed once, before the widget is made, so everything it sets goes
// through it.
import { executeServerCommand } from '@web/test-runner-commands';

export interface Census {
  /** JS heap in use after a full garbage collection. */
  heapBytes: number;
  /** Every event listener of the page, as Chromium counts them. */
  eventListeners: number;
  nodes: number;
  /**
   * Listeners added through addEventListener on objects that can still fire them: not collected,
   * and not finished for good (a closed socket or AudioContext, an ended track). Elements are
   * left out: their listeners come and go with the view (a button shown), counted apart.
   */
  listeners: number;
  /** Listeners on elements still alive (the widget's view: buttons, the picker). */
  elementListeners: number;
  pendingTimeouts: number;
  intervals: number;
}

/** An object whose events are over: its listeners can never run again. */
function finished(target: EventTarget): boolean {
  if (target instanceof WebSocket) return target.readyState === WebSocket.CLOSED;
  if (target instanceof BaseAudioContext) return target.state === 'closed';
  if (target instanceof MediaStreamTrack) return target.readyState === 'ended';
  return false;
}

export function installCensus() {

  // Listeners: one entry per (target, type, listener, capture), the target held weakly.
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  const idOf = (object: object) => ids.get(object) ?? (ids.set(object, nextId++), nextId - 1);
  const listeners = new Map<string, { target: WeakRef<EventTarget>; what: string }>();
  const keyOf = (target: EventTarget, type: string, listener: unknown, options?: boolean | EventListenerOptions) => {
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return `${idOf(target)}:${type}:${listener && typeof listener === 'object' ? idOf(listener) : typeof listener === 'function' ? idOf(listener) : 0}:${capture}`;
  };
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (listener) listeners.set(keyOf(this, type, listener, options), { target: new WeakRef(this), what: `${this.constructor.name} ${type}` });
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
    listeners.delete(keyOf(this, type, listener, options));
    return remove.call(this, type, listener, options);
  };

  // Timers (ids are numbers in a page; typed loosely, as Node's own timer types are in scope too)
  type TimerFunction = (handler: (...args: unknown[]) => void, ms?: number, ...rest: unknown[]) => number;
  type ClearFunction = (id?: number) => void;
  const timeouts = new Set<number>();
  const intervals = new Set<number>();
  const page = window as unknown as Record<'setTimeout' | 'setInterval', TimerFunction> & Record<'clearTimeout' | 'clearInterval', ClearFunction>;
  const native = { setTimeout: page.setTimeout, clearTimeout: page.clearTimeout, setInterval: page.setInterval, clearInterval: page.clearInterval };
  page.setTimeout = (handler, ms, ...rest) => {
    const id = native.setTimeout.call(
      window,
      (...args: unknown[]) => {
        timeouts.delete(id);
        handler(...args);
      },
      ms,
      ...rest,
    );
    timeouts.add(id);
    return id;
  };
  page.setInterval = (handler, ms, ...rest) => {
    const id = native.setInterval.call(window, handler, ms, ...rest);
    intervals.add(id);
    return id;
  };
  // Either clear function cancels either kind (one pool in the browser).
  page.clearTimeout = page.clearInterval = (id) => {
    if (id === undefined) return;
    timeouts.delete(id);
    intervals.delete(id);
    native.clearTimeout.call(window, id);
  };

  return {
    /** Collects garbage, then counts. */
    async take(): Promise<Census> {
      const metrics = (await executeServerCommand('page-metrics')) as { heapBytes: number; eventListeners: number; nodes: number } | null;
      if (!metrics) throw new Error('The census needs the soak config (npm run test:soak), whose plugin answers page-metrics');
      for (const [key, { target }] of listeners) if (!target.deref()) listeners.delete(key);
      const alive = [...listeners.values()].map(({ target }) => target.deref()).filter((target) => target !== undefined);
      const elementListeners = alive.filter((target) => target instanceof Element).length;
      return { ...metrics, listeners: this.listenerNames().length, elementListeners, pendingTimeouts: timeouts.size, intervals: intervals.size };
    },
    /** The listeners that can still fire, but not on elements, as "<target class> <event type>". */
    listenerNames(): string[] {
      return [...listeners.values()]
        .map(({ target, what }) => ({ target: target.deref(), what }))
        .filter(({ target }) => target && !(target instanceof Element) && !finished(target))
        .map(({ what }) => what)
        .sort();
    },
    restore() {
      EventTarget.prototype.addEventListener = add;
      EventTarget.prototype.removeEventListener = remove;
      Object.assign(page, native);
    },
  };
}
