/**
 * Adaptive playout buffer for agent speech arriving in network chunks.
 *
 * - Start gate: silence until the buffered depth reaches the target, then play.
 * - Target: a high quantile of chunk lateness (how much later than the media clock promised a
 *   chunk arrived, versus the earliest recent chunk) plus one chunk duration plus a safety margin.
 *   The quantile comes from a histogram with exponential forgetting: a few late chunks raise it
 *   within a couple of arrivals, lowering it takes seconds; one isolated stall does not move it.
 *   After an underrun the lateness reference restarts from the resumed stream, so a sender that
 *   paused (and stays behind) is not measured as late for the next second of arrivals.
 * - Talk spurts: the media clock is re-anchored when audio resumes after the buffer ran dry for
 *   longer than SPURT_GAP_MS, so pauses between agent turns are not mistaken for jitter (nor
 *   counted as underruns).
 * - Excess latency: "lag" counts the silence inserted since the spurt began minus the audio
 *   shed; plus how late the spurt's first chunk turned out to be (at most the jitter estimate),
 *   it is how far playout runs behind the earliest-arrival schedule. Excess = that minus what the
 *   target needs, bounded by how far the recent minimum depth stays above what jitter needs (so
 *   audio that merely arrives faster than real time, e.g. TTS, is not treated as latency).
 * - Shedding excess: inside quiet stretches (below −45 dBFS, after the first QUIET_KEEP_MS of a
 *   pause) whole segments are skipped, so speech is never cut; elsewhere playback runs
 *   SHED_SPEED_PERCENT faster (cubic interpolation at the source rate) until the excess is gone,
 *   so latency also converges inside continuous speech or music. Beyond maxBufferMs the oldest
 *   audio is dropped.
 * - When the buffer ran close to empty (jitter grew), one quiet stretch is lengthened with
 *   silence to bring the depth back to the target instead of waiting for an underrun.
 * - The pull path works in integer samples, precomputed at arrival, so it allocates nothing even
 *   when the engine runs it unoptimised.
 */

/** Added to jitter + chunk duration: render-quantum and message-delivery granularity. */
const SAFETY_MS = 10;
/** Lateness quantile the target covers; rarer delays cause a rebuffer instead of latency. */
const LATENESS_QUANTILE = 0.99;
/** Per-arrival forgetting factor of the lateness histogram (memory ≈ 200 arrivals, 4 s of 20 ms chunks). */
const HISTOGRAM_FORGETTING = 0.995;
const HISTOGRAM_BIN_MS = 2;
/** Arrivals before the histogram alone may set the target (until then at least initialTargetMs). */
const WARMUP_ARRIVALS = 16;
/** Recent chunks whose earliest media offset is the reference for lateness. */
const OFFSET_WINDOW = 50;
/** Weight of the newest chunk in the average chunk duration. */
const CHUNK_AVERAGE_WEIGHT = 0.1;
/** A dry buffer with no audio for this long ends the talk spurt. */
const SPURT_GAP_MS = 1000;
/** Excess latency (ms) before skipping in pauses starts; it then continues down to the target. */
const CATCH_UP_THRESHOLD_MS = 20;
/** Excess latency (ms) before faster playback starts; it then continues down to the target. */
const SHED_THRESHOLD_MS = 5;
/** Playback speed-up while shedding: a 2 % pitch change, below what listeners notice in speech. */
const SHED_SPEED_PERCENT = 2;
/** Fixed-point unit of the read position's fraction while shedding (integers: no heap numbers). */
const FRACTION_ONE = 65536;
const SHED_STEP = Math.round(FRACTION_ONE * (1 + SHED_SPEED_PERCENT / 100));
/** Skips and inserts happen in whole segments of this length. */
const SEGMENT_MS = 10;
/** Peak level below which audio counts as quiet (−45 dBFS). */
const QUIET_LEVEL = 10 ** (-45 / 20);
/** Quiet audio played before any of a pause may be skipped or stretched. */
const QUIET_KEEP_MS = 30;
/** Recent minimum depth is tracked over two alternating windows of this length. */
const DEPTH_WINDOW_MS = 250;
/** A recent minimum depth below this means the buffer nearly ran dry: grow toward the target. */
const LOW_DEPTH_MS = 3;
/** "No minimum seen yet": a small integer (not Infinity) so depth arithmetic stays integral. */
const NO_DEPTH = 0x3fffffff;

export interface JitterBufferOptions {
  /** Rate of the stored audio (the provider's), e.g. 16000 or 24000. */
  sampleRate: number;
  /** Lowest adaptive target, ms. Default 40. */
  minTargetMs?: number;
  /** Highest adaptive target, ms. Default 300. */
  maxTargetMs?: number;
  /** Target before enough arrivals were seen, ms. Default 60. */
  initialTargetMs?: number;
  /** Hard cap on buffered audio, ms; beyond it the oldest audio is dropped. Default 3000. */
  maxBufferMs?: number;
}

export interface JitterBufferStats {
  /** Audio currently buffered, ms. */
  depthMs: number;
  /** Current adaptive target depth, ms. */
  targetMs: number;
  /** Estimated arrival jitter (lateness quantile), ms. */
  jitterMs: number;
  /** Times the buffer ran dry mid-spurt (counted when the late audio arrives). */
  underruns: number;
  /** Audio discarded by catch-up or overflow, ms (flush() is not counted). */
  droppedMs: number;
  /** Real audio played (including audio played faster to shed latency), ms. */
  playedMs: number;
  /** True while the start gate holds output silent. */
  buffering: boolean;
}

export class JitterBuffer {
  readonly #minTargetMs: number;
  readonly #maxTargetMs: number;
  readonly #initialTargetMs: number;
  readonly #samplesPerMs: number;
  readonly #segmentSamples: number;
  readonly #quietKeepSamples: number;
  readonly #lowDepthSamples: number;
  readonly #depthWindowSamples: number;
  readonly #catchUpThresholdSamples: number;
  readonly #shedThresholdSamples: number;

  readonly #ring: Float32Array;
  #readIndex = 0;
  #writeIndex = 0;
  #depth = 0;
  #buffering = true;

  #targetMs: number;
  #jitterMs = 0;
  readonly #histogram: Float64Array;
  #histogramTotal = 0;
  #arrivals = 0;
  #chunkMsAverage = 0;
  readonly #offsets = new Float64Array(OFFSET_WINDOW);
  #offsetCount = 0;
  #offsetNext = 0;
  #lastArrivalMs = -Infinity;
  #lastChunkMs = 0;
  /** This spurt's first and earliest media offsets (arrival − media time), ms. */
  #spurtFirstOffset = 0;
  #spurtEarliestOffset = 0;

  // Integer sample figures derived at each arrival, so pull() does integer arithmetic only.
  #targetSamples = 0;
  /** Lag the start gate leaves when the first chunk is on time: target − one chunk. */
  #normalLagSamples = 0;
  /** Depth just before the latest arrival the target covers: target − chunk − jitter. */
  #normalMinimumSamples = 0;
  /** How late this spurt's first chunk turned out to be (the lag cannot see it), at most maxTargetMs. */
  #firstLatenessSamples = 0;

  #spurtActive = false;
  /** Media time received in this spurt, ms. */
  #spurtMediaMs = 0;
  /** The buffer ran dry while playing; the next arrival decides: underrun or end of spurt. */
  #dryPending = false;
  /** Silence inserted minus audio skipped or shed since the spurt began, samples. */
  #lagSamples = 0;
  #samplesSinceArrival = 0;
  /** Pause-stretching zeros at the read head: not media, so not counted as played or dropped. */
  #insertedAhead = 0;
  #quietRun = 0;
  #catchingUp = false;
  #shedding = false;
  /** Read position between ring[readIndex] and the next sample, in 1/FRACTION_ONE (shedding). */
  #fraction = 0;
  /** The sample before ring[readIndex], for interpolation. */
  #previousSample = 0;
  /** Depth extremes over the current and the previous DEPTH_WINDOW_MS of playout, samples. */
  #minDepthCurrent = NO_DEPTH;
  #minDepthPrevious = NO_DEPTH;
  #maxDepthCurrent = 0;
  #maxDepthPrevious = 0;
  #depthWindowElapsed = 0;

  #underruns = 0;
  #droppedSamples = 0;
  #playedSamples = 0;
  readonly #statsView: JitterBufferStats = {
    depthMs: 0, targetMs: 0, jitterMs: 0, underruns: 0, droppedMs: 0, playedMs: 0, buffering: true,
  };

  constructor(options: JitterBufferOptions) {
    const { sampleRate } = options;
    if (!(sampleRate > 0)) throw new RangeError(`sampleRate must be positive, got ${sampleRate}`);
    const samplesPerMs = sampleRate / 1000;
    this.#samplesPerMs = samplesPerMs;
    this.#segmentSamples = Math.round(SEGMENT_MS * samplesPerMs);
    this.#quietKeepSamples = Math.round(QUIET_KEEP_MS * samplesPerMs);
    this.#lowDepthSamples = Math.round(LOW_DEPTH_MS * samplesPerMs);
    this.#depthWindowSamples = Math.round(DEPTH_WINDOW_MS * samplesPerMs);
    this.#catchUpThresholdSamples = Math.round(CATCH_UP_THRESHOLD_MS * samplesPerMs);
    this.#shedThresholdSamples = Math.round(SHED_THRESHOLD_MS * samplesPerMs);
    this.#minTargetMs = options.minTargetMs ?? 40;
    this.#maxTargetMs = Math.max(this.#minTargetMs, options.maxTargetMs ?? 300);
    this.#initialTargetMs = this.#clampTarget(options.initialTargetMs ?? 60);
    this.#targetMs = this.#initialTargetMs;
    const maxBufferMs = Math.max(options.maxBufferMs ?? 3000, this.#maxTargetMs);
    this.#ring = new Float32Array(Math.ceil(maxBufferMs * samplesPerMs));
    this.#histogram = new Float64Array(Math.ceil(this.#maxTargetMs / HISTOGRAM_BIN_MS) + 1);
    this.#updateTarget();
  }

  /** Stores samples[0..length) that arrived at `arrivalMs` (monotonic ms, e.g. currentTime*1000). */
  push(samples: Float32Array, arrivalMs: number, length: number = samples.length): void {
    if (length <= 0) return;
    this.#noteArrival(arrivalMs, length);
    this.#write(samples, length, 1);
  }

  /** Like push(), converting from PCM16 (value / 32768) without allocating. */
  pushPcm16(samples: Int16Array, arrivalMs: number): void {
    if (samples.length === 0) return;
    this.#noteArrival(arrivalMs, samples.length);
    this.#write(samples, samples.length, 1 / 32768);
  }

  /**
   * Fills output[0..length) with audio, or silence while buffering/underrun; returns how many
   * samples came from the buffer: output[0..returned) is audio (zeros that stretch a pause
   * count as audio), the rest is silence.
   */
  pull(output: Float32Array, length: number = output.length): number {
    this.#samplesSinceArrival += length;
    if (this.#buffering) {
      const targetSamples = this.#targetSamples;
      // Also open when nothing more arrives: the tail of a turn must not stay stuck below the target.
      if (this.#depth > 0 && (this.#depth >= targetSamples || this.#samplesSinceArrival >= targetSamples)) {
        this.#buffering = false;
        this.#restartDepthWindows(); // the dry spell is not a near-underrun
      } else {
        output.fill(0, 0, length);
        if (this.#spurtActive) this.#lagSamples += length;
        return 0;
      }
    }

    if (this.#quietRun >= this.#quietKeepSamples) this.#adjustInPause();
    this.#updateShedding();

    const depthBefore = this.#depth;
    let count = this.#shedding || this.#fraction !== 0 ? this.#readFaster(output, length) : 0;
    if (count < length) {
      this.#fraction = 0; // at a whole sample already, or too little left to interpolate
      count += this.#read(output, count, length);
    }
    const consumed = depthBefore - this.#depth;
    const inserted = Math.min(consumed, this.#insertedAhead);
    this.#insertedAhead -= inserted;
    this.#playedSamples += consumed - inserted;
    const shed = consumed - count;
    if (shed > 0) this.#noteShed(shed);

    if (count < length) {
      output.fill(0, count, length);
      this.#lagSamples += length - count;
      this.#buffering = true;
      this.#dryPending = true;
      this.#catchingUp = false;
      this.#shedding = false;
    }
    this.#trackDepthWindows(length);
    return count;
  }

  /** Barge-in: drops everything at once and re-arms the start gate (the jitter estimate is kept). */
  flush(): void {
    this.#readIndex = 0;
    this.#writeIndex = 0;
    this.#depth = 0;
    this.#insertedAhead = 0;
    this.#buffering = true;
    this.#endSpurt();
    this.#quietRun = 0;
  }

  /** Current figures (a reused object: read, don't keep). */
  get stats(): JitterBufferStats {
    const view = this.#statsView;
    view.depthMs = this.#depth / this.#samplesPerMs;
    view.targetMs = this.#targetMs;
    view.jitterMs = this.#jitterMs;
    view.underruns = this.#underruns;
    view.droppedMs = this.#droppedSamples / this.#samplesPerMs;
    view.playedMs = this.#playedSamples / this.#samplesPerMs;
    view.buffering = this.#buffering;
    return view;
  }

  /** Copies buffered samples to output[from..to) while there are any; returns how many. */
  #read(output: Float32Array, from: number, to: number): number {
    const ring = this.#ring;
    const capacity = ring.length;
    const count = Math.min(to - from, this.#depth);
    if (count <= 0) return 0;
    let readIndex = this.#readIndex;
    let quietRun = this.#quietRun;
    for (let i = from; i < from + count; i++) {
      const s = ring[readIndex];
      output[i] = s;
      quietRun = s < QUIET_LEVEL && s > -QUIET_LEVEL ? quietRun + 1 : 0;
      if (++readIndex === capacity) readIndex = 0;
    }
    this.#previousSample = ring[readIndex === 0 ? capacity - 1 : readIndex - 1];
    this.#readIndex = readIndex;
    this.#quietRun = quietRun;
    this.#depth -= count;
    return count;
  }

  /**
   * Plays SHED_SPEED_PERCENT faster than real time into output[0..), each sample the cubic
   * (Catmull-Rom) interpolation at the fractional read position; returns how many it wrote.
   * Once shedding has ended it stops as the position passes a whole sample (within 2 % of one,
   * then snapped to it: inaudible), and it stops when fewer than 3 samples are left.
   */
  #readFaster(output: Float32Array, length: number): number {
    const ring = this.#ring;
    const capacity = ring.length;
    const shedding = this.#shedding;
    let readIndex = this.#readIndex;
    let depth = this.#depth;
    let fraction = this.#fraction;
    let previous = this.#previousSample;
    let quietRun = this.#quietRun;
    let written = 0;
    while (written < length && depth >= 3) {
      const next = readIndex + 1 === capacity ? 0 : readIndex + 1;
      const x1 = ring[readIndex];
      const x2 = ring[next];
      const x3 = ring[next + 1 === capacity ? 0 : next + 1];
      const t = fraction / FRACTION_ONE;
      const a = 0.5 * (x3 - previous) + 1.5 * (x1 - x2);
      const b = previous - 2.5 * x1 + 2 * x2 - 0.5 * x3;
      const c = 0.5 * (x2 - previous);
      const s = ((a * t + b) * t + c) * t + x1;
      output[written++] = s;
      quietRun = s < QUIET_LEVEL && s > -QUIET_LEVEL ? quietRun + 1 : 0;
      fraction += SHED_STEP;
      while (fraction >= FRACTION_ONE) {
        fraction -= FRACTION_ONE;
        previous = ring[readIndex];
        readIndex = readIndex + 1 === capacity ? 0 : readIndex + 1;
        depth--;
      }
      if (!shedding && fraction < SHED_STEP - FRACTION_ONE) {
        fraction = 0;
        break;
      }
    }
    this.#readIndex = readIndex;
    this.#depth = depth;
    this.#fraction = fraction;
    this.#previousSample = previous;
    this.#quietRun = quietRun;
    return written;
  }

  #endSpurt(): void {
    this.#spurtActive = false;
    this.#dryPending = false;
    this.#lagSamples = 0;
    this.#offsetCount = 0;
    this.#offsetNext = 0;
    this.#catchingUp = false;
    this.#shedding = false;
    this.#fraction = 0;
    this.#restartDepthWindows();
  }

  #restartDepthWindows(): void {
    this.#minDepthCurrent = this.#minDepthPrevious = NO_DEPTH;
    this.#maxDepthCurrent = this.#maxDepthPrevious = this.#depth;
    this.#depthWindowElapsed = 0;
  }

  /** Updates spurt state, the lateness statistics and the target for a chunk arriving now. */
  #noteArrival(arrivalMs: number, length: number): void {
    const gapMs = arrivalMs - this.#lastArrivalMs;
    let resumed = false;
    if (this.#depth === 0 && gapMs >= SPURT_GAP_MS) this.#endSpurt();
    else if (this.#dryPending) {
      this.#underruns++; // ran dry and audio resumed: a real underrun
      resumed = true;
    }
    this.#dryPending = false;

    const chunkMs = length / this.#samplesPerMs;
    const startsSpurt = !this.#spurtActive;
    if (startsSpurt) {
      this.#spurtActive = true;
      this.#spurtMediaMs = 0;
    }
    // Arrival time minus the media time of this chunk's first sample.
    const offset = arrivalMs - this.#spurtMediaMs;
    const isEvent = !startsSpurt && gapMs >= this.#lastChunkMs / 2;
    if (isEvent) {
      // Chunks following within a burst are never later than its first: only the first is an event.
      let earliest = Infinity;
      for (let i = 0; i < this.#offsetCount; i++) earliest = Math.min(earliest, this.#offsets[i]);
      this.#recordLateness(Math.max(0, offset - earliest));
    }
    if (resumed) {
      // Measure later chunks against the resumed stream: after a sender pause it stays behind,
      // and a burst after a network hold brings the earlier reference back by itself.
      this.#offsetCount = 0;
      this.#offsetNext = 0;
    }
    this.#offsets[this.#offsetNext] = offset;
    this.#offsetNext = (this.#offsetNext + 1) % OFFSET_WINDOW;
    this.#offsetCount = Math.min(this.#offsetCount + 1, OFFSET_WINDOW);
    // Events only: within a burst faster than real time (TTS) offsets fall without anything being late.
    if (startsSpurt) this.#spurtFirstOffset = this.#spurtEarliestOffset = offset;
    else if (isEvent) this.#spurtEarliestOffset = Math.min(this.#spurtEarliestOffset, offset);
    this.#spurtMediaMs += chunkMs;
    this.#chunkMsAverage = this.#chunkMsAverage === 0 ? chunkMs : this.#chunkMsAverage + CHUNK_AVERAGE_WEIGHT * (chunkMs - this.#chunkMsAverage);
    this.#lastArrivalMs = arrivalMs;
    this.#lastChunkMs = chunkMs;
    this.#samplesSinceArrival = 0;
    this.#updateTarget();
  }

  #recordLateness(latenessMs: number): void {
    const histogram = this.#histogram;
    for (let i = 0; i < histogram.length; i++) histogram[i] *= HISTOGRAM_FORGETTING;
    histogram[Math.min(histogram.length - 1, Math.floor(latenessMs / HISTOGRAM_BIN_MS))] += 1;
    this.#histogramTotal = this.#histogramTotal * HISTOGRAM_FORGETTING + 1;
    this.#arrivals++;
    const wanted = LATENESS_QUANTILE * this.#histogramTotal;
    let cumulative = 0;
    let bin = 0;
    while (bin < histogram.length - 1 && (cumulative += histogram[bin]) < wanted) bin++;
    this.#jitterMs = (bin + 1) * HISTOGRAM_BIN_MS;
  }

  /** Sets the target and the integer figures pull() works with. */
  #updateTarget(): void {
    const wanted = this.#clampTarget(this.#jitterMs + this.#chunkMsAverage + SAFETY_MS);
    this.#targetMs = this.#arrivals < WARMUP_ARRIVALS ? Math.max(wanted, this.#initialTargetMs) : wanted;
    const samplesPerMs = this.#samplesPerMs;
    this.#targetSamples = Math.round(this.#targetMs * samplesPerMs);
    this.#normalLagSamples = Math.max(0, Math.round((this.#targetMs - this.#chunkMsAverage) * samplesPerMs));
    this.#normalMinimumSamples = Math.max(this.#lowDepthSamples, Math.round((this.#targetMs - this.#chunkMsAverage - this.#jitterMs) * samplesPerMs));
    const firstLatenessMs = Math.min(this.#spurtFirstOffset - this.#spurtEarliestOffset, this.#maxTargetMs);
    this.#firstLatenessSamples = Math.round(firstLatenessMs * samplesPerMs);
  }

  #clampTarget(ms: number): number {
    return Math.min(this.#maxTargetMs, Math.max(this.#minTargetMs, ms));
  }

  /**
   * Latency beyond what the target needs, samples; both views must show it: the lag (silence
   * inserted, ~0 when audio merely arrived early), plus `unseenLag`, and the recent minimum depth
   * (the buffer stayed fuller than jitter needs). Not before one full depth window.
   */
  #excess(unseenLag: number): number {
    if (this.#minDepthPrevious === NO_DEPTH) return 0;
    const recentMinimum = Math.min(this.#minDepthCurrent, this.#minDepthPrevious, this.#depth);
    return Math.min(this.#lagSamples + unseenLag - this.#normalLagSamples, recentMinimum - this.#normalMinimumSamples);
  }

  /**
   * Starts faster playback above SHED_THRESHOLD_MS of excess; stops once it is gone. It also
   * sheds the first chunk's lateness: speeding up cuts nothing, even if the audio was early.
   */
  #updateShedding(): void {
    const excess = this.#excess(this.#firstLatenessSamples);
    if (this.#shedding) this.#shedding = excess > 0;
    else this.#shedding = excess > this.#shedThresholdSamples;
  }

  /**
   * Inside a pause: skips quiet audio to shed excess latency, or stretches the pause when the
   * buffer nearly ran dry.
   */
  #adjustInPause(): void {
    const segment = this.#segmentSamples;
    // Skipping shortens pauses: only for latency the lag itself proves.
    let excess = this.#excess(0);
    if (!this.#catchingUp && excess > this.#catchUpThresholdSamples) this.#catchingUp = true;
    if (this.#catchingUp) {
      while (excess >= segment && this.#isQuietAhead(segment)) {
        this.#discard(segment);
        this.#noteShed(segment);
        excess -= segment;
      }
      if (excess < segment) this.#catchingUp = false;
      return;
    }
    const recentMinimum = Math.min(this.#minDepthCurrent, this.#minDepthPrevious, this.#depth);
    if (recentMinimum < this.#lowDepthSamples && this.#isQuietAhead(1)) {
      const recentPeak = Math.max(this.#maxDepthCurrent, this.#maxDepthPrevious);
      const wanted = Math.ceil(Math.max(segment, this.#targetSamples - recentPeak) / segment) * segment;
      const silence = Math.min(wanted, this.#ring.length - this.#depth);
      this.#prependSilence(silence);
      this.#lagSamples += silence;
      this.#restartDepthWindows(); // judge the new depth afresh
    }
  }

  /** Latency shed by skipping or playing faster: the recorded minima would overstate the excess. */
  #noteShed(count: number): void {
    this.#lagSamples -= count;
    if (this.#minDepthCurrent !== NO_DEPTH) this.#minDepthCurrent -= count;
    if (this.#minDepthPrevious !== NO_DEPTH) this.#minDepthPrevious -= count;
  }

  /** True if the next `count` buffered samples (if buffered) are all quiet. */
  #isQuietAhead(count: number): boolean {
    if (this.#depth < count) return false;
    const ring = this.#ring;
    let index = this.#readIndex;
    for (let i = 0; i < count; i++) {
      const s = ring[index];
      if (s >= QUIET_LEVEL || s <= -QUIET_LEVEL) return false;
      if (++index === ring.length) index = 0;
    }
    return true;
  }

  /** Drops the oldest `count` buffered samples, counting the media among them as dropped. */
  #discard(count: number): void {
    this.#readIndex = (this.#readIndex + count) % this.#ring.length;
    this.#depth -= count;
    const inserted = Math.min(count, this.#insertedAhead);
    this.#insertedAhead -= inserted;
    this.#droppedSamples += count - inserted;
  }

  /** Inserts `count` zeros before the next sample to be played. */
  #prependSilence(count: number): void {
    const ring = this.#ring;
    let index = this.#readIndex;
    for (let i = 0; i < count; i++) {
      index = index === 0 ? ring.length - 1 : index - 1;
      ring[index] = 0;
    }
    this.#readIndex = index;
    this.#depth += count;
    this.#insertedAhead += count;
  }

  /** Minimum depth is sampled after each pull (just before arrivals refill), maximum after each push. */
  #trackDepthWindows(pulled: number): void {
    if (this.#depth < this.#minDepthCurrent) this.#minDepthCurrent = this.#depth;
    this.#depthWindowElapsed += pulled;
    if (this.#depthWindowElapsed >= this.#depthWindowSamples) {
      this.#depthWindowElapsed = 0;
      this.#minDepthPrevious = this.#minDepthCurrent;
      this.#minDepthCurrent = this.#depth;
      this.#maxDepthPrevious = this.#maxDepthCurrent;
      this.#maxDepthCurrent = this.#depth;
    }
  }

  /** Appends with optional scaling (PCM16); beyond capacity the oldest audio is dropped. */
  #write(samples: Float32Array | Int16Array, length: number, scale: number): void {
    const ring = this.#ring;
    const capacity = ring.length;
    let start = 0;
    if (length > capacity) {
      start = length - capacity;
      this.#droppedSamples += start;
      this.#lagSamples -= start;
    }
    const incoming = length - start;
    const overflow = this.#depth + incoming - capacity;
    if (overflow > 0) {
      this.#discard(overflow);
      this.#lagSamples -= overflow;
    }
    let writeIndex = this.#writeIndex;
    for (let i = start; i < length; i++) {
      ring[writeIndex] = samples[i] * scale;
      if (++writeIndex === capacity) writeIndex = 0;
    }
    this.#writeIndex = writeIndex;
    this.#depth += incoming;
    if (this.#depth > this.#maxDepthCurrent) this.#maxDepthCurrent = this.#depth;
  }
}
