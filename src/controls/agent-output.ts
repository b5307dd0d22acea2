// The agent's audio on its way out: a volume gain, and the speaker where the browser lets a
// page choose one (AudioContext.setSinkId: Chromium; Firefox and WebKit have none).
import type { PlaybackRoute } from '../audio/audio-engine';
import { readSetting, writeSetting } from './settings';

type SinkContext = AudioContext & { setSinkId(id: string): Promise<void>; sinkId?: string | object };

/** True when this browser can send a call's audio to a speaker the visitor picks. */
export function canChooseSpeaker(): boolean {
  return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
}

export class AgentOutput implements PlaybackRoute {
  #volume: number;
  #speaker: string;
  #gain?: GainNode;
  readonly #onSpeakerFailed: (reason: string) => void;

  constructor(onSpeakerFailed: (reason: string) => void) {
    this.#onSpeakerFailed = onSpeakerFailed;
    const stored = Number(readSetting('volume') ?? 1);
    this.#volume = stored >= 0 && stored <= 1 ? stored : 1;
    this.#speaker = readSetting('speaker') ?? '';
  }

  /** 0–1, remembered. */
  get volume(): number {
    return this.#volume;
  }

  set volume(value: number) {
    this.#volume = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 1));
    writeSetting('volume', String(this.#volume));
    if (this.#gain) this.#gain.gain.value = this.#volume;
  }

  /** deviceId of the chosen speaker; '' for the system's. */
  get speaker(): string {
    return this.#speaker;
  }

  async chooseSpeaker(deviceId: string): Promise<void> {
    this.#speaker = deviceId;
    writeSetting('speaker', deviceId);
    if (this.#gain) await this.#applySpeaker(this.#gain.context as SinkContext);
  }

  /** Called by the audio engine when a call's audio graph is built. */
  route(source: AudioNode): void {
    const context = source.context as SinkContext;
    this.#gain = context.createGain();
    this.#gain.gain.value = this.#volume;
    source.connect(this.#gain).connect(context.destination);
    if (this.#speaker) void this.#applySpeaker(context);
  }

  async #applySpeaker(context: SinkContext): Promise<void> {
    if (!canChooseSpeaker() || context.state === 'closed') return;
    try {
      await context.setSinkId(this.#speaker);
    } catch (error) {
      // Unplugged since it was picked, or not allowed: the system's speaker plays on.
      this.#onSpeakerFailed(`could not switch the speaker: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
