// Capture: mic at the context's own rate → echo canceller (input 1 carries the agent's played
// signal, sample-exact in the same context) → barge-in detector on the cleaned signal → echo
// gate, only while echo is measured in the mic and not yet cancelled → resample to the
// provider rate → exact frames → PCM16 buffers transferred to the main thread, with the mic
// level and barge-in cue. Only moves samples: the DSP lives in src/dsp. Nothing is allocated
// in process() once the pool is warm.
import { BargeInDetector } from '../src/dsp/barge-in';
import { EchoCanceller } from '../src/dsp/echo-canceller';
import { EchoGate } from '../src/dsp/echo-gate';
import { FrameAccumulator } from '../src/dsp/frame-accumulator';
import { LevelMeter } from '../src/dsp/level-meter';
import { floatToPcm16 } from '../src/dsp/pcm16';
import { Resampler } from '../src/dsp/resampler';
import {
  CAPTURE_PROCESSOR,
  RENDER_QUANTUM,
  type CaptureControlMessage,
  type CaptureFrameMessage,
  type CaptureOptions,
} from '../src/audio/messages';

/** Echo left within this many dB of the agent's level counts as high (the gate may engage). */
const RESIDUAL_HIGH_DB = -25;

/** Frames in flight before the main thread hands buffers back; one second at 20 ms. */
const POOL_SIZE = 50;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler: Resampler;
  private readonly frames: FrameAccumulator;
  private readonly meter: LevelMeter;
  private readonly gate: EchoGate;
  /** The site owner's echo-gate setting; the gate only engages while echo is left uncancelled. */
  private readonly gateAllowed: boolean;
  private readonly canceller: EchoCanceller | null;
  private readonly bargeIn: BargeInDetector;
  /** The agent as played (input 1) and the mic after cancellation, for the barge-in detector. */
  private readonly agentMeter: LevelMeter;
  private readonly cleanMeter: LevelMeter;
  /** The agent's level from the main thread, used while input 1 carries nothing. */
  private agentDbMessage = -100;
  /** The cue was raised since the last frame was posted (it is sent once per frame). */
  private cueSincePost = false;
  /** The quantum being gated: inputs are not ours to modify. */
  private readonly gated = new Float32Array(RENDER_QUANTUM);
  private readonly resampled: Float32Array;
  private readonly pool: Int16Array[] = [];
  private readonly frameBytes: number;
  private readonly message: CaptureFrameMessage = { type: 'frame', pcm: new ArrayBuffer(0), level: 0, db: -100, bargeIn: false };
  private readonly transfer: ArrayBuffer[] = [];
  private readonly silence = new Float32Array(RENDER_QUANTUM);
  private muted = false;
  private readonly emitFrame = (frame: Float32Array): void => this.postFrame(frame);

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const { targetRate, frameMs, echoGate, echoCancel = true } = options.processorOptions as CaptureOptions;
    this.resampler = new Resampler(sampleRate, targetRate);
    this.frames = new FrameAccumulator(Math.round((targetRate * frameMs) / 1000));
    this.meter = new LevelMeter(sampleRate);
    this.canceller = echoCancel ? new EchoCanceller({ sampleRate, blockSize: RENDER_QUANTUM }) : null;
    this.gate = new EchoGate({ sampleRate });
    this.gateAllowed = echoGate;
    this.gate.enabled = echoGate && !this.canceller;
    this.gate.echoKnown = true;
    this.bargeIn = new BargeInDetector({ sampleRate, blockSize: RENDER_QUANTUM });
    this.agentMeter = new LevelMeter(sampleRate, { releaseMs: 15 });
    this.cleanMeter = new LevelMeter(sampleRate, { releaseMs: 15 });
    this.resampled = new Float32Array(this.resampler.maxOutputLength(RENDER_QUANTUM));
    this.frameBytes = this.frames.frameLength * 2;
    for (let i = 0; i < POOL_SIZE; i++) this.pool.push(new Int16Array(this.frames.frameLength));
    this.port.onmessage = (event: MessageEvent<CaptureControlMessage>) => {
      const message = event.data;
      if (message.type === 'recycle' && message.pcm.byteLength === this.frameBytes) this.pool.push(new Int16Array(message.pcm));
      else if (message.type === 'mute') this.muted = message.muted;
      else if (message.type === 'agent-level') this.agentDbMessage = message.db;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    // No input yet (mic still starting) → nothing to send; muted → zeros keep the socket alive.
    if (!channel) return true;
    const source = this.muted ? this.silence : channel;
    const length = source.length;
    this.meter.process(source, length);
    const played = inputs[1]?.[0];
    if (played && played.length === length) this.agentMeter.process(played, length);
    const canceller = this.canceller;
    if (canceller && length === canceller.blockSize) {
      canceller.process(source, played ?? this.silence, this.gated);
    } else {
      this.gated.set(source);
    }
    this.cleanMeter.process(this.gated, length);
    const bargeIn = this.bargeIn;
    bargeIn.agentDb = played ? this.agentMeter.db : this.agentDbMessage;
    bargeIn.micDb = this.cleanMeter.db;
    bargeIn.echo.push(played && played.length === length ? played : this.silence, this.gated, length);
    bargeIn.process(length);
    // The safeguard: echo the browser left (a delay found; our filter's estimate of it within
    // 10 dB of the output), not cancelled by ours, and loud against the agent.
    if (canceller) {
      this.gate.enabled =
        this.gateAllowed &&
        canceller.delay.delayBlocks >= 0 &&
        !canceller.converged &&
        canceller.residualEchoDb > canceller.outputDb - 10 &&
        bargeIn.residualDb > RESIDUAL_HIGH_DB;
    }
    if (bargeIn.cue) this.cueSincePost = true;
    // The gate judges as the detector does: open for a visitor above the expected residual.
    this.gate.agentDb = bargeIn.heldAgentDb;
    this.gate.echoDb = bargeIn.expectedResidualDb;
    this.gate.micDb = bargeIn.micDb;
    this.gate.process(this.gated, length);
    const count = this.resampler.process(this.gated, this.resampled, length);
    this.frames.push(this.resampled, count, this.emitFrame);
    return true;
  }

  private postFrame(frame: Float32Array): void {
    // Only if the main thread stopped recycling (stalled) do we allocate.
    const pcm = this.pool.pop() ?? new Int16Array(frame.length);
    floatToPcm16(frame, pcm, frame.length);
    this.message.pcm = pcm.buffer as ArrayBuffer;
    this.message.level = this.meter.level;
    this.message.db = this.meter.db;
    this.message.bargeIn = this.cueSincePost;
    this.cueSincePost = false;
    this.transfer[0] = this.message.pcm;
    this.port.postMessage(this.message, this.transfer);
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
