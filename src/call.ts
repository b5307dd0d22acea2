// One call's lifecycle: microphone → session → socket → audio, with reconnection. The
// element renders what this reports; protocol details stay in the provider.
import { AudioBlockedError, AudioEngine, type PlaybackRoute } from './audio/audio-engine';
import type { PlaybackStatsMessage } from './audio/messages';
import { MicError, type MicProblem } from './audio/mic-error';
import { SessionError, type Provider, type ProviderEvent } from './providers/provider';
import { ReconnectPolicy } from './reconnect-policy';
import { ResponseTimer } from './response-timer';
import type { Notice } from './strings';
import { MAX_UPDATE_CHARS, withinTranscriptLimit, type TranscriptUpdate } from './transcript';

export type CallState =
  | 'idle'
  | 'requesting-mic'
  | 'connecting'
  | 'listening'
  | 'speaking'
  | 'reconnecting'
  | 'audio-paused'
  | 'ended'
  | 'mic-denied'
  | 'mic-forbidden'
  | 'no-mic'
  | 'insecure'
  | 'error';

/** States in which the call holds the mic and a socket (or is about to). */
export const ACTIVE_STATES: ReadonlySet<CallState> = new Set([
  'requesting-mic',
  'connecting',
  'listening',
  'speaking',
  'reconnecting',
  'audio-paused',
]);

const MIC_STATES: Record<MicProblem, CallState> = {
  insecure: 'insecure',
  forbidden: 'mic-forbidden',
  denied: 'mic-denied',
  'not-found': 'no-mic',
  busy: 'error',
  failed: 'error',
};

export interface CallOptions {
  /** The protocol adapter, or its file still loading: it loads while the mic permission is asked. */
  provider: Provider | Promise<Provider>;
  /** Mic audio rate the provider wants, and the rate of the agent audio it sends. */
  captureRate: number;
  playbackRate: number;
  frameMs: number;
  /** Attenuate the mic while the agent speaks unless the visitor is clearly louder. */
  echoGate: boolean;
  /** Stop the agent's audio at once when the visitor talks over it. */
  bargeIn: boolean;
  workletBase?: string | null;
  deviceId?: string | null;
  /** Where the agent's audio goes (volume, speaker choice); the default output without. */
  output?: PlaybackRoute;
  /** Every mic frame as captured (after muting), e.g. to notice a dead mic. Valid during the call only. */
  onMicFrame?(pcm: Int16Array, level: number): void;
}

/**
 * Time limits of every call. Rarely worth changing on a site; tests shorten them so fault
 * paths run in a second instead of ten.
 */
export const callLimits = {
  /** The session endpoint must answer within this. */
  sessionTimeoutMs: 10000,
  /** The socket must open, and the agent be ready where the provider waits for that, within this. */
  connectTimeoutMs: 10000,
  maxReconnects: 4,
  /** First reconnection delay; it doubles with each failed attempt, up to maxReconnectDelayMs. */
  reconnectDelayMs: 500,
  maxReconnectDelayMs: 8000,
  /**
   * A connection must stay up this long before the attempt count starts again: a server that
   * accepts and drops at once still reaches the final error instead of looping forever.
   */
  stableConnectionMs: 5000,
  /** Audio blocked by an autoplay policy (start() outside a click): wait this long for a gesture. */
  audioUnlockTimeoutMs: 15000,
  /** Audio interrupted mid-call (Safari 'interrupted', a suspended context): try resuming this long. */
  audioResumeTimeoutMs: 20000,
};

export interface CallStats {
  framesSent: number;
  /** Mic frames dropped, oldest first, because the socket was congested. */
  framesDropped: number;
  /** Mic frames waiting for a congested socket (bounded: at most 500 ms of audio). */
  queuedFrames: number;
  bufferedBytes: number;
  reconnects: number;
  /** Time from the visitor's last voiced mic frame to the agent becoming audible, last turn. */
  responseMs?: number;
  playback?: PlaybackStatsMessage;
}

export interface CallEvents {
  /** `detail` explains the state in English (for the page's code); `notice`, for the visitor. */
  onState(state: CallState, detail: string, notice?: Notice): void;
  onTranscript(update: TranscriptUpdate): void;
  onLevels(mic: number, agent: number): void;
  /** A well-formed provider message the widget does not interpret. */
  onUnknownMessage(message: unknown): void;
  /** Malformed input that was dropped; the call goes on. */
  onIgnored(reason: string): void;
  /** Agent audio was cut: the visitor talked over it ('local') or the provider said so. */
  onInterrupted(source: 'local' | 'provider'): void;
  /** Microphones were plugged in or out mid-call. */
  onDevicesChanged?(): void;
}

/** Above this many unsent bytes the socket is congested: mic frames wait in a bounded queue. */
const CONGESTED_BYTES = 32 * 1024;
/** At most this much mic audio waits while congested; older audio is dropped (and counted). */
const MAX_QUEUED_MS = 500;
/**
 * A socket message larger than this (bytes, or characters of a text frame) is dropped unread.
 * Real agent frames are a few KB (docs/protocols.md); 1 MiB is 16 s of Lyzr base64 audio or
 * 32 s of Anunzi audio, far beyond the 3 s the jitter buffer would keep of it anyway.
 */
const MAX_MESSAGE_SIZE = 1 << 20;
const POLICY_VIOLATION = 1008;
const AUDIO_PAUSED = 'The browser paused the audio (a phone call, another app, or the tab in the background).';
const AUDIO_PAUSED_NOTICE: Notice = { key: 'audio-paused-hint' };
/** The event detail while the browser asks the visitor for the microphone. */
const WAITING_FOR_MIC = 'Waiting for microphone permission…';
/** Mean square of a PCM16 frame above which it counts as speech (-40 dBFS RMS). */
const VOICED_MEAN_SQUARE = (0.01 * 32768) ** 2;

export class Call {
  readonly stats: CallStats = { framesSent: 0, framesDropped: 0, queuedFrames: 0, bufferedBytes: 0, reconnects: 0 };
  #state: CallState = 'idle';
  #detail = '';
  #engine?: AudioEngine;
  #provider?: Provider;
  #socket?: WebSocket;
  readonly #queue: Array<string | ArrayBuffer> = [];
  readonly #maxQueuedFrames: number;
  readonly #abort = new AbortController();
  #micLevel = 0;
  readonly #responseTimer = new ResponseTimer();
  readonly #reconnects = new ReconnectPolicy(callLimits);
  #reconnectTimer?: ReturnType<typeof setTimeout>;
  #stableTimer?: ReturnType<typeof setTimeout>;
  /** Set while a connection waits for the provider's 'agent-ready'. */
  #onAgentReady?: () => void;
  /** The socket is open and the agent ready (false while connecting or reconnecting). */
  #live = false;
  #audioInterrupted = false;
  #audioResumeTimer?: ReturnType<typeof setTimeout>;
  #keepaliveTimer?: ReturnType<typeof setInterval>;

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
    const options = this.#options;
    this.#setState('requesting-mic', WAITING_FOR_MIC);
    // The adapter file loads during the permission prompt; its failure is reported after the
    // engine's own (a blocked mic matters more to the visitor).
    const adapter = Promise.resolve(options.provider);
    adapter.catch(() => undefined);
    try {
      // Inside the try: AudioContext construction can throw (unsupported, blocked by policy).
      this.#engine = new AudioEngine({
        onCaptureFrame: (pcm, level, bargeIn) => {
          if (bargeIn && this.#options.bargeIn && this.#state === 'speaking') this.#interrupt('local');
          this.#sendFrame(pcm, level);
          options.onMicFrame?.(pcm, level);
        },
        onPlaybackStats: (stats) => this.#onPlaybackStats(stats),
        onMicEnded: () => this.#fail('no-mic', 'The microphone was disconnected.'),
        onDevicesChanged: () => this.#events.onDevicesChanged?.(),
        onAudioBlocked: () => {
          if (this.#state === 'requesting-mic') {
            this.#setState('requesting-mic', 'Click or tap the page to turn the audio on…', { key: 'audio-blocked-hint' });
          }
        },
        onAudioInterrupted: () => this.#onAudioInterrupted(),
        onAudioResumed: () => this.#onAudioResumed(),
        onAudioClosed: () =>
          void this.#fail('error', 'The browser closed the audio of the call. Start the call again.', { key: 'audio-stopped-hint' }),
      });
      window.addEventListener('pagehide', this.#onPageHide);
      await this.#engine.start({
        capture: { targetRate: options.captureRate, frameMs: options.frameMs, echoGate: options.echoGate },
        playback: { sourceRate: options.playbackRate },
        workletBase: options.workletBase,
        deviceId: options.deviceId,
        output: options.output,
        unlockTimeoutMs: callLimits.audioUnlockTimeoutMs,
      });
      this.#provider = await adapter;
      if (this.#finished) return;
      this.#setState('connecting', 'Connecting to the agent…');
      await this.#connect();
    } catch (error) {
      this.#handleStartError(error);
    }
  }

  /** Ends the call: the mic stops first, then the socket closes (as the protocols ask). */
  async stop(detail = 'Call ended.', notice?: Notice): Promise<void> {
    if (this.#finished) return;
    this.#setState('ended', detail, notice);
    await this.#release();
  }

  setMuted(muted: boolean): void {
    this.#engine?.setMuted(muted);
  }

  /** The visitor asks for the audio back (call it from their tap: Safari resumes only then). */
  resumeAudio(): void {
    this.#engine?.resume();
  }

  /**
   * The page is being left (navigation, or frozen into the back/forward cache): end the call
   * now, so the microphone is released and the agent sees a clean close.
   */
  #onPageHide = (): void => {
    void this.stop('The page was left: the call ended.', { key: 'left-page-hint' });
  };

  /** Switches to another microphone mid-call. */
  async switchMicrophone(deviceId: string): Promise<void> {
    try {
      await this.#engine?.switchMicrophone(deviceId);
    } catch (error) {
      this.#events.onIgnored(`could not switch microphone: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Not (or no longer) holding the mic and a connection: idle, ended, or failed. */
  get #finished(): boolean {
    return !ACTIVE_STATES.has(this.#state);
  }

  /** A session, a socket and a live agent; on failure it rejects and leaves no socket open. */
  async #connect(): Promise<void> {
    const provider = this.#provider!;
    const deadline = AbortSignal.timeout(callLimits.sessionTimeoutMs);
    const url = await provider.openSession(AbortSignal.any([this.#abort.signal, deadline]));
    if (this.#finished) return;
    const socket = openSocket(url, provider.binaryType);
    this.#socket = socket;
    try {
      await this.#untilLive(socket);
    } catch (error) {
      if (this.#socket === socket) this.#socket = undefined;
      closeQuietly(socket);
      throw error;
    }
    if (this.#finished || socket !== this.#socket) return;
    this.#live = true;
    socket.onclose = (event) => this.#onSocketClosed(socket, event);
    if (this.#reconnects.reconnecting) {
      this.stats.reconnects++;
      this.#stableTimer = setTimeout(() => this.#reconnects.reset(), callLimits.stableConnectionMs);
    }
    if (this.#audioInterrupted) this.#setState('audio-paused', AUDIO_PAUSED, AUDIO_PAUSED_NOTICE);
    else this.#setState('listening', 'Listening');
  }

  /** Resolves once the socket is open (and the agent ready, for providers that say so). */
  #untilLive(socket: WebSocket): Promise<void> {
    const provider = this.#provider!;
    const signal = this.#abort.signal;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#onAgentReady = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => settle(new SessionError('The call ended.'));
      const timer = setTimeout(() => {
        const opened = socket.readyState === WebSocket.OPEN;
        settle(new SessionError(opened ? 'The agent did not get ready in time.' : 'The agent did not accept the connection in time.'));
      }, callLimits.connectTimeoutMs);
      signal.addEventListener('abort', onAbort);
      socket.onopen = () => {
        socket.onmessage = (event) => this.#onSocketMessage(event.data);
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

  #onSocketClosed(socket: WebSocket, event: CloseEvent): void {
    if (socket !== this.#socket || this.#finished) return;
    this.#socket = undefined;
    this.#live = false;
    clearTimeout(this.#stableTimer);
    this.#queue.length = 0;
    this.stats.queuedFrames = 0;
    this.#engine?.flushPlayback();
    if (event.code === POLICY_VIOLATION) {
      void this.#fail('error', `The agent closed the call: ${event.reason || 'protocol violation'}.`);
      return;
    }
    this.#scheduleReconnect(`The connection closed (${closeCause(event)}).`);
  }

  /** Bounded exponential backoff, a new session each time, then a final error naming the last cause. */
  #scheduleReconnect(lastCause: string): void {
    const next = this.#reconnects.next();
    if (!next) {
      void this.#fail('error', `Lost the connection to the agent and could not reconnect. ${lastCause}`);
      return;
    }
    this.#setState('reconnecting', `Connection lost — reconnecting (attempt ${next.attempt} of ${next.of})…`, {
      key: 'reconnecting-hint',
      values: [next.attempt, next.of],
    });
    this.#reconnectTimer = setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        if (this.#finished) return;
        const cause = error instanceof Error ? error.message : String(error);
        this.#events.onIgnored(`reconnect failed: ${cause}`);
        this.#scheduleReconnect(cause);
      });
    }, next.delayMs);
  }

  #onSocketMessage(data: unknown): void {
    let decoded: ProviderEvent[];
    // Text frames are strings; binaryType 'arraybuffer' makes every binary frame an ArrayBuffer.
    const size = typeof data === 'string' ? data.length : (data as ArrayBuffer).byteLength;
    try {
      decoded = size > MAX_MESSAGE_SIZE ? [{ kind: 'ignored', reason: `message over the 1 MiB limit (${size})` }] : this.#provider!.decode(data);
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
      case 'transcript': {
        const update = withinTranscriptLimit(event.update);
        this.#events.onTranscript(update);
        if (update !== event.update) {
          this.#handleProviderEvent({ kind: 'ignored', reason: `transcript text cut to ${MAX_UPDATE_CHARS} characters (it had ${event.update.text.length})` });
        }
        break;
      }
      case 'agent-ready':
        this.#onAgentReady?.();
        break;
      case 'interrupted':
        this.#interrupt('provider');
        break;
      case 'unknown':
        this.#events.onUnknownMessage(event.message);
        break;
      case 'ignored':
        console.debug('[voice-agent] ignored:', event.reason);
        this.#events.onIgnored(event.reason);
        break;
    }
  }

  #sendFrame(pcm: Int16Array, level: number): void {
    this.#micLevel = level;
    // The frame itself, not the meter (whose slow release would hide the end of speech).
    if (isVoiced(pcm)) this.#responseTimer.voiced(performance.now());
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    this.#queue.push(this.#provider!.encodeFrame(pcm));
    if (this.#queue.length > this.#maxQueuedFrames) {
      this.#queue.shift();
      this.stats.framesDropped++;
    }
    while (this.#queue.length && socket.bufferedAmount < CONGESTED_BYTES) {
      socket.send(this.#queue.shift()!);
      this.stats.framesSent++;
    }
    this.stats.queuedFrames = this.#queue.length;
    this.stats.bufferedBytes = socket.bufferedAmount;
  }

  /** The browser suspended or interrupted the audio mid-call: keep the call, say so, try to resume. */
  #onAudioInterrupted(): void {
    if (this.#finished || this.#audioInterrupted) return;
    this.#audioInterrupted = true;
    this.#startKeepalive();
    this.#audioResumeTimer = setTimeout(
      () =>
        void this.#fail('error', 'The browser stopped the audio of the call (another app or the system took it). Start the call again.', {
          key: 'audio-stopped-hint',
        }),
      callLimits.audioResumeTimeoutMs,
    );
    if (this.#live) this.#setState('audio-paused', AUDIO_PAUSED, AUDIO_PAUSED_NOTICE);
  }

  #onAudioResumed(): void {
    if (!this.#audioInterrupted) return;
    this.#audioInterrupted = false;
    this.#stopKeepalive();
    if (this.#live && !this.#finished) this.#setState('listening', 'Listening');
  }

  /**
   * While the context is not running the capture worklet is silent, and a provider may close an
   * idle socket: send the zero frames the mic would have sent, catching up after timer throttling.
   */
  #startKeepalive(): void {
    const { captureRate, frameMs } = this.#options;
    const silence = new Int16Array(Math.round((captureRate * frameMs) / 1000));
    const maxCatchUp = Math.ceil(1000 / frameMs);
    let dueAt = performance.now();
    this.#keepaliveTimer = setInterval(() => {
      const now = performance.now();
      for (let sent = 0; dueAt <= now && sent < maxCatchUp; sent++, dueAt += frameMs) this.#sendFrame(silence, 0);
      dueAt = Math.max(dueAt, now - frameMs);
    }, frameMs);
  }

  #stopKeepalive(): void {
    clearInterval(this.#keepaliveTimer);
    clearTimeout(this.#audioResumeTimer);
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
      this.stats.responseMs = this.#responseTimer.agentAudible(performance.now()) ?? this.stats.responseMs;
      this.#setState('speaking', 'Agent speaking');
    }
    else if (this.#state === 'speaking' && !stats.playing) this.#setState('listening', 'Listening');
  }

  #handleStartError(error: unknown): void {
    if (this.#finished) return;
    if (error instanceof MicError) void this.#fail(MIC_STATES[error.problem], error.message);
    else if (error instanceof AudioBlockedError) void this.#fail('error', error.message, { key: 'audio-not-allowed-hint' });
    else if (error instanceof SessionError) void this.#fail('error', error.message);
    else void this.#fail('error', `Could not start the call: ${error instanceof Error ? error.message : String(error)}`);
  }

  async #fail(state: CallState, detail: string, notice?: Notice): Promise<void> {
    if (this.#finished) return;
    this.#setState(state, detail, notice);
    await this.#release();
  }

  async #release(): Promise<void> {
    window.removeEventListener('pagehide', this.#onPageHide);
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#stableTimer);
    this.#stopKeepalive();
    this.#abort.abort();
    const socket = this.#socket;
    this.#socket = undefined;
    this.#live = false;
    this.#queue.length = 0;
    this.stats.queuedFrames = 0;
    // The mic stops first (inside close()), then the socket closes, as the protocols ask.
    await this.#engine?.close();
    if (socket) closeQuietly(socket);
    this.#events.onLevels(0, 0);
  }

  /** Reports a state, or a new detail of the same state (e.g. the next reconnection attempt). */
  #setState(state: CallState, detail: string, notice?: Notice): void {
    if (state === this.#state && detail === this.#detail) return;
    this.#state = state;
    this.#detail = detail;
    this.#events.onState(state, detail, notice);
  }
}

function isVoiced(pcm: Int16Array): boolean {
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  return sum > VOICED_MEAN_SQUARE * pcm.length;
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

/** Detaches the call from a socket and closes it if it is still open or opening. */
function closeQuietly(socket: WebSocket): void {
  socket.onclose = socket.onmessage = socket.onopen = null;
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'call ended');
}

function closeCause(event: CloseEvent): string {
  return `code ${event.code}${event.reason ? `: ${event.reason}` : ''}`;
}
