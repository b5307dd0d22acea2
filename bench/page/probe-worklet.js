// Bench-only AudioWorklet module, added to a context before the element's own worklets
// (bench/page/hooks.js makes sure of that). It changes no audio; it only observes:
//
// - `bench-tap`: an onset detector on whatever is connected to it. It reports the first sample
//   reaching THRESHOLD within RISE_MS after at least minQuietMs below QUIET_LEVEL, with the wall
//   clock of the render call that delivered it (Date.now(): the only clock an
//   AudioWorkletGlobalScope has) and its context time. Used on the microphone source (when a sample enters the graph) and on the
//   agent audio output (when it reaches the destination).
// - A wrapper around the element's playback processor that reports, for every agent chunk, the
//   context time at which its first sample leaves the processor (or -1 if a barge-in flushed it
//   first). It reads the playout's played + skipped media counters before and after each
//   process() call, so it knows where in the render quantum a chunk starts; resampler group
//   delay is added. (Media a stretch consumed is counted when it is staged, up to two pitch
//   periods, ≤ 30 ms, before it is heard.)

const THRESHOLD = 0.05;
const QUIET_LEVEL = 0.01;
/** The level must reach THRESHOLD within this long after the quiet run ends. */
const RISE_MS = 10;

class BenchTap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { minQuietMs = 30 } = options.processorOptions ?? {};
    this.minQuiet = Math.round((minQuietMs * sampleRate) / 1000);
    this.rise = Math.round((RISE_MS * sampleRate) / 1000);
    this.quiet = 0;
    this.armed = -1; // samples since a long enough quiet run ended, or -1
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      const level = Math.abs(channel[i]);
      if (level < QUIET_LEVEL) {
        this.quiet++;
        continue;
      }
      if (this.quiet >= this.minQuiet) this.armed = 0;
      this.quiet = 0;
      if (this.armed < 0) continue;
      if (level >= THRESHOLD) {
        this.port.postMessage({ wall: Date.now(), time: currentTime + i / sampleRate, frame: currentFrame + i, rate: sampleRate });
        this.armed = -1;
      } else if (++this.armed > this.rise) this.armed = -1;
    }
    return true;
  }
}

function wrapPlayback(Base) {
  return class PlaybackProbe extends Base {
    constructor(options) {
      super(options);
      const probe = {
        port: null,
        sourceRate: options.processorOptions.sourceRate,
        /** Media offset (source samples) of each chunk's first sample, in arrival order. */
        starts: [],
        received: 0,
        /** Media thrown away by flushes: never counted as played or skipped by the buffer. */
        flushedMedia: 0,
        next: 0,
        events: [],
        lastPost: 0,
      };
      this.benchProbe = probe;
      const inner = this.port.onmessage;
      this.port.onmessage = (event) => {
        const message = event.data;
        if (message?.type === 'bench-port') {
          probe.port = message.port;
          return;
        }
        if (message?.type === 'audio') {
          probe.starts.push(probe.received);
          probe.received += message.pcm.byteLength >> 1;
        } else if (message?.type === 'flush') {
          // Barge-in: every chunk not yet started is dropped (reported as -1).
          const consumed = this.consumed() + probe.flushedMedia;
          probe.flushedMedia += probe.received - consumed;
          while (probe.next < probe.starts.length && probe.starts[probe.next] >= consumed) probe.events.push(probe.next++, -1);
        }
        inner.call(this.port, event);
      };
    }

    /** Media the playout has played or skipped, in source samples. */
    consumed() {
      const stats = this.playout.stats;
      return Math.round(((stats.playedMs + stats.droppedMs) * this.benchProbe.sourceRate) / 1000);
    }

    process(inputs, outputs, parameters) {
      const probe = this.benchProbe;
      const before = this.consumed() + probe.flushedMedia;
      const pending = this.pendingCount;
      const keepAlive = super.process(inputs, outputs, parameters);
      const after = this.consumed() + probe.flushedMedia;
      while (probe.next < probe.starts.length && probe.starts[probe.next] < after) {
        // The chunk's first sample was pulled in this call, `offset` source samples after the
        // first pulled one; resampled output comes after the `pending` samples left over.
        const offset = probe.starts[probe.next] - before;
        const outputIndex = pending + (offset * sampleRate) / probe.sourceRate;
        probe.events.push(probe.next, currentTime + outputIndex / sampleRate + this.resampler.latencySeconds);
        probe.next++;
      }
      if (probe.port && probe.events.length && currentTime - probe.lastPost >= 0.1) {
        probe.port.postMessage(probe.events);
        probe.events = [];
        probe.lastPost = currentTime;
      }
      return keepAlive;
    }
  };
}

const register = registerProcessor;
register('bench-tap', BenchTap);
globalThis.registerProcessor = (name, processor) =>
  register(name, name === 'voice-agent-playback' ? wrapPlayback(processor) : processor);
