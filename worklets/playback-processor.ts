// Playback: PCM16 chunks at the provider rate → adaptive playout (time-stretching, concealment)
// → resample to the context rate → speakers. Posts level and playout stats about 30 times a
// second; `flush` drops everything queued at once (barge-in). No allocation in process().
import { Playout } from '../src/dsp/playout';
import { LevelMeter } from '../src/dsp/level-meter';
import { Resampler } from '../src/dsp/resampler';
import {
  PLAYBACK_PROCESSOR,
  RENDER_QUANTUM,
  type PlaybackControlMessage,
  type PlaybackOptions,
  type PlaybackStatsMessage,
} from '../src/audio/messages';

const STATS_INTERVAL_SECONDS = 1 / 30;

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly playout: Playout;
  private readonly resampler: Resampler;
  private readonly meter = new LevelMeter(sampleRate);
  private readonly sourceRate: number;
  /** Most source-rate samples pulled per refill: enough for about one render quantum. */
  private readonly pullLength: number;
  private readonly pulled: Float32Array;
  private readonly resampled: Float32Array;
  /** Resampled audio waiting to be played; the resampler's output rarely lands on 128. */
  private readonly pending: Float32Array;
  private pendingCount = 0;
  private realSamplesSinceStats = 0;
  private nextStatsFrame = 0;
  private readonly statsIntervalFrames = Math.round(sampleRate * STATS_INTERVAL_SECONDS);
  private readonly stats: PlaybackStatsMessage = {
    type: 'stats', level: 0, db: -100, playing: false,
    depthMs: 0, targetMs: 0, jitterMs: 0, underruns: 0, droppedMs: 0, playedMs: 0,
    concealedMs: 0, acceleratedMs: 0, expandedMs: 0,
  };

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const { sourceRate, ...playoutOptions } = options.processorOptions as PlaybackOptions;
    this.playout = new Playout({ sampleRate: sourceRate, ...playoutOptions });
    this.resampler = new Resampler(sourceRate, sampleRate);
    this.sourceRate = sourceRate;
    this.pullLength = Math.ceil((RENDER_QUANTUM * sourceRate) / sampleRate);
    this.pulled = new Float32Array(this.pullLength);
    this.resampled = new Float32Array(this.resampler.maxOutputLength(this.pullLength));
    this.pending = new Float32Array(RENDER_QUANTUM + this.resampled.length);
    this.port.onmessage = (event: MessageEvent<PlaybackControlMessage>) => {
      const message = event.data;
      if (message.type === 'audio') this.playout.pushPcm16(new Int16Array(message.pcm), currentTime * 1000);
      else if (message.type === 'flush') this.flush();
    };
  }

  // Plain index loops instead of subarray()/set(subarray): views are objects, allocated per call.
  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0][0];
    const pending = this.pending;
    while (this.pendingCount < output.length) {
      // Only what this quantum still needs: leftovers would wait in `pending`, adding latency.
      const missing = output.length - this.pendingCount;
      const wanted = Math.min(this.pullLength, Math.ceil((missing * this.sourceRate) / sampleRate));
      this.realSamplesSinceStats += this.playout.pull(this.pulled, wanted);
      const count = this.resampler.process(this.pulled, this.resampled, wanted);
      for (let i = 0; i < count; i++) pending[this.pendingCount + i] = this.resampled[i];
      this.pendingCount += count;
    }
    for (let i = 0; i < output.length; i++) output[i] = pending[i];
    this.pendingCount -= output.length;
    // Not copyWithin(): that builtin allocates on every call.
    for (let i = 0; i < this.pendingCount; i++) pending[i] = pending[i + output.length];
    for (let channel = 1; channel < outputs[0].length; channel++) outputs[0][channel].set(output);
    this.meter.process(output, output.length);
    // Copied every quantum, not only when posting: at that call frequency the optimiser inlines
    // the getters, so their doubles are never boxed (a rarely called copy allocated per post).
    this.copyStats();
    // currentFrame is an integer (no boxed double per quantum, unlike currentTime).
    if (currentFrame >= this.nextStatsFrame) this.postStats();
    return true;
  }

  private flush(): void {
    this.playout.flush();
    this.resampler.reset();
    this.pendingCount = 0;
  }

  private copyStats(): void {
    const playoutStats = this.playout.stats;
    const stats = this.stats;
    stats.level = this.meter.level;
    stats.db = this.meter.db;
    stats.depthMs = playoutStats.depthMs;
    stats.targetMs = playoutStats.targetMs;
    stats.jitterMs = playoutStats.jitterMs;
    stats.underruns = playoutStats.underruns;
    stats.droppedMs = playoutStats.droppedMs;
    stats.playedMs = playoutStats.playedMs;
    stats.concealedMs = playoutStats.concealedMs;
    stats.acceleratedMs = playoutStats.acceleratedMs;
    stats.expandedMs = playoutStats.expandedMs;
  }

  private postStats(): void {
    this.nextStatsFrame = currentFrame + this.statsIntervalFrames;
    this.stats.playing = this.realSamplesSinceStats > 0;
    this.realSamplesSinceStats = 0;
    this.port.postMessage(this.stats);
  }
}

registerProcessor(PLAYBACK_PROCESSOR, PlaybackProcessor);
