// Barge-in on speakers: tells the visitor's voice onset from the agent's echo in the mic after
// echo cancellation (the browser's, then ours). The echo left in the cleaned signal follows the
// agent's played level at a ratio that depends on the room, the device and how well the
// cancellers work: that ratio is measured here, as the upper envelope of (mic − agent level)
// while the agent speaks, and the visitor is heard once the mic rises `marginDb` above the
// residual it predicts — not above the agent's full level, which a visitor on speakers is
// usually quieter than. A rise over that threshold that follows the agent's own envelope
// (EchoLikeness: a browser canceller's leak while it locks) is not the visitor and raises no
// cue. Time is counted in samples; nothing is allocated per call.
import { EchoLikeness } from './echo-likeness';

/** Judgements in a row (render quanta, 13 ms at 48 kHz) that the rise is not echo, before the cue. */
const JUDGEMENTS = 5;

export interface BargeInOptions {
  sampleRate: number;
  /** Samples per process() (one render quantum), for the echo-likeness check. Default 128. */
  blockSize?: number;
  /** Played audio above this level (dBFS) counts as the agent speaking. Default -50. */
  agentActiveDb?: number;
  /** The agent's peak level is held this long: its echo comes back at most this late, ms. Default 400. */
  echoSpanMs?: number;
  /** The mic must exceed the expected residual echo by this much, dB. Default 12. */
  marginDb?: number;
  /** ... for this long before the cue, ms. Default 40. */
  onsetMs?: number;
  /** Residual ratio (mic − agent, dB) assumed before anything is measured: 0 = echo as loud as the agent. */
  initialResidualDb?: number;
  /** How fast the measured residual ratio may rise (a louder echo path; a visitor talking long), dB/s. Default 30. */
  residualRiseDbPerSecond?: number;
  /** How fast it falls (the cancellers converging), dB/s. Default 12. */
  residualFallDbPerSecond?: number;
  /**
   * Lowest residual ratio, dB. Default -42: with the threshold 12 dB above it, a visitor 30 dB
   * under the agent's held level is heard. The bursts a browser's canceller lets through after
   * seconds of silence (0 to -18 dB under the agent on the echo rig) rise far above that and are
   * told apart by their shape (EchoLikeness), not by this floor.
   */
  minResidualDb?: number;
}

export class BargeInDetector {
  /**
   * Set before each process(): the agent's played level and the cleaned mic level, dBFS.
   * Fields rather than arguments (a double passed into a call that is not inlined is boxed).
   */
  agentDb = -100;
  micDb = -100;
  /** The agent's level as its echo may still sound: its peak over the last `echoSpanMs`. */
  heldAgentDb = -100;
  /** Measured residual echo ratio: echo left in the mic relative to the agent's level, dB. */
  residualDb = 0;
  /** The mic is above the expected residual by the margin (the visitor, or an echo burst). */
  over = false;
  /** The cue: the visitor has been over the expected residual for `onsetMs` while the agent spoke. */
  cue = false;
  /** The signals themselves, pushed before each process(): an over-threshold rise that follows the agent's envelope raises no cue. */
  readonly echo: EchoLikeness;
  private readonly agentActiveDb: number;
  private readonly marginDb: number;
  private readonly initialResidualDb: number;
  private readonly riseDbPerSample: number;
  private readonly fallDbPerSample: number;
  private readonly minResidualDb: number;
  private readonly holdSamples: number;
  private readonly onsetSamples: number;
  private samplesSincePeak = 0;
  private samplesOver = 0;
  /** Judgements in a row, since the onset, where the mic did not follow the agent's envelope. */
  private unlikeEcho = 0;

  constructor(options: BargeInOptions) {
    const { sampleRate } = options;
    this.agentActiveDb = options.agentActiveDb ?? -50;
    this.marginDb = options.marginDb ?? 12;
    this.residualDb = this.initialResidualDb = options.initialResidualDb ?? 0;
    this.riseDbPerSample = (options.residualRiseDbPerSecond ?? 30) / sampleRate;
    this.fallDbPerSample = (options.residualFallDbPerSecond ?? 12) / sampleRate;
    this.minResidualDb = options.minResidualDb ?? -42;
    this.holdSamples = Math.ceil(((options.echoSpanMs ?? 400) * sampleRate) / 1000);
    this.onsetSamples = Math.ceil(((options.onsetMs ?? 40) * sampleRate) / 1000);
    this.samplesSincePeak = this.holdSamples;
    this.echo = new EchoLikeness({ sampleRate, blockSize: options.blockSize ?? 128, windowMs: options.onsetMs ?? 40 });
  }

  /** True while the agent is audible, or was within `echoSpanMs`. */
  get agentSpeaking(): boolean {
    return this.heldAgentDb > this.agentActiveDb;
  }

  /** The echo expected in the mic now, dBFS. */
  get expectedResidualDb(): number {
    return this.heldAgentDb + this.residualDb;
  }

  /** Judges `length` samples by `agentDb` and `micDb`. */
  process(length: number): void {
    if (this.agentDb >= this.heldAgentDb || this.samplesSincePeak >= this.holdSamples) {
      this.heldAgentDb = this.agentDb;
      this.samplesSincePeak = 0;
    } else {
      this.samplesSincePeak += length;
    }
    if (!this.agentSpeaking) {
      this.over = this.cue = false;
      this.samplesOver = 0;
      return;
    }
    const ratio = this.micDb - this.heldAgentDb;
    const residual = this.residualDb;
    this.over = ratio > residual + this.marginDb;
    this.samplesOver = this.over ? this.samplesOver + length : 0;
    // From the onset on, each quantum is judged by its shape: the cue needs JUDGEMENTS in a row
    // that do not follow the agent (one chance match or miss decides nothing).
    if (this.samplesOver < this.onsetSamples) this.unlikeEcho = 0;
    else this.unlikeEcho = this.echo.judge() ? 0 : this.unlikeEcho + 1;
    this.cue = this.unlikeEcho >= JUDGEMENTS;
    // The upper envelope of the ratio, rate-limited both ways: a visitor's onset moves it by a
    // dB or so before the cue, and a long quiet stretch of well-cancelled echo brings it down.
    if (ratio > residual) this.residualDb = Math.min(ratio, residual + this.riseDbPerSample * length);
    else this.residualDb = Math.max(ratio, residual - this.fallDbPerSample * length, this.minResidualDb);
  }

  reset(): void {
    this.agentDb = this.micDb = this.heldAgentDb = -100;
    this.residualDb = this.initialResidualDb;
    this.over = this.cue = false;
    this.samplesOver = this.unlikeEcho = 0;
    this.samplesSincePeak = this.holdSamples;
    this.echo.reset();
  }
}
