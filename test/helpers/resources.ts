// Counts what a call opens and what it releases: sockets, audio contexts, microphone tracks,
// session requests and page-level listeners. Also stands in for what Chromium under test does
// not do by itself: an autoplay policy that keeps audio suspended outside a user gesture, and
// system interruptions (Safari's 'interrupted' state, a hidden tab).
import { spyOnMicrophone, waitFor } from './stubs';

/** Why a context may not run right now. */
type AudioLock = 'gesture' | 'interrupted' | 'hidden';

/** Trusted input events during whose dispatch a page may start audio (WebKit's rule, the strictest). */
const GESTURES = ['click', 'pointerup', 'touchend', 'keydown', 'keyup'];

export interface WatchedAudioContext extends AudioContext {
  lock: AudioLock | null;
}

export interface ResourceWatch {
  readonly sockets: WebSocket[];
  readonly contexts: WatchedAudioContext[];
  readonly streams: MediaStream[];
  /** URLs the page fetched (session requests), except the tests' own /__ calls to the mocks. */
  readonly fetches: string[];
  openSockets(): WebSocket[];
  openContexts(): AudioContext[];
  liveTracks(): MediaStreamTrack[];
  /** Listeners added to window/document since the watch began and not removed. */
  pageListeners(): string[];
  /** Resolves once every socket, context and track is closed and no page listener is left. */
  allReleased(timeoutMs?: number): Promise<void>;
  /** From now on contexts start suspended and resume() works only inside a trusted gesture. */
  requireGestureForAudio(): void;
  /**
   * The system takes the audio away (Safari reports 'interrupted'; a hidden tab may suspend it):
   * the context stops and resume() stays pending until endInterruption() or, for 'hidden',
   * until the tab is visible again.
   */
  interrupt(context: WatchedAudioContext, lock?: 'interrupted' | 'hidden'): Promise<void>;
  /**
   * The interruption is over; like Safari, the context stays suspended until someone resumes
   * it — with `resumeNeedsGesture`, as on iOS, only a resume() inside a trusted gesture works.
   */
  endInterruption(context: WatchedAudioContext, options?: { resumeNeedsGesture?: boolean }): void;
  /** Pretends the tab is hidden or visible (fires visibilitychange). */
  setTabVisible(visible: boolean): void;
  restore(): void;
}

export function watchResources(): ResourceWatch {
  const sockets: WebSocket[] = [];
  const contexts: WatchedAudioContext[] = [];
  const fetches: string[] = [];
  const microphone = spyOnMicrophone();
  const restorers: Array<() => void> = [() => microphone.restore()];

  // Sockets
  const NativeWebSocket = window.WebSocket;
  class CountedWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  window.WebSocket = CountedWebSocket;
  restorers.push(() => (window.WebSocket = NativeWebSocket));

  // Session requests
  const nativeFetch = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    // The tests' own calls to the mocks (/__faults, /__inspect) are not the widget's.
    if (!new URL(url, location.href).pathname.startsWith('/__')) fetches.push(url);
    return nativeFetch(input, init);
  };
  restorers.push(() => (window.fetch = nativeFetch));

  // Gestures: a flag that is true only while a trusted input event is being dispatched.
  let inGesture = false;
  const onGesture = (event: Event) => {
    if (!event.isTrusted) return;
    inGesture = true;
    setTimeout(() => (inGesture = false));
  };
  for (const type of GESTURES) window.addEventListener(type, onGesture, { capture: true });
  restorers.push(() => GESTURES.forEach((type) => window.removeEventListener(type, onGesture, { capture: true })));

  // Tab visibility
  let tabVisible = true;
  const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
  const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (tabVisible ? visibility.get!.call(document) : 'hidden') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => !tabVisible || hidden.get!.call(document) });
  restorers.push(() => {
    delete (document as { visibilityState?: unknown }).visibilityState;
    delete (document as { hidden?: unknown }).hidden;
  });

  // Audio contexts
  let gestureRequired = false;
  const NativeAudioContext = window.AudioContext;
  const nativeSuspend = NativeAudioContext.prototype.suspend;
  class CountedAudioContext extends NativeAudioContext implements WatchedAudioContext {
    lock: AudioLock | null = null;
    /** resume() promises held back by a lock: they settle once the context may run, as in Chrome. */
    #held: Array<() => void> = [];

    constructor(options?: AudioContextOptions) {
      super(options);
      contexts.push(this);
      if (gestureRequired) {
        this.lock = 'gesture';
        void nativeSuspend.call(this);
      }
    }

    override get state(): AudioContextState {
      const state = super.state;
      if (state === 'closed' || this.lock === null) return state;
      return (this.lock === 'interrupted' ? 'interrupted' : 'suspended') as AudioContextState;
    }

    override resume(): Promise<void> {
      const allowed =
        this.lock === null ||
        (this.lock === 'gesture' && inGesture) ||
        (this.lock === 'hidden' && tabVisible);
      if (!allowed) return new Promise((resolve) => this.#held.push(resolve));
      this.lock = null;
      return super.resume().then(() => this.#held.splice(0).forEach((resolve) => resolve()));
    }
  }
  window.AudioContext = CountedAudioContext;
  restorers.push(() => (window.AudioContext = NativeAudioContext));
  // Where the browser can tell (Firefox), it reports the simulated policy too.
  const nav = navigator as { getAutoplayPolicy?(target: unknown): string };
  const nativePolicy = nav.getAutoplayPolicy;
  if (nativePolicy) {
    nav.getAutoplayPolicy = (target) =>
      target instanceof CountedAudioContext && target.lock === 'gesture' ? 'disallowed' : nativePolicy.call(navigator, target);
    restorers.push(() => (nav.getAutoplayPolicy = nativePolicy));
  }

  // Page-level listeners
  const added = new Set<string>();
  const keyOf = (target: string, type: string, options?: boolean | EventListenerOptions) => {
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return `${target}:${type}${capture ? ':capture' : ''}`;
  };
  const listenerIds = new WeakMap<object, number>();
  let nextListenerId = 1;
  const idOf = (listener: unknown) => {
    if (typeof listener !== 'function' && (typeof listener !== 'object' || listener === null)) return 0;
    if (!listenerIds.has(listener)) listenerIds.set(listener, nextListenerId++);
    return listenerIds.get(listener)!;
  };
  for (const [name, target] of [['window', window], ['document', document]] as const) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    type Listener = EventListenerOrEventListenerObject;
    target.addEventListener = function (this: EventTarget, type: string, listener: Listener, options?: boolean | AddEventListenerOptions) {
      added.add(`${keyOf(name, type, options)}:${idOf(listener)}`);
      return add.call(this, type, listener, options);
    };
    target.removeEventListener = function (this: EventTarget, type: string, listener: Listener, options?: boolean | EventListenerOptions) {
      added.delete(`${keyOf(name, type, options)}:${idOf(listener)}`);
      return remove.call(this, type, listener, options);
    };
    restorers.push(() => {
      target.addEventListener = add;
      target.removeEventListener = remove;
    });
  }

  const openSockets = () => sockets.filter((socket) => socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN);
  const openContexts = () => contexts.filter((context) => context.state !== 'closed');
  const pageListeners = () => [...added.keys()].map((id) => id.replace(/:\d+$/, ''));
  const unreleased = () => [
    ...openSockets().map((socket) => `socket ${socket.url} (readyState ${socket.readyState})`),
    ...sockets.filter((socket) => socket.readyState === WebSocket.CLOSING).map((socket) => `socket ${socket.url} still closing`),
    ...openContexts().map((context) => `AudioContext (${context.state})`),
    ...microphone.liveTracks().map((track) => `mic track ${track.label || track.id}`),
    ...pageListeners().map((listener) => `listener ${listener}`),
  ];

  return {
    sockets,
    contexts,
    streams: microphone.streams,
    fetches,
    openSockets,
    openContexts,
    liveTracks: microphone.liveTracks,
    pageListeners,
    async allReleased(timeoutMs = 3000) {
      await waitFor(() => unreleased().length === 0, 'the call to release everything', timeoutMs).catch(() => {
        throw new Error(`Not released: ${unreleased().join('; ')}`);
      });
    },
    requireGestureForAudio() {
      gestureRequired = true;
    },
    async interrupt(context, lock = 'interrupted') {
      context.lock = lock;
      await nativeSuspend.call(context);
    },
    endInterruption(context, { resumeNeedsGesture = false } = {}) {
      if (context.lock === 'interrupted') context.lock = resumeNeedsGesture ? 'gesture' : null;
      context.dispatchEvent(new Event('statechange'));
    },
    setTabVisible(visible) {
      tabVisible = visible;
      document.dispatchEvent(new Event('visibilitychange'));
    },
    restore() {
      restorers.splice(0).reverse().forEach((restore) => restore());
    },
  };
}
