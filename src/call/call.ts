// One call's lifecycle: microphone → session → connection → audio, with reconnection. It moves
// the state machine and leaves the socket to the Connection; the element renders what this
// reports, and protocol details stay in the provider.
import { AudioBlockedError, AudioEngine, type PlaybackRoute } from '../audio/audio-engine';
import type { PlaybackStatsMessage } from '../audio/messages';
import { MicError, type MicProblem } from '../audio/mic-error';
import { SessionError, type Provider } from '../providers/provider';
import type { Notice } from '../strings';
import { MAX_UPDATE_CHARS, withinTranscriptLimit, type TranscriptUpdate } from '../transcript';
import { browserClock, deadline, type Clock, type TimerId } from './clock';
import { closeCause, Connection, type AgentEvent, type SendStats } from './connection';
import { DEFAULT_CALL_LIMITS, type CallLimits } from './limits';
import { ReconnectPolicy } from './reconnect-policy';
import { isVoiced, ResponseTimer } from './response-timer';
import { CallStateMachine, type CallState } from './states';

const MIC_STATES: Record<MicProblem, CallState> = {
  insecure: 'insecure',
  forbidden: 'mic-forbidden',
  denied: 'mic-denied',
  'not-found': 'no-mic',
  busy: 'error',
  failed: 'error',
};

/** How long a call waits for what, and the clock it waits on; the defaults suit a site. */
export interface CallTiming {
  /** Any limit not given keeps its default (DEFAULT_CALL_LIMITS). */
  limits?: Partial<CallLimits>;
  /** The browser's clock unless a test drives its own. */
  clock?: Clock;
}

export interface CallOptions extends CallTiming {
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

export interface CallStats extends SendStats {
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

const POLICY_VIOLATION = 1008;
const AUDIO_PAUSED = 'The browser paused the audio (a phone call, another app, or the tab in the background).';
const AUDIO_PAUSED_NOTICE: Notice = { key: 'audio-paused-hint' };
/** The event detail while the browser asks the visitor for the microphone. */
const WAITING_FOR_MIC = 'Waiting for microphone permission…';

export class Call {
  readonly stats: CallStats = { framesSent: 0, framesDropped: 0, queuedFrames: 0, bufferedBytes: 0, reconnects: 0 };
  readonly #options: CallOptions;
  readonly #limits: CallLimits;
  readonly #clock: Clock;
  readonly #events: CallEvents;
  readonly #machine: CallStateMachine;
  readonly #abort = new AbortController();
  readonly #responseTimer = new ResponseTimer();
  readonly #reconnects: ReconnectPolicy;
  #engine?: AudioEngine;
  #provider?: Provider;
  /** The current socket, from its opening (its `live` says when the agent is ready). */
  #connection?: Connection;
  #micLevel = 0;
  /** A reconnection attempt waiting to start, or a connection being watched until it is stable. */
  #reconnectTimer?: TimerId;
  /** Set while the browser holds the audio back mid-call: when the call gives up on it. */
  #audioResumeTimer?: TimerId;

  constructor(options: CallOptions, events: CallEvents) {
    this.#options = options;
    this.#limits = { ...DEFAULT_CALL_LIMITS, ...options.limits };
    this.#clock = options.clock ?? browserClock;
    this.#events = events;
    this.#machine = new CallStateMachine(events.onState);
    this.#reconnects = new ReconnectPolicy(this.#limits);
  }

  /**
   * Starts the call. Call it from the visitor's click: the AudioContext is created before
   * the first await so the browser lets it play.
   */
  async start(): Promise<void> {
    const options = this.#options;
    this.#machine.moveTo('requesting-mic', WAITING_FOR_MIC);
    // The adapter file loads during the permission prompt; its failure is reported after the
    // engine's own (a blocked mic matters more to the visitor).
    const adapter = Promise.resolve(options.provider);
    adapter.catch(() => undefined);
    try {
      // Inside the try: AudioContext construction can throw (unsupported, blocked by policy).
      this.#engine = new AudioEngine({
        onCaptureFrame: (pcm, level, bargeIn) => this.#onCaptureFrame(pcm, level, bargeIn),
        onPlaybackStats: (stats) => this.#onPlaybackStats(stats),
        onMicEnded: () => this.#fail('no-mic', 'The microphone was disconnected.'),
        onDevicesChanged: () => this.#events.onDevicesChanged?.(),
        onAudioBlocked: () => {
          if (this.#machine.state === 'requesting-mic') {
            this.#machine.moveTo('requesting-mic', 'Click or tap the page to turn the audio on…', { key: 'audio-blocked-hint' });
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
        unlockTimeoutMs: this.#limits.audioUnlockTimeoutMs,
      });
      this.#provider = await adapter;
      if (!this.#machine.active) return;
      this.#machine.moveTo('connecting', 'Connecting to the agent…');
      await this.#connect();
    } catch (error) {
      this.#handleStartError(error);
    }
  }

  /** Ends the call: the mic stops first, then the socket closes (as the protocols ask). */
  async stop(detail = 'Call ended.', notice?: Notice): Promise<void> {
    if (!this.#machine.active) return;
    this.#machine.moveTo('ended', detail, notice);
    await this.#release();
  }

  setMuted(muted: boolean): void {
    this.#engine?.setMuted(muted);
  }

  /** The visitor asks for the audio back (call it from their tap: Safari resumes only then). */
  resumeAudio(): void {
    this.#engine?.resume();
  }

  /** Switches to another microphone mid-call. */
  async switchMicrophone(deviceId: string): Promise<void> {
    try {
      await this.#engine?.switchMicrophone(deviceId);
    } catch (error) {
      this.#events.onIgnored(`could not switch microphone: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The socket is open and the agent ready. */
  get #live(): boolean {
    return this.#connection?.live ?? false;
  }

  /** The browser holds the audio back mid-call (the call waits for it, up to a limit). */
  get #audioPaused(): boolean {
    return this.#audioResumeTimer !== undefined;
  }

  /**
   * The page is being left (navigation, or frozen into the back/forward cache): end the call
   * now, so the microphone is released and the agent sees a clean close.
   */
  #onPageHide = (): void => {
    void this.stop('The page was left: the call ended.', { key: 'left-page-hint' });
  };

  /** A session, a socket and a live agent; on failure it rejects and leaves no socket open. */
  async #connect(): Promise<void> {
    const provider = this.#provider!;
    const sessionDeadline = deadline(this.#clock, this.#limits.sessionTimeoutMs);
    let url: string;
    try {
      url = await provider.openSession(AbortSignal.any([this.#abort.signal, sessionDeadline.signal]));
    } finally {
      sessionDeadline.cancel();
    }
    if (!this.#machine.active) return;
    const connection = new Connection({
      url,
      provider,
      clock: this.#clock,
      frameMs: this.#options.frameMs,
      captureRate: this.#options.captureRate,
      connectTimeoutMs: this.#limits.connectTimeoutMs,
      stats: this.stats,
      onEvent: (event) => this.#handleAgentEvent(event),
      onClosed: (event) => this.#onConnectionClosed(connection, event),
    });
    this.#connection = connection;
    if (this.#audioPaused) connection.startKeepalive();
    try {
      await connection.untilLive(this.#abort.signal);
    } catch (error) {
      if (this.#connection === connection) this.#connection = undefined;
      throw error;
    }
    if (!this.#machine.active || connection !== this.#connection) return;
    if (this.#reconnects.reconnecting) {
      this.stats.reconnects++;
      this.#reconnectTimer = this.#clock.setTimeout(() => this.#reconnects.reset(), this.#limits.stableConnectionMs);
    }
    if (this.#audioPaused) this.#machine.moveTo('audio-paused', AUDIO_PAUSED, AUDIO_PAUSED_NOTICE);
    else this.#machine.moveTo('listening', 'Listening');
  }

  #onConnectionClosed(connection: Connection, event: CloseEvent): void {
    if (connection !== this.#connection || !this.#machine.active) return;
    this.#connection = undefined;
    this.#clock.clear(this.#reconnectTimer);
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
    this.#machine.moveTo('reconnecting', `Connection lost — reconnecting (attempt ${next.attempt} of ${next.of})…`, {
      key: 'reconnecting-hint',
      values: [next.attempt, next.of],
    });
    this.#reconnectTimer = this.#clock.setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        if (!this.#machine.active) return;
        const cause = error instanceof Error ? error.message : String(error);
        this.#events.onIgnored(`reconnect failed: ${cause}`);
        this.#scheduleReconnect(cause);
      });
    }, next.delayMs);
  }

  #handleAgentEvent(event: AgentEvent): void {
    switch (event.kind) {
      case 'audio':
        this.#engine?.play(event.pcm);
        break;
      case 'transcript': {
        const update = withinTranscriptLimit(event.update);
        this.#events.onTranscript(update);
        if (update !== event.update) {
          this.#handleAgentEvent({ kind: 'ignored', reason: `transcript text cut to ${MAX_UPDATE_CHARS} characters (it had ${event.update.text.length})` });
        }
        break;
      }
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

  #onCaptureFrame(pcm: Int16Array, level: number, bargeIn: boolean): void {
    if (bargeIn && this.#options.bargeIn && this.#machine.state === 'speaking') this.#interrupt('local');
    this.#micLevel = level;
    // The frame itself, not the meter (whose slow release would hide the end of speech).
    if (isVoiced(pcm)) this.#responseTimer.voiced(this.#clock.now());
    this.#connection?.send(pcm);
    this.#options.onMicFrame?.(pcm, level);
  }

  /** The browser suspended or interrupted the audio mid-call: keep the call, say so, try to resume. */
  #onAudioInterrupted(): void {
    if (!this.#machine.active || this.#audioPaused) return;
    this.#audioResumeTimer = this.#clock.setTimeout(
      () =>
        void this.#fail('error', 'The browser stopped the audio of the call (another app or the system took it). Start the call again.', {
          key: 'audio-stopped-hint',
        }),
      this.#limits.audioResumeTimeoutMs,
    );
    this.#connection?.startKeepalive();
    if (this.#live) this.#machine.moveTo('audio-paused', AUDIO_PAUSED, AUDIO_PAUSED_NOTICE);
  }

  #onAudioResumed(): void {
    if (!this.#audioPaused) return;
    this.#clock.clear(this.#audioResumeTimer);
    this.#audioResumeTimer = undefined;
    this.#connection?.stopKeepalive();
    if (this.#live && this.#machine.active) this.#machine.moveTo('listening', 'Listening');
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
    const state = this.#machine.state;
    if (state === 'listening' && stats.playing) {
      this.stats.responseMs = this.#responseTimer.agentAudible(this.#clock.now()) ?? this.stats.responseMs;
      this.#machine.moveTo('speaking', 'Agent speaking');
    } else if (state === 'speaking' && !stats.playing) this.#machine.moveTo('listening', 'Listening');
  }

  #handleStartError(error: unknown): void {
    if (!this.#machine.active) return;
    if (error instanceof MicError) void this.#fail(MIC_STATES[error.problem], error.message);
    else if (error instanceof AudioBlockedError) void this.#fail('error', error.message, { key: 'audio-not-allowed-hint' });
    else if (error instanceof SessionError) void this.#fail('error', error.message);
    else void this.#fail('error', `Could not start the call: ${error instanceof Error ? error.message : String(error)}`);
  }

  async #fail(state: CallState, detail: string, notice?: Notice): Promise<void> {
    if (!this.#machine.active) return;
    this.#machine.moveTo(state, detail, notice);
    await this.#release();
  }

  async #release(): Promise<void> {
    window.removeEventListener('pagehide', this.#onPageHide);
    this.#clock.clear(this.#reconnectTimer);
    this.#clock.clear(this.#audioResumeTimer);
    this.#abort.abort();
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.stopKeepalive();
    // The mic stops first (inside close()), then the socket closes, as the protocols ask.
    await this.#engine?.close();
    connection?.close();
    this.#events.onLevels(0, 0);
  }
}
