// Capture: mic at the context's own rate → echo canceller (input 1 carries the agent's played
// signal, sample-exact in the same context) → echo gate (the canceller's residual suppressor,
// or the whole echo handling until it converges) → resample to the provider rate → exact
// frames → PCM16 buffers transferred to the main thread, with the mic level and barge-in cue.
// Only moves samples: the DSP lives in src/dsp. Nothing is allocated in process() once the pool is warm.
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

/** Frames in flight before the main thread hands buffers back; one second at 20 ms. */
const POOL_SIZE = 50;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler: Resampler;
  private readonly frames: FrameAccumulator;
  private readonly meter: LevelMeter;
  private readonly gate: EchoGate;
  private readonly canceller: EchoCanceller | null;
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
    const { targetRate, frameMs, echoGate, echoCancel = false } = options.processorOptions as CaptureOptions;
    this.resampler = new Resampler(sampleRate, targetRate);
    this.frames = new FrameAccumulator(Math.round((targetRate * frameMs) / 1000));
    this.meter = new LevelMeter(sampleRate);
    this.canceller = echoCancel ? new EchoCanceller({ sampleRate, blockSize: RENDER_QUANTUM }) : null;
    this.gate = new EchoGate({ sampleRate });
    this.gate.enabled = echoGate;
    this.resampled = new Float32Array(this.resampler.maxOutputLength(RENDER_QUANTUM));
    this.frameBytes = this.frames.frameLength * 2;
    for (let i = 0; i < POOL_SIZE; i++) this.pool.push(new Int16Array(this.frames.frameLength));
    this.port.onmessage = (event: MessageEvent<CaptureControlMessage>) => {
      const message = event.data;
      if (message.type === 'recycle' && message.pcm.byteLength === this.frameBytes) this.pool.push(new Int16Array(message.pcm));
      else if (message.type === 'mute') this.muted = message.muted;
      else if (message.type === 'agent-level') this.gate.agentDb = message.db;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    // No input yet (mic still starting) → nothing to send; muted → zeros keep the socket alive.
    if (!channel) return true;
    const source = this.muted ? this.silence : channel;
    const length = source.length;
    this.meter.process(source, length);
    const canceller = this.canceller;
    if (canceller && length === canceller.blockSize) {
      // Input 1: what the playback node plays (absent while nothing is connected).
      canceller.process(source, inputs[1]?.[0] ?? this.silence, this.gated);
      // Until it has converged, the gate judges exactly as it always did (mic meter vs agent).
      this.gate.echoKnown = canceller.converged;
      this.gate.micDb = canceller.converged ? canceller.outputDb : this.meter.db;
      this.gate.echoDb = canceller.residualEchoDb;
    } else {
      this.gated.set(source);
      this.gate.micDb = this.meter.db;
    }
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
    this.message.bargeIn = this.gate.bargeIn;
    this.transfer[0] = this.message.pcm;
    this.port.postMessage(this.message, this.transfer);
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
