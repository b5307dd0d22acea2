/** What the playout reports (all durations in ms of source audio). */
export interface PlayoutStats {
  /** Audio currently buffered, ms. */
  depthMs: number;
  /** Current adaptive target depth, ms. */
  targetMs: number;
  /** Estimated arrival jitter (lateness quantile), ms. */
  jitterMs: number;
  /** Times the buffer ran dry mid-spurt (counted when the late audio arrives). */
  underruns: number;
  /** Audio discarded by skipping in pauses or overflow, ms (flush() is not counted). */
  droppedMs: number;
  /** Real audio played (including what accelerating removed and expansion repeated), ms. */
  playedMs: number;
  /** Holes filled by concealment (fading continuation, then silence) until audio resumed, ms. */
  concealedMs: number;
  /** Audio removed by accelerating (one pitch period at a time), ms. */
  acceleratedMs: number;
  /** Audio added by preemptive expansion or quiet insertion, ms. */
  expandedMs: number;
  /** True while the start gate holds output back. */
  buffering: boolean;
}

/** Counters behind PlayoutStats, in samples. */
export class PlayoutCounters {
  played = 0;
  dropped = 0;
  accelerated = 0;
  expanded = 0;
  #concealed = 0;
  /** Hole samples not yet known to be an underrun: the end of a turn looks the same at first. */
  #pendingHole = 0;
  #underruns = 0;
  readonly #view: PlayoutStats = {
    depthMs: 0, targetMs: 0, jitterMs: 0, underruns: 0, droppedMs: 0, playedMs: 0,
    concealedMs: 0, acceleratedMs: 0, expandedMs: 0, buffering: true,
  };

  /** `count` samples of a hole were played; `confirmed`: the resumed audio has arrived already. */
  noteHole(count: number, confirmed: boolean): void {
    if (confirmed) this.#concealed += count;
    else this.#pendingHole += count;
  }

  /** Audio resumed after running dry: the hole so far was an underrun. */
  confirmUnderrun(): void {
    this.#underruns++;
    this.#concealed += this.#pendingHole;
    this.#pendingHole = 0;
  }

  /** The dry spell was the end of a turn (or a flush), not an underrun. */
  forgetHole(): void {
    this.#pendingHole = 0;
  }

  /** The figures (a reused object: read, don't keep). */
  view(samplesPerMs: number, depth: number, targetMs: number, jitterMs: number, buffering: boolean): PlayoutStats {
    const view = this.#view;
    view.depthMs = depth / samplesPerMs;
    view.targetMs = targetMs;
    view.jitterMs = jitterMs;
    view.underruns = this.#underruns;
    view.droppedMs = this.dropped / samplesPerMs;
    view.playedMs = this.played / samplesPerMs;
    view.concealedMs = this.#concealed / samplesPerMs;
    view.acceleratedMs = this.accelerated / samplesPerMs;
    view.expandedMs = this.expanded / samplesPerMs;
    view.buffering = buffering;
    return view;
  }
}
