// The microphone test before a call: opens the chosen mic, reports its level for a meter, and
// says when it sends nothing but digital silence (a dead track) rather than a quiet room.
import { replaceMicrophone } from '../audio/audio-engine';
import { MicError } from '../audio/mic-error';
import { LevelMeter } from '../dsp/level-meter';
import { isDigitalSilence, SilenceWatch } from './silence-watch';

/** Rarely worth changing on a site; tests shorten it. */
export const micCheckLimits = {
  /** Digital silence this long (audio time) means the visitor cannot be heard. */
  silentMs: 3000,
  /** How often the level is read. */
  pollMs: 50,
};

export interface MicCheckEvents {
  /** 0–1 meter level, and whether the mic has sent only zeros for micCheckLimits.silentMs. */
  onLevel(level: number, silent: boolean): void;
}

export class MicCheck {
  readonly #context: AudioContext;
  readonly #events: MicCheckEvents;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;
  readonly #meter: LevelMeter;
  readonly #watch = new SilenceWatch(micCheckLimits.silentMs);
  #stream?: MediaStream;
  #source?: MediaStreamAudioSourceNode;
  #timer?: ReturnType<typeof setInterval>;
  #lastTime = 0;
  #closed = false;

  /** Call it from the visitor's click: the context is created (and so may run) right away. */
  constructor(events: MicCheckEvents) {
    this.#events = events;
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 2048;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#meter = new LevelMeter(this.#context.sampleRate);
  }

  /** Opens `deviceId` (null: the default mic), replacing the one under test. Rejects with a MicError. */
  async open(deviceId: string | null): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicError('insecure', 'The microphone is only available on secure (https) pages.');
    const feed = await replaceMicrophone(this.#analyser, deviceId, () => this.#closed, () => this.#releaseMicrophone());
    if (!feed) return;
    ({ stream: this.#stream, source: this.#source } = feed);
    this.#watch.reset();
    this.#lastTime = this.#context.currentTime;
    this.#timer ??= setInterval(() => this.#poll(), micCheckLimits.pollMs);
    void this.#context.resume().catch(() => undefined);
  }

  /** Releases the mic and the audio context. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#releaseMicrophone();
    await this.#context.close().catch(() => undefined);
  }

  #poll(): void {
    // Audio time, not wall time: a suspended context (or a throttled tab) counts nothing.
    const now = this.#context.currentTime;
    const elapsedMs = (now - this.#lastTime) * 1000;
    this.#lastTime = now;
    if (elapsedMs <= 0) return;
    this.#analyser.getFloatTimeDomainData(this.#samples);
    this.#meter.process(this.#samples);
    const level = this.#meter.level;
    this.#events.onLevel(level, this.#watch.update(isDigitalSilence(this.#samples), level, elapsedMs));
  }

  #releaseMicrophone(): void {
    this.#source?.disconnect();
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#source = this.#stream = undefined;
  }
}
