// Main-thread side of the audio path: the microphone, one AudioContext at the device's own
// rate, and the two worklets. Knows nothing about providers: it hands out PCM16 frames at
// the capture rate and plays PCM16 chunks at the playback rate.
import {
  CAPTURE_PROCESSOR,
  PLAYBACK_PROCESSOR,
  type CaptureControlMessage,
  type CaptureFrameMessage,
  type CaptureOptions,
  type PlaybackControlMessage,
  type PlaybackOptions,
  type PlaybackStatsMessage,
} from './messages';
import { MicError, micErrorFrom, pageForbidsMicrophone } from './mic-error';
import { shortUrl } from '../load-failure';
import { workletUrl } from './worklet-urls';

export interface AudioEngineOptions {
  capture: CaptureOptions;
  playback: PlaybackOptions;
  /** Where the worklet files live, when not next to the script. */
  workletBase?: string | null;
  /** A microphone picked by the visitor (enumerateDevices id). */
  deviceId?: string | null;
  /** If an autoplay policy keeps the context suspended, wait this long for a gesture to unlock it. */
  unlockTimeoutMs?: number;
  /** Where the agent's audio goes (volume, speaker); straight to the context's output without. */
  output?: PlaybackRoute;
}

/** Takes the agent's audio from `source` to the speakers, e.g. through a volume gain. */
export interface PlaybackRoute {
  route(source: AudioNode): void;
}

export interface AudioEngineEvents {
  /**
   * A mic frame at the capture rate. `pcm` is only valid during the call: copy it to keep it.
   * `bargeIn`: the visitor is talking over the agent.
   */
  onCaptureFrame?(pcm: Int16Array, level: number, bargeIn: boolean): void;
  onPlaybackStats?(stats: PlaybackStatsMessage): void;
  /** The microphone went away mid-call (unplugged, revoked) and no other one could be opened. */
  onMicEnded?(): void;
  /** Microphones were plugged in or out (the picker should follow). */
  onDevicesChanged?(): void;
  /** start() waits for a click or tap: the browser keeps the audio suspended (autoplay policy). */
  onAudioBlocked?(): void;
  /** After start(), the context left 'running' (Safari 'interrupted', suspended by the system). */
  onAudioInterrupted?(state: string): void;
  /** The context runs again after an interruption. */
  onAudioResumed?(): void;
  /** The browser closed the context itself (iOS does, e.g. after the mic opens): the call cannot go on. */
  onAudioClosed?(): void;
}

/** The browser kept the audio suspended and no gesture unlocked it in time. */
export class AudioBlockedError extends Error {
  constructor() {
    super('The browser did not allow audio to play. Start the call with a click or tap.');
    this.name = 'AudioBlockedError';
  }
}

/** False when the browser says this context may play (navigator.getAutoplayPolicy, Firefox). */
function autoplayMayBlock(context: AudioContext): boolean {
  const policy = (navigator as { getAutoplayPolicy?(context: AudioContext): string }).getAutoplayPolicy;
  return policy?.call(navigator, context) !== 'allowed';
}

/** Gestures that may unlock audio; iOS Safari only honours touchend, click and keys. */
const UNLOCK_EVENTS = ['pointerdown', 'pointerup', 'touchend', 'click', 'keydown'];
/** While interrupted, resume() is retried this often (Safari ends interruptions silently). */
const RESUME_RETRY_MS = 1000;
const DEFAULT_UNLOCK_TIMEOUT_MS = 15000;

/**
 * The mic with the processing a voice call wants: the chosen one, or the default one when the
 * chosen one is gone (unplugged since it was picked). Rejects with a MicError.
 */
export async function openMicrophone(deviceId?: string | null): Promise<MediaStream> {
  const audio = { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { ...audio, deviceId: { exact: deviceId } } : audio });
  } catch (error) {
    const missing = error instanceof Error && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
    if (deviceId && missing) return openMicrophone(null);
    throw micErrorFrom(error);
  }
}

/** A microphone feeding a node: its stream (to stop) and its source node (to disconnect). */
export interface MicrophoneFeed {
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
}

/**
 * Opens `deviceId` (null: the default mic) and feeds it into `target` in place of the mic in
 * use, which `release` lets go of once the new one is open. If the owner closed meanwhile
 * (`isClosed`), the new mic is stopped at once and nothing changes: undefined. Rejects with a
 * MicError.
 */
export async function replaceMicrophone(
  target: AudioNode,
  deviceId: string | null,
  isClosed: () => boolean,
  release: () => void,
): Promise<MicrophoneFeed | undefined> {
  const stream = await openMicrophone(deviceId);
  if (isClosed()) {
    stream.getTracks().forEach((track) => track.stop());
    return undefined;
  }
  release();
  // The target was made by an AudioContext (an offline one has no microphone).
  const source = (target.context as AudioContext).createMediaStreamSource(stream);
  source.connect(target);
  return { stream, source };
}

/** `navigator.audioSession` where the browser has it (Safari 16.4+). */
function audioSession(): { type: string } | undefined {
  return (navigator as Navigator & { audioSession?: { type: string } }).audioSession;
}

/** Worklet files that did not load on this page (no retry loop: the visitor sees one error). */
const failedWorklets = new Map<string, Error>();

export class AudioEngine {
  /**
   * Created in the constructor so it happens synchronously inside the visitor's click:
   * browsers only let a context start (or resume) during a user gesture.
   */
  readonly context: AudioContext;
  #stream?: MediaStream;
  #source?: MediaStreamAudioSourceNode;
  #captureNode?: AudioWorkletNode;
  #playbackNode?: AudioWorkletNode;
  #closed = false;
  /** start() finished: from now on a context that stops running is an interruption. */
  #started = false;
  #interrupted = false;
  #unlockArmed = false;
  #resumeRetry?: ReturnType<typeof setInterval>;
  /** The microphone the visitor picked; null follows the system's default one. */
  #chosenDevice: string | null = null;
  /** Microphones present at the last look, to tell a newly plugged one. */
  #knownInputs = new Set<string>();
  /** navigator.audioSession.type before the call claimed it (undefined: not claimed). */
  #pageSessionType?: string;

  readonly #events: AudioEngineEvents;

  constructor(events: AudioEngineEvents = {}) {
    this.#events = events;
    // No forced sampleRate: Firefox throws when it differs from the mic; we resample instead.
    this.context = new AudioContext({ latencyHint: 0 }); // the device's smallest buffer: in Chromium 12–13 ms less base + output latency than 'interactive'
    this.context.addEventListener('statechange', this.#onStateChange);
    this.#resume();
    this.#prime();
  }

  /**
   * Plays one silent sample now, inside the visitor's gesture: iOS Safari only unlocks audio
   * output for a context that starts a sound during one, and otherwise the agent's first
   * message can stay silent.
   */
  #prime(): void {
    const source = this.context.createBufferSource();
    source.buffer = this.context.createBuffer(1, 1, this.context.sampleRate);
    source.connect(this.context.destination);
    source.start();
  }

  /** Asks for the audio back now; call it from the visitor's tap (Safari resumes only then). */
  resume(): void {
    this.#resume();
  }

  /** Adds one worklet module; a file that failed once fails at once on later calls. */
  #addWorklet(url: string): Promise<void> {
    const failed = failedWorklets.get(url);
    if (failed) return Promise.reject(failed);
    return this.context.audioWorklet.addModule(url).catch(() => {
      const error = new Error(`the audio worklet did not load from ${shortUrl(url)} (check worklet-base, CORS and the CSP's script-src).`);
      // A context closed during the permission prompt fails every load: not the file's fault.
      if (!this.#closed) failedWorklets.set(url, error);
      throw error;
    });
  }

  /** Opens the mic and both worklets. Rejects with a MicError for microphone problems. */
  async start(options: AudioEngineOptions): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MicError('insecure', 'The microphone is only available on secure (https) pages.');
    }
    if (pageForbidsMicrophone(document)) {
      throw new MicError('forbidden', 'This page does not allow the microphone (its Permissions-Policy, or an iframe without allow="microphone").');
    }
    this.#claimAudioSession();
    const microphone = openMicrophone(options.deviceId);
    // Both settle before a failure is reported: the error names the first file in order, and
    // each failed file is remembered, whichever the network answered first.
    const worklets = Promise.allSettled([
      this.#addWorklet(workletUrl('capture', options.workletBase)),
      this.#addWorklet(workletUrl('playback', options.workletBase)),
    ]).then((loads) => {
      const failed = loads.find((load) => load.status === 'rejected');
      if (failed) throw failed.reason;
    });
    let stream: MediaStream;
    try {
      [stream] = await Promise.all([microphone, worklets]);
    } catch (error) {
      // The worklets failed (a wrong worklet-base, or close() during the permission prompt):
      // a mic granted after that must not stay on.
      microphone.then((late) => late.getTracks().forEach((track) => track.stop())).catch(() => undefined);
      if (this.#closed) return; // the call already ended: nothing to report
      throw error;
    }
    this.#stream = stream;
    if (this.#closed) return this.#releaseMicrophone();
    this.#chosenDevice = options.deviceId ?? null;
    this.#watchTracks(stream);
    this.#connectGraph(stream, options);
    void this.#listInputs().then((inputs) => (this.#knownInputs = new Set(inputs)));
    navigator.mediaDevices.addEventListener?.('devicechange', this.#onDeviceChange);
    // Not `await resume()`: under an autoplay policy that promise stays pending until a gesture.
    await this.#untilRunning(options.unlockTimeoutMs ?? DEFAULT_UNLOCK_TIMEOUT_MS);
    this.#started = true;
  }

  /** Moves the call to another microphone without interrupting it. */
  async switchMicrophone(deviceId: string | null): Promise<void> {
    if (!this.#captureNode || this.#closed) return;
    if (deviceId) this.#chosenDevice = deviceId;
    const feed = await replaceMicrophone(this.#captureNode, deviceId, () => this.#closed, () => this.#releaseMicrophone());
    if (!feed) return;
    ({ stream: this.#stream, source: this.#source } = feed);
    this.#watchTracks(feed.stream);
  }

  /** Queues agent audio (PCM16 at the playback rate). Takes ownership of the buffer when it can. */
  play(pcm: Int16Array): void {
    if (!this.#playbackNode || pcm.length === 0) return;
    const whole = pcm.byteOffset === 0 && pcm.byteLength === pcm.buffer.byteLength;
    const buffer = (whole ? pcm.buffer : pcm.slice().buffer) as ArrayBuffer;
    this.#postPlayback({ type: 'audio', pcm: buffer }, [buffer]);
  }

  /** Drops all queued agent audio at once (barge-in). */
  flushPlayback(): void {
    this.#postPlayback({ type: 'flush' });
  }

  /** Muted mic frames are zeros, so the socket keeps getting keepalive silence. */
  setMuted(muted: boolean): void {
    this.#postCapture({ type: 'mute', muted });
  }

  /** The agent's playback level (dBFS, or -100 when silent), for the capture side's echo gate. */
  setAgentLevel(db: number): void {
    this.#postCapture({ type: 'agent-level', db });
  }

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** Stops the mic tracks, the worklets and the context. Safe to call more than once. */
  async close(): Promise<void> {
    this.#releaseAudioSession();
    if (this.#closed) return;
    this.#closed = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    this.#disarmUnlock();
    this.#releaseMicrophone();
    this.#captureNode?.port.close();
    this.#playbackNode?.port.close();
    this.#captureNode?.disconnect();
    this.#playbackNode?.disconnect();
    if (this.context.state !== 'closed') await this.context.close().catch(() => undefined);
  }

  /** Asks the context to run; harmless when it cannot (no gesture yet, interruption ongoing). */
  #resume = (): void => {
    if (this.#closed || this.context.state === 'running' || this.context.state === 'closed') return;
    this.context.resume().catch(() => undefined);
  };

  #resumeWhenVisible = (): void => {
    if (document.visibilityState === 'visible') this.#resume();
  };

  #onStateChange = (): void => {
    if (this.#closed) return;
    const state = this.context.state as string;
    if (state === 'closed') {
      // Not ours (close() sets #closed first): the owner ends the call, and close() releases all.
      this.#events.onAudioClosed?.();
    } else if (state === 'running') {
      this.#disarmUnlock();
      if (this.#interrupted) {
        this.#interrupted = false;
        this.#events.onAudioResumed?.();
      }
    } else if (this.#started) {
      // 'suspended' or Safari's 'interrupted' mid-call: say so, and resume at the first chance.
      if (!this.#interrupted) {
        this.#interrupted = true;
        this.#events.onAudioInterrupted?.(state);
      }
      this.#armUnlock();
      this.#resume();
    }
  };

  /** Resolves when the context runs: at once, after a gesture, or rejects after `timeoutMs`. */
  async #untilRunning(timeoutMs: number): Promise<void> {
    if (this.context.state === 'running' || this.#closed) return;
    this.#armUnlock();
    this.#resume();
    // Only when the browser may be blocking it: where it can say (Firefox), an allowed context
    // that is merely slow to open its output device is not the visitor's to unlock.
    const blockedNotice = setTimeout(() => autoplayMayBlock(this.context) && this.#events.onAudioBlocked?.(), 300);
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (this.context.state === 'running' || this.context.state === 'closed' || this.#closed) settle();
        };
        const settle = (error?: Error) => {
          clearTimeout(timer);
          this.context.removeEventListener('statechange', check);
          if (error) reject(error);
          else resolve();
        };
        const timer = setTimeout(() => settle(new AudioBlockedError()), timeoutMs);
        this.context.addEventListener('statechange', check);
        check();
      });
    } finally {
      clearTimeout(blockedNotice);
    }
  }

  /** Listens for what can bring the audio back: a gesture, the tab becoming visible, time. */
  #armUnlock(): void {
    if (this.#unlockArmed || this.#closed) return;
    this.#unlockArmed = true;
    for (const type of UNLOCK_EVENTS) window.addEventListener(type, this.#resume, { capture: true, passive: true });
    document.addEventListener('visibilitychange', this.#resumeWhenVisible);
    this.#resumeRetry = setInterval(this.#resume, RESUME_RETRY_MS);
  }

  #disarmUnlock(): void {
    if (!this.#unlockArmed) return;
    this.#unlockArmed = false;
    for (const type of UNLOCK_EVENTS) window.removeEventListener(type, this.#resume, { capture: true });
    document.removeEventListener('visibilitychange', this.#resumeWhenVisible);
    clearInterval(this.#resumeRetry);
  }

  /**
   * Safari's Audio Session API: a call both plays and records. Without this, iOS may route the
   * agent to the earpiece or duck it once the mic opens. The page's own type comes back after.
   */
  #claimAudioSession(): void {
    const session = audioSession();
    if (!session || this.#pageSessionType !== undefined) return;
    this.#pageSessionType = session.type;
    session.type = 'play-and-record';
  }

  #releaseAudioSession(): void {
    const session = audioSession();
    if (session && this.#pageSessionType !== undefined) session.type = this.#pageSessionType;
    this.#pageSessionType = undefined;
  }

  #releaseMicrophone(): void {
    this.#source?.disconnect();
    this.#stream?.getTracks().forEach((track) => track.stop());
  }

  #watchTracks(stream: MediaStream): void {
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => stream === this.#stream && void this.#replaceLostMicrophone());
    }
  }

  /** The mic was unplugged: carry on with the default one if there is one, else say so. */
  async #replaceLostMicrophone(): Promise<void> {
    try {
      await this.switchMicrophone(null);
    } catch {
      if (!this.#closed) this.#events.onMicEnded?.();
    }
  }

  /**
   * A headset plugged in mid-call becomes the system's default: follow it, unless the visitor
   * picked a microphone. (An unplugged one ends its track: see #replaceLostMicrophone.)
   */
  #onDeviceChange = async (): Promise<void> => {
    const inputs = await this.#listInputs();
    const plugged = inputs.some((id) => !this.#knownInputs.has(id));
    this.#knownInputs = new Set(inputs);
    this.#events.onDevicesChanged?.();
    if (plugged && !this.#chosenDevice && !this.#closed) await this.switchMicrophone(null).catch(() => undefined);
  };

  /** Ids of the microphones present now. */
  async #listInputs(): Promise<string[]> {
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    return devices.filter((device) => device.kind === 'audioinput' && device.deviceId).map((device) => device.deviceId);
  }

  #connectGraph(stream: MediaStream, options: AudioEngineOptions): void {
    const context = this.context;
    this.#source = context.createMediaStreamSource(stream);
    // Input 0: the mic. Input 1: the agent as played, the echo canceller's reference.
    this.#captureNode = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      numberOfInputs: 2,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      processorOptions: options.capture,
    });
    this.#captureNode.port.onmessage = (event: MessageEvent<CaptureFrameMessage>) => {
      const { pcm, level, bargeIn } = event.data;
      this.#events.onCaptureFrame?.(new Int16Array(pcm), level, bargeIn);
      this.#postCapture({ type: 'recycle', pcm }, [pcm]);
    };
    this.#playbackNode = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: options.playback,
    });
    this.#playbackNode.port.onmessage = (event: MessageEvent<PlaybackStatsMessage>) => {
      this.#events.onPlaybackStats?.(event.data);
    };
    this.#source.connect(this.#captureNode);
    // The agent as played, into the echo canceller: same context, so sample-exact.
    this.#playbackNode.connect(this.#captureNode, 0, 1);
    if (options.output) options.output.route(this.#playbackNode);
    else this.#playbackNode.connect(context.destination);
  }

  #postCapture(message: CaptureControlMessage, transfer: Transferable[] = []): void {
    this.#captureNode?.port.postMessage(message, transfer);
  }

  #postPlayback(message: PlaybackControlMessage, transfer: Transferable[] = []): void {
    this.#playbackNode?.port.postMessage(message, transfer);
  }
}
