// One socket to the agent: opening it until the agent is live, the bounded send queue that
// absorbs a congested network, keepalive silence while the mic is stopped, and decoding what
// arrives. A reconnection is a new Connection; the call decides when.
import { SessionError, type Provider, type ProviderEvent } from '../providers/provider';
import type { Clock, TimerId } from './clock';

/** Above this many unsent bytes the socket is congested: mic frames wait in a bounded queue. */
const CONGESTED_BYTES = 32 * 1024;
/** At most this much mic audio waits while congested; older audio is dropped (and counted). */
export const MAX_QUEUED_MS = 500;
/**
 * A socket message larger than this (bytes, or characters of a text frame) is dropped unread.
 * Real agent frames are a few KB (docs/protocols.md); 1 MiB is 16 s of Lyzr base64 audio or
 * 32 s of Anunzi audio, far beyond the 3 s the jitter buffer would keep of it anyway.
 */
const MAX_MESSAGE_SIZE = 1 << 20;

/** A decoded message for the call ('agent-ready' stays with the connection). */
export type AgentEvent = Exclude<ProviderEvent, { kind: 'agent-ready' }>;

/** What the send side counts, across every connection of a call. */
export interface SendStats {
  framesSent: number;
  /** Mic frames dropped, oldest first, because the socket was congested. */
  framesDropped: number;
  /** Mic frames waiting for a congested socket (bounded: at most MAX_QUEUED_MS of audio). */
  queuedFrames: number;
  bufferedBytes: number;
}

export interface ConnectionOptions {
  url: string;
  provider: Provider;
  clock: Clock;
  /** Mic frame length and rate: the queue's bound and the keepalive's silent frames. */
  frameMs: number;
  captureRate: number;
  connectTimeoutMs: number;
  /** Written by the connection (the call's own stats object). */
  stats: SendStats;
  /** Every decoded message but 'agent-ready', which the connection itself waits for. */
  onEvent(event: AgentEvent): void;
  /** The socket closed after the connection was live, not by close(). */
  onClosed(event: CloseEvent): void;
}

export class Connection {
  readonly #options: ConnectionOptions;
  readonly #socket: WebSocket;
  readonly #queue: Array<string | ArrayBuffer> = [];
  readonly #maxQueuedFrames: number;
  /** Set while untilLive() waits for the provider's 'agent-ready'. */
  #onAgentReady?: () => void;
  #keepalive?: TimerId;
  #live = false;

  /** Opens the socket; throws a SessionError naming the cause when the browser refuses the URL. */
  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#maxQueuedFrames = Math.max(1, Math.round(MAX_QUEUED_MS / options.frameMs));
    this.#socket = openSocket(options.url, options.provider.binaryType);
  }

  /** The socket is open and the agent ready (untilLive() resolved), and it has not closed since. */
  get live(): boolean {
    return this.#live;
  }

  /**
   * Resolves once the socket is open and, for providers that say so, the agent ready. Rejects
   * with a SessionError (timeout, refusal, early close, `signal` aborted) and closes the socket.
   */
  untilLive(signal: AbortSignal): Promise<void> {
    const { provider, clock, connectTimeoutMs } = this.#options;
    const socket = this.#socket;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clock.clear(timer);
        signal.removeEventListener('abort', onAbort);
        this.#onAgentReady = undefined;
        if (!error) {
          this.#live = true;
          socket.onclose = (event) => this.#closedWhileLive(event);
          resolve();
          return;
        }
        this.close();
        reject(error);
      };
      const onAbort = () => settle(new SessionError('The call ended.'));
      const timer = clock.setTimeout(() => {
        const opened = socket.readyState === WebSocket.OPEN;
        settle(new SessionError(opened ? 'The agent did not get ready in time.' : 'The agent did not accept the connection in time.'));
      }, connectTimeoutMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
      socket.onopen = () => {
        socket.onmessage = (event) => this.#onMessage(event.data);
        for (const message of provider.greeting()) socket.send(message);
        if (provider.liveOnOpen) settle();
        else this.#onAgentReady = () => settle();
      };
      socket.onclose = (event) => {
        const how = socket.onmessage ? 'closed the connection before it was ready' : 'refused the connection';
        settle(new SessionError(`The agent ${how} (${closeCause(event)}).`));
      };
    });
  }

  /** Sends a mic frame once the socket is open; while congested it queues, dropping the oldest. */
  send(pcm: Int16Array): void {
    const socket = this.#socket;
    if (socket.readyState !== WebSocket.OPEN) return;
    const stats = this.#options.stats;
    this.#queue.push(this.#options.provider.encodeFrame(pcm));
    if (this.#queue.length > this.#maxQueuedFrames) {
      this.#queue.shift();
      stats.framesDropped++;
    }
    while (this.#queue.length && socket.bufferedAmount < CONGESTED_BYTES) {
      socket.send(this.#queue.shift()!);
      stats.framesSent++;
    }
    stats.queuedFrames = this.#queue.length;
    stats.bufferedBytes = socket.bufferedAmount;
  }

  /**
   * While the audio is stopped the capture worklet is silent, and a provider may close an idle
   * socket: send the zero frames the mic would have sent, catching up after timer throttling.
   * Silence is never queued: what a congested socket cannot take is skipped, so a catch-up
   * burst cannot push real mic frames out of the queue or count as dropped audio.
   */
  startKeepalive(): void {
    if (this.#keepalive !== undefined) return;
    const { clock, captureRate, frameMs } = this.#options;
    const silence = new Int16Array(Math.round((captureRate * frameMs) / 1000));
    const maxCatchUp = Math.ceil(1000 / frameMs);
    let dueAt = clock.now() + frameMs;
    this.#keepalive = clock.setInterval(() => {
      const now = clock.now();
      for (let sent = 0; dueAt <= now && sent < maxCatchUp && this.#sendSilence(silence); sent++) dueAt += frameMs;
      if (dueAt <= now) dueAt = now + frameMs; // the rest is skipped: over a second behind, or congested
    }, frameMs);
  }

  /** Sends a keepalive frame if the socket is open, nothing is queued and it is not congested. */
  #sendSilence(silence: Int16Array): boolean {
    const socket = this.#socket;
    if (socket.readyState !== WebSocket.OPEN || this.#queue.length > 0 || socket.bufferedAmount >= CONGESTED_BYTES) return false;
    socket.send(this.#options.provider.encodeFrame(silence));
    this.#options.stats.framesSent++;
    this.#options.stats.bufferedBytes = socket.bufferedAmount;
    return true;
  }

  stopKeepalive(): void {
    this.#options.clock.clear(this.#keepalive);
    this.#keepalive = undefined;
  }

  /** Detaches from the socket and closes it (1000) if it is still open or opening. */
  close(): void {
    this.#live = false;
    this.stopKeepalive();
    this.#queue.length = 0;
    this.#options.stats.queuedFrames = 0;
    const socket = this.#socket;
    socket.onclose = socket.onmessage = socket.onopen = null;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'call ended');
  }

  #closedWhileLive(event: CloseEvent): void {
    this.close();
    this.#options.onClosed(event);
  }

  #onMessage(data: unknown): void {
    let decoded: ProviderEvent[];
    // Text frames are strings; binaryType 'arraybuffer' makes every binary frame an ArrayBuffer.
    const size = typeof data === 'string' ? data.length : (data as ArrayBuffer).byteLength;
    try {
      decoded = size > MAX_MESSAGE_SIZE ? [{ kind: 'ignored', reason: `message over the 1 MiB limit (${size})` }] : this.#options.provider.decode(data);
    } catch (error) {
      decoded = [{ kind: 'ignored', reason: `decoder failed: ${String(error)}` }];
    }
    for (const event of decoded) {
      if (event.kind === 'agent-ready') this.#onAgentReady?.();
      else this.#options.onEvent(event);
    }
  }
}

/** `new WebSocket()` throws for URLs the browser refuses (mixed content, bad port): name that. */
function openSocket(url: string, binaryType: BinaryType): WebSocket {
  let socket: WebSocket;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    throw new SessionError(`The browser refused to open the agent's socket: ${error instanceof Error ? error.message : String(error)}`);
  }
  socket.binaryType = binaryType;
  return socket;
}

export function closeCause(event: CloseEvent): string {
  return `code ${event.code}${event.reason ? `: ${event.reason}` : ''}`;
}
