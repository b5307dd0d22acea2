// What a listener hears, measured from audio alone: hard discontinuities (clicks), the played
// output aligned frame by frame to the clean reference, and a log-spectral distance on the
// aligned frames. Used by bench/listening.mjs; tested in test/node/listening-measures.test.mjs.

/** Click detector defaults (see findClicks). */
export const CLICK = {
  /** A second difference this many times the local RMS of the second difference is a click… */
  ratio: 8,
  /** …if it is also at least this large (a step of −34 dBFS; smaller ones are not heard as clicks). */
  floor: 0.02,
  /** Half-width of the neighbourhood whose RMS the point is compared with, ms. */
  windowMs: 2.5,
  /** Detections closer than this are one click, ms. */
  mergeMs: 10,
};

/**
 * Hard discontinuities in `signal`: samples where the second difference
 * d2[n] = x[n] − 2x[n−1] + x[n−2] is an outlier against the RMS of d2 around it (the signal's own
 * high-frequency content, which a step far exceeds; ±2 samples around n are left out, since a
 * step shows as a pair of opposite spikes). Returns the sample index of each click.
 */
export function findClicks(signal, sampleRate, options = {}) {
  const { ratio, floor, windowMs, mergeMs } = { ...CLICK, ...options };
  const n = signal.length;
  const d2 = new Float64Array(n);
  for (let i = 2; i < n; i++) d2[i] = signal[i] - 2 * signal[i - 1] + signal[i - 2];
  const energy = new Float64Array(n + 1); // prefix sums of d2²
  for (let i = 0; i < n; i++) energy[i + 1] = energy[i] + d2[i] * d2[i];
  const half = Math.max(4, Math.round((windowMs * sampleRate) / 1000));
  const merge = Math.round((mergeMs * sampleRate) / 1000);
  const clicks = [];
  for (let i = 2; i < n; i++) {
    const value = Math.abs(d2[i]);
    if (value < floor) continue;
    const from = Math.max(2, i - half);
    const to = Math.min(n, i + half + 1);
    const innerFrom = Math.max(from, i - 2);
    const innerTo = Math.min(to, i + 3);
    const sum = energy[to] - energy[from] - (energy[innerTo] - energy[innerFrom]);
    const count = to - from - (innerTo - innerFrom);
    const rms = Math.sqrt(Math.max(0, sum) / Math.max(1, count));
    if (value <= ratio * rms) continue;
    if (clicks.length && i - clicks[clicks.length - 1] < merge) continue;
    clicks.push(i);
  }
  return clicks;
}

/**
 * Clicks in `played` that are not the reference's own transients: speech has real impulses
 * (plosive bursts) that the detector also finds, so a detection whose neighbourhood (±2 ms)
 * matches the neighbourhood of a detection in the clean reference (normalised correlation
 * ≥ 0.9, shifted ±3 samples) is the voice, not a discontinuity.
 */
export function findAddedClicks(played, reference, sampleRate, options = {}) {
  const own = findClicks(reference, sampleRate, options);
  const half = Math.round(sampleRate / 500);
  return findClicks(played, sampleRate, options).filter(
    (at) => !own.some((r) => neighbourhoodMatch(played, at, reference, r, half)),
  );
}

function neighbourhoodMatch(a, at, b, bt, half) {
  for (let shift = -3; shift <= 3; shift++) {
    let dot = 0;
    let ea = 0;
    let eb = 0;
    for (let i = -half; i <= half; i++) {
      const x = a[at + i] ?? 0;
      const y = b[bt + shift + i] ?? 0;
      dot += x * y;
      ea += x * x;
      eb += y * y;
    }
    if (ea > 0 && eb > 0 && dot / Math.sqrt(ea * eb) >= 0.9) return true;
  }
  return false;
}

/** Alignment and score defaults (see alignAndScore). */
export const SCORE = {
  /** Frame length and hop, ms. */
  frameMs: 20,
  /**
   * Search around the previous frame's offset, ± ms: wider than one edit of the timing (a pitch
   * period of up to 15 ms removed or repeated, a 10 ms segment of a pause skipped), else the
   * frames after a 12 ms edit lock onto the neighbouring period at a weak match.
   */
  nearMs: 16,
  /** A near match that moves the offset by more than this, ms, is checked against the wide search (the start, or the offset of audio before a long edit, may match a similar sound nearby). */
  jumpMs: 10,
  /** Search after losing track (a hole, a skipped pause, a lost chunk), over 60 ms of output, ms before and after the last offset. */
  wideBackMs: 600,
  wideAheadMs: 800,
  /** Normalised cross-correlation above which a frame counts as found in the reference (near the last offset)… */
  matchCorrelation: 0.6,
  /** …and above which it counts as found anywhere (a wide search, where another period or a similar sound may match by chance). */
  wideMatchCorrelation: 0.8,
  /** Frames quieter than this RMS (−45 dBFS) are not speech. */
  quietRms: 10 ** (-45 / 20),
  /** A frame this far from its reference, dB, counts as badly distorted (a hole, a cut, a wrong sound). */
  badDb: 10,
  /** Per-bin power floor of the log spectra (about white noise at −70 dBFS), so silence vs silence is 0 dB. */
  powerFloor: 2e-5,
};

/**
 * Aligns `played` to `reference` frame by frame and scores it.
 *
 * The played output is the reference with time inserted (holes, concealment, repeated pitch
 * periods) and removed (skipped pauses, removed periods, lost chunks), so no single offset
 * fits. For each loud output frame the offset (output index − reference index) is tracked:
 * searched ±nearMs around the last one by normalised cross-correlation, and more widely when
 * that fails. A quiet output frame is compared with the reference that continues where the last
 * loud frame left off — what the listener expected to hear next: speech there makes it a hole
 * (scored), a pause there makes it a pause (not scored, nor is a later start of a reply).
 *
 * Score: log-spectral distance (dB) between each frame and its aligned reference frame, over
 * frames where either has speech. LSD compares magnitude spectra, so the few samples of
 * misalignment that time-stretching leaves, and a pitch period repeated, cost little; a hole of
 * silence where speech was due costs a lot.
 *
 * Returns { lsdDb (mean over scored frames), frames (how many were scored), badFrames (how many
 * were more than badDb away), delays: [{ atMs,
 * delayMs }] for every frame found in the reference }; options.perFrame, an array, receives
 * { atMs, lsdDb } of each scored frame.
 */
export function alignAndScore(reference, played, sampleRate, options = {}) {
  const o = { ...SCORE, ...options };
  const frame = Math.round((o.frameMs * sampleRate) / 1000);
  const near = Math.round((o.nearMs * sampleRate) / 1000);
  const jump = Math.round((o.jumpMs * sampleRate) / 1000);
  const spectrum = new Spectrum(frame, o.powerFloor);
  let offset = findOffset(reference, played, 0, frame, -Math.round(sampleRate * 0.1), Math.round(sampleRate * 1), o.quietRms)?.offset ?? 0;
  let sum = 0;
  let frames = 0;
  let badFrames = 0;
  const delays = [];
  /** Where the reference continues after the last loud frame: what is due next (nothing before the first). */
  let due = -Infinity;
  for (let start = 0; start + frame <= played.length; start += frame) {
    const loud = rms(played, start, frame) >= o.quietRms;
    let referenceStart = due;
    // A frame half in a hole matches spurious offsets (its silent half correlates with nothing):
    // only frames loud in both halves move the offset.
    const whole = loud && rms(played, start, frame >> 1) >= o.quietRms && rms(played, start + (frame >> 1), frame - (frame >> 1)) >= o.quietRms;
    if (whole) {
      // Near the last offset first; a weak match there may be a neighbouring pitch period of
      // the same vowel, so a strong match further away wins over it.
      let found = bestOffset(reference, played, start, frame, offset - near, offset + near);
      if (!found || found.correlation < o.wideMatchCorrelation || Math.abs(found.offset - offset) > jump) {
        // Three frames' worth, so that a similar sound elsewhere is unlikely to match by chance.
        const span = Math.min(3 * frame, played.length - start);
        const wide = findOffset(reference, played, start, span, offset - ms(o.wideBackMs), offset + ms(o.wideAheadMs), o.quietRms);
        if (wide && wide.correlation >= o.wideMatchCorrelation && (!found || wide.correlation > found.correlation)) found = wide;
      }
      if (found && found.correlation >= o.matchCorrelation) {
        offset = found.offset;
        delays.push({ atMs: (start / sampleRate) * 1000, delayMs: (offset / sampleRate) * 1000 });
      }
    }
    // A frame quiet in its first half and loud in its second is an onset (a word after a
    // pause, a reply, audio resuming after a hole): its loud half is located with the audio
    // that follows, since the timing may have changed in the pause before it (a pause
    // shortened or lengthened is not heard; a stale offset would score the onset as a wrong sound).
    if (loud && !whole && rms(played, start, frame >> 1) < o.quietRms) {
      const onset = start + (frame >> 1);
      const span = Math.min(2 * frame, played.length - onset);
      let found = bestOffset(reference, played, onset, span, offset - near, offset + near);
      if (!found || found.correlation < o.wideMatchCorrelation || Math.abs(found.offset - offset) > jump) {
        const wide = findOffset(reference, played, onset, span, offset - ms(o.wideBackMs), offset + ms(o.wideAheadMs), o.quietRms);
        if (wide && (!found || wide.correlation > found.correlation)) found = wide;
      }
      if (found && found.correlation >= o.wideMatchCorrelation) offset = found.offset;
    }
    if (loud) {
      referenceStart = start - offset;
      due = referenceStart + frame;
    }
    const referenceLoud = referenceStart >= 0 && referenceStart + frame <= reference.length && rms(reference, referenceStart, frame) >= o.quietRms;
    if (!loud && !referenceLoud) continue;
    const distance = spectrum.distance(played, start, reference, referenceStart);
    sum += distance;
    frames++;
    if (distance > o.badDb) badFrames++;
    o.perFrame?.push({ atMs: (start / sampleRate) * 1000, lsdDb: distance });
  }
  return { lsdDb: frames ? sum / frames : 0, frames, badFrames, delays };

  function ms(value) {
    return Math.round((value * sampleRate) / 1000);
  }
}

/** Wide search: coarse on a 4× decimated copy, then refined at full rate. */
function findOffset(reference, played, start, frame, lowOffset, highOffset, quietRms) {
  if (rms(played, start, frame) < quietRms) return undefined;
  const factor = 4;
  const coarse = bestOffset(reference, played, start, frame, lowOffset, highOffset, factor);
  if (!coarse) return undefined;
  return bestOffset(reference, played, start, frame, coarse.offset - 2 * factor, coarse.offset + 2 * factor);
}

/**
 * The offset in [lowOffset, highOffset] (played index − reference index) whose reference frame
 * correlates best with played[start..start+frame), stepping `step` samples (and using every
 * step-th sample) for a coarse search.
 */
function bestOffset(reference, played, start, frame, lowOffset, highOffset, step = 1) {
  let best;
  let playedEnergy = 0;
  for (let i = 0; i < frame; i += step) playedEnergy += played[start + i] * played[start + i];
  if (playedEnergy === 0) return undefined;
  for (let offset = lowOffset; offset <= highOffset; offset += step) {
    const from = start - offset;
    if (from < 0 || from + frame > reference.length) continue;
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < frame; i += step) {
      const r = reference[from + i];
      dot += r * played[start + i];
      energy += r * r;
    }
    if (energy === 0) continue;
    const correlation = dot / Math.sqrt(energy * playedEnergy);
    if (!best || correlation > best.correlation) best = { offset, correlation };
  }
  return best;
}

export function rms(signal, start, length) {
  let sum = 0;
  for (let i = start; i < start + length; i++) sum += signal[i] * signal[i];
  return Math.sqrt(sum / length);
}

/**
 * Log-spectral distance of two frames: RMS over frequency bins of the difference of their
 * Hann-windowed power spectra in dB, with a power floor. A frame partly outside its signal
 * counts the outside as silence.
 */
export class Spectrum {
  constructor(frame, powerFloor) {
    this.frame = frame;
    this.size = 2 ** Math.ceil(Math.log2(frame));
    this.floor = powerFloor;
    this.window = new Float64Array(frame);
    for (let i = 0; i < frame; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / frame);
    this.re = new Float64Array(this.size);
    this.im = new Float64Array(this.size);
    this.a = new Float64Array(this.size / 2 + 1);
    this.b = new Float64Array(this.size / 2 + 1);
  }

  distance(x, xStart, y, yStart) {
    this.#power(x, xStart, this.a);
    this.#power(y, yStart, this.b);
    let sum = 0;
    for (let k = 0; k < this.a.length; k++) {
      const d = 10 * Math.log10((this.a[k] + this.floor) / (this.b[k] + this.floor));
      sum += d * d;
    }
    return Math.sqrt(sum / this.a.length);
  }

  #power(signal, start, out) {
    const { re, im, frame, size } = this;
    for (let i = 0; i < size; i++) {
      const index = start + i;
      re[i] = i < frame && index >= 0 && index < signal.length ? signal[index] * this.window[i] : 0;
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k < out.length; k++) out[k] = re[k] * re[k] + im[k] * im[k];
  }
}

/** In-place radix-2 FFT (length a power of two). */
export function fft(re, im) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let length = 2; length <= n; length <<= 1) {
    const angle = (-2 * Math.PI) / length;
    const wRe = Math.cos(angle);
    const wIm = Math.sin(angle);
    for (let i = 0; i < n; i += length) {
      let uRe = 1;
      let uIm = 0;
      for (let j = 0; j < length / 2; j++) {
        const a = i + j;
        const b = a + length / 2;
        const tRe = re[b] * uRe - im[b] * uIm;
        const tIm = re[b] * uIm + im[b] * uRe;
        re[b] = re[a] - tRe;
        im[b] = im[a] - tIm;
        re[a] += tRe;
        im[a] += tIm;
        const next = uRe * wRe - uIm * wIm;
        uIm = uRe * wIm + uIm * wRe;
        uRe = next;
      }
    }
  }
}
