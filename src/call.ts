// One call's lifecycle: microphone → session → socket → audio, with reconnection. The
// element renders what this reports; protocol details stay in the provider.
import { AudioEngine } from './audio/audio-engine';
import type { PlaybackStatsMessage } from './audio/messages';
import { MicError, type MicProblem } from './audio/mic-error';
import { SessionError, type Provider, type ProviderEvent } from './providers/provider';
import type { TranscriptUpdate } from './transcript';

export type CallState =
  | 'idle'
  | 'requesting-mic'
  | 'connecting'
  | 'listening'
  | 'speaking'
  | 'reconnecting'
  | 'ended'
  | 'mic-denied'
  | 'no-mic'
  | 'insecure'
  | 'error';

/** States in which the call holds the mic and a socket (or is about to). */
export const ACTIVE_STATES: ReadonlySet<CallState> = new Set(['requesting-mic', 'connecting', 'listening', 'speaking', 'reconnecting']);

const MIC_STATES: Record<MicProblem, CallState> = {
  insecure: 'insecure',
  denied: 'mic-denied',
  'not-found': 'no-mic',
  busy: 'error',
  failed: 'error',
};

export interface CallOptions {
  provider: Provider;
  frameMs: number;
  /** Attenuate the mic while the agent speaks unless the visitor is clearly louder. */
  echoGate: boolean;
  /** Stop the agent's audio at once when the visitor talks over it. */
  bargeIn: boolean;
  workletBase?: string | null;
  deviceId?: string | null;
  /** Reconnection: attempts before giving up, and the first backoff delay (doubles each time). */
  maxReconnects?: number;
  reconnectDelayMs?: number;
}

export interface CallStats {
  framesSent: number;
  framesDropped: number;
  bufferedBytes: number;
  reconnects: number;
  /** Time from the visitor's last voiced mic frame to the agent becoming audible, last turn. */
  responseMs?: number;
  playback?: PlaybackStatsMessage;
}

export interface CallEvents {
  onState(state: CallState, detail: string): void;
  onTranscript(update: TranscriptUpdate): void;
  onLevels(mic: number, agent: number): void;
  /** A well-formed provider message the widget does not interpret. */
  onUnknownMessage(message: unknown): void;
  /** Malformed input that was dropped; the call goes on. */
  onIgnored(reason: string): void;
  /** Agent audio was cut: the visitor talked over it ('local') or the provider said so. */
  onInterrupted(source: 'local' | 'provider'): void;
}

/** Above this many unsent bytes the socket is congested: mic frames wait in a bounded queue. */
const CONGESTED_BYTES = 32 * 1024;
/** At most this much mic audio waits while congested; older audio is dropped (and counted). */
const MAX_QUEUED_MS = 500;
const SOCKET_OPEN_TIMEOUT_MS = 10000;
const POLICY_VIOLATION = 1008;
/** Mic meter level (0..1, i.e. about -39 dBFS) above which a frame counts as speech. */
const VOICE_LEVEL = 0.35;

export class Call {
  readonly stats: CallStats = { framesSent: 0, framesDropped: 0, bufferedBytes: 0, reconnects: 0 };
  #state: CallState = 'idle';
  #engine?: AudioEngine;
  #socket?: WebSocket;
  readonly #queue: Array<string | ArrayBuffer> = [];
  readonly #maxQueuedFrames: number;
  readonly #abort = new AbortController();
  #micLevel = 0;
  #lastVoiceAt = -Infinity;
  #reconnectAttempt = 0;
  #reconnectTimer?: ReturnType<typeof setTimeout>;

  readonly #options: CallOptions;
  readonly #events: CallEvents;

  constructor(options: CallOptions, events: CallEvents) {
    this.#options = options;
    this.#events = events;
    this.#maxQueuedFrames = Math.max(1, Math.round(MAX_QUEUED_MS / options.frameMs));
  }

  get currentState(): CallState {
    return this.#state;
  }

  /**
   * Starts the call. Call it from the visitor's click: the AudioContext is created before
   * the first await so the browser lets it play.
   */
  async start(): Promise<void> {
    const { provider } = this.#options;
    this.#setState('requesting-mic', 'Waiting for microphone permission…');
    this.#engine = new AudioEngine({
      onCaptureFrame: (pcm, level, bargeIn) => {
        if (bargeIn && this.#options.bargeIn && this.#state === 'speaking') this.#interrupt('local');
        this.#sendFrame(pcm, level);
      },
      onPlaybackStats: (stats) => this.#onPlaybackStats(stats),
      onMicEnded: () => this.#fail('error', 'The microphone was disconnected.'),
    });
    try {
      await this.#engine.start({
        capture: { targetRate: provider.captureRate, frameMs: this.#options.frameMs, echoGate: this.#options.echoGate },
        playback: { sourceRate: provider.playbackRate },
        workletBase: this.#options.workletBase,
        deviceId: this.#options.deviceId,
      });
      if (this.#finished) return;
      this.#setState('connecting', 'Connecting to the agent…');
      await this.#connect();
    } catch (error) {
      this.#handleStartError(error);
    }
  }

  /** Ends the call: the mic stops first, then the socket closes (as the protocols ask). */
  async stop(detail = 'Call ended.'): Promise<void> {
    if (this.#finished) return;
    this.#setState('ended', detail);
    await this.#release();
  }

  setMuted(muted: boolean): void {
    this.#engine?.setMuted(muted);
  }

  /** Switches to another microphone mid-call. */
  async switchMicrophone(deviceId: string): Promise<void> {
    try {
      await this.#engine?.switchMicrophone(deviceId);
    } catch (error) {
      this.#events.onIgnored(`could not switch microphone: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get #finished(): boolean {
    return this.#state === 'ended' || !ACTIVE_STATES.has(this.#state);
  }

  async #connect(): Promise<void> {
    const url = await this.#options.provider.openSession(this.#abort.signal);
    if (this.#finished) return;
    const socket = new WebSocket(url);
    socket.binaryType = this.#options.provider.binaryType;
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SessionError('The agent did not accept the connection in time.')), SOCKET_OPEN_TIMEOUT_MS);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.onclose = (event) => {
        clearTimeout(timer);
        reject(new SessionError(`The agent refused the connection (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`));
      };
    });
    if (this.#finished || socket !== this.#socket) return;
    socket.onclose = (event) => this.#onSocketClosed(socket, event);
    socket.onmessage = (event) => this.#onSocketMessage(event.data);
    for (const message of this.#options.provider.greeting()) socket.send(message);
    if (this.#reconnectAttempt > 0) this.stats.reconnects++;
    this.#reconnectAttempt = 0;
    if (this.#options.provider.liveOnOpen) this.#setState('listening', 'Listening');
    else this.#setState('connecting', 'Waiting for the agent…');
  }

  #onSocketClosed(socket: WebSocket, event: CloseEvent): void {
    if (socket !== this.#socket || this.#finished) return;
    this.#socket = undefined;
    this.#queue.length = 0;
    this.#engine?.flushPlayback();
    if (event.code === POLICY_VIOLATION) {
      void this.#fail('error', `The agent closed the call: ${event.reason || 'protocol violation'}.`);
      return;
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const maxReconnects = this.#options.maxReconnects ?? 4;
    if (this.#reconnectAttempt >= maxReconnects) {
      void this.#fail('error', 'Lost the connection to the agent and could not reconnect.');
      return;
    }
    const delay = (this.#options.reconnectDelayMs ?? 500) * 2 ** this.#reconnectAttempt;
    this.#reconnectAttempt++;
    this.#setState('reconnecting', `Connection lost — reconnecting (attempt ${this.#reconnectAttempt} of ${maxReconnects})…`);
    this.#reconnectTimer = setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        if (this.#finished) return;
        this.#events.onIgnored(`reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
        this.#socket = undefined;
        this.#scheduleReconnect();
      });
    }, delay);
  }

  #onSocketMessage(data: unknown): void {
    let decoded: ProviderEvent[];
    try {
      decoded = this.#options.provider.decode(data);
    } catch (error) {
      decoded = [{ kind: 'ignored', reason: `decoder failed: ${String(error)}` }];
    }
    for (const event of decoded) this.#handleProviderEvent(event);
  }

  #handleProviderEvent(event: ProviderEvent): void {
    switch (event.kind) {
      case 'audio':
        this.#engine?.play(event.pcm);
        break;
      case 'transcript':
        this.#events.onTranscript(event.update);
        break;
      case 'agent-ready':
        if (this.#state === 'connecting') this.#setState('listening', 'Listening');
        break;
      case 'interrupted':
        this.#interrupt('provider');
        break;
      case 'unknown':
        this.#events.onUnknownMessage(event.message);
        break;
      case 'ignored':
        this.#events.onIgnored(event.reason);
        break;
    }
  }

  #sendFrame(pcm: Int16Array, level: number): void {
    this.#micLevel = level;
    if (level > VOICE_LEVEL) this.#lastVoiceAt = performance.now();
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    this.#queue.push(this.#options.provider.encodeFrame(pcm));
    if (this.#queue.length > this.#maxQueuedFrames) {
      this.#queue.shift();
      this.stats.framesDropped++;
    }
    while (this.#queue.length && socket.bufferedAmount < CONGESTED_BYTES) {
      socket.send(this.#queue.shift()!);
      this.stats.framesSent++;
    }
    this.stats.bufferedBytes = socket.bufferedAmount;
  }

  /** Barge-in: drop the agent's queued audio at once. */
  #interrupt(source: 'local' | 'provider'): void {
    this.#engine?.flushPlayback();
    this.#events.onInterrupted(source);
  }

  #onPlaybackStats(stats: PlaybackStatsMessage): void {
    this.stats.playback = stats;
    this.#engine?.setAgentLevel(stats.playing ? stats.db : -100);
    this.#events.onLevels(this.#micLevel, stats.level);
    if (this.#state === 'listening' && stats.playing) {
      const sinceVoice = performance.now() - this.#lastVoiceAt;
      if (Number.isFinite(sinceVoice)) this.stats.responseMs = Math.round(sinceVoice);
      this.#setState('speaking', 'Agent speaking');
    }
    else if (this.#state === 'speaking' && !stats.playing) this.#setState('listening', 'Listening');
  }

  #handleStartError(error: unknown): void {
    if (this.#finished) return;
    if (error instanceof MicError) void this.#fail(MIC_STATES[error.problem], error.message);
    else if (error instanceof SessionError) void this.#fail('error', error.message);
    else void this.#fail('error', `Could not start the call: ${error instanceof Error ? error.message : String(error)}`);
  }

  async #fail(state: CallState, detail: string): Promise<void> {
    if (this.#finished) return;
    this.#setState(state, detail);
    await this.#release();
  }

  async #release(): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    this.#abort.abort();
    const socket = this.#socket;
    this.#socket = undefined;
    this.#queue.length = 0;
    await this.#engine?.close();
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'call ended');
    }
    this.#events.onLevels(0, 0);
  }

  #setState(state: CallState, detail: string): void {
    if (state === this.#state && state !== 'reconnecting') return;
    this.#state = state;
    this.#events.onState(state, detail);
  }
}
