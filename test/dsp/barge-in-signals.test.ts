// The barge-in detector on sample signals, wired as the capture worklet wires it: level meters
// (15 ms release) on the played signal and the cleaned mic, both signals pushed to its
// echo-likeness check. Time is counted in render quanta.
import { expect } from '@open-wc/testing';
import { BargeInDetector } from '../../src/dsp/barge-in';
import { EchoLikeness } from '../../src/dsp/echo-likeness';
import { LevelMeter } from '../../src/dsp/level-meter';

const RATE = 48000;
const QUANTUM = 128;

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Speech-like: syllables of 100–250 ms at -12 to -24 dBFS with pauses of 40–250 ms (now and
 * then 600 ms), each a drifting pitch with harmonics and some noise, its envelope moving to a
 * new level (±6 dB) every 6 ms as speech does within a syllable (consonants, formant moves,
 * pitch pulses) — the structure the echo-likeness check reads.
 */
function speechLike(seconds: number, seed: number): Float32Array {
  const next = random(seed);
  const out = new Float32Array(Math.round(seconds * RATE));
  let at = Math.round(0.05 * RATE);
  let phase = 0;
  while (at < out.length) {
    const length = Math.round((0.1 + 0.15 * next()) * RATE);
    const level = 10 ** ((-12 - 12 * next()) / 20);
    const pitch = 100 + 80 * next();
    const step = Math.round(0.006 * RATE);
    let from = 0;
    let to = level * 10 ** ((12 * next() - 6) / 20);
    for (let i = 0; i < length && at < out.length; i++, at++) {
      if (i % step === 0 && i > 0) {
        from = to;
        to = i + step >= length ? 0 : level * 10 ** ((12 * next() - 6) / 20);
      }
      const envelope = from + ((to - from) * (i % step)) / step;
      phase += (2 * Math.PI * pitch * (1 + 0.05 * Math.sin(i / 2000))) / RATE;
      let voiced = 0;
      for (let h = 1; h <= 8; h++) voiced += Math.sin(h * phase) / h;
      out[at] = envelope * (0.5 * voiced + 0.4 * (next() - 0.5));
    }
    at += Math.round((next() < 0.1 ? 0.6 : 0.04 + 0.21 * next()) * RATE);
  }
  return out;
}

/** The visitor's 440 Hz syllables (220 ms on, 130 ms off, 10 ms edges), as on the echo bench. */
function syllables440(seconds: number, amplitude: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) {
    const t = (i / RATE) % 0.35;
    if (t >= 0.22) continue;
    out[i] = amplitude * Math.min(1, t / 0.01, (0.22 - t) / 0.01) * Math.sin((2 * Math.PI * 440 * i) / RATE);
  }
  return out;
}

/** RMS of a signal where it is not silent (its speaking level). */
function speakingRms(signal: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < signal.length; i++) {
    if (signal[i] === 0) continue;
    sum += signal[i] * signal[i];
    count++;
  }
  return Math.sqrt(sum / Math.max(count, 1));
}

/** Runs played/mic through the detector quantum by quantum; returns the quanta that raised the cue. */
function cues(played: Float32Array, mic: Float32Array, options: { levelOnly?: boolean } = {}): number[] {
  const detector = new BargeInDetector({ sampleRate: RATE, blockSize: QUANTUM });
  // Today's level rule alone, to show the scenario is one it gets wrong.
  if (options.levelOnly) detector.echo.judge = () => false;
  const agentMeter = new LevelMeter(RATE, { releaseMs: 15 });
  const micMeter = new LevelMeter(RATE, { releaseMs: 15 });
  const raised: number[] = [];
  for (let q = 0; (q + 1) * QUANTUM <= played.length; q++) {
    const p = played.subarray(q * QUANTUM, (q + 1) * QUANTUM);
    const m = mic.subarray(q * QUANTUM, (q + 1) * QUANTUM);
    agentMeter.process(p, QUANTUM);
    micMeter.process(m, QUANTUM);
    detector.echo.push(p, m, QUANTUM);
    detector.agentDb = agentMeter.db;
    detector.micDb = micMeter.db;
    detector.process(QUANTUM);
    if (detector.cue) raised.push(q);
  }
  return raised;
}

/** The browser canceller's leak: exact zeros, then the agent's echo (delayed, scaled) for a while. */
function leak(played: Float32Array, fromSeconds: number, seconds: number, gainDb: number, delayMs: number): Float32Array {
  const mic = new Float32Array(played.length);
  const delay = Math.round((delayMs * RATE) / 1000);
  const gain = 10 ** (gainDb / 20);
  const end = Math.min(played.length, Math.round((fromSeconds + seconds) * RATE));
  for (let i = Math.max(delay, Math.round(fromSeconds * RATE)); i < end; i++) mic[i] = gain * played[i - delay];
  return mic;
}

const quantumMs = (QUANTUM * 1000) / RATE;

describe('BargeInDetector on signals', () => {
  it('raises no cue for an echo leak after seconds of zeros (0 and -18 dB, 0.1–0.8 s), which the level rule alone cues on', () => {
    const played = speechLike(9, 5);
    let levelOnlyCued = 0;
    let scenarios = 0;
    for (const gainDb of [0, -18]) {
      for (const delayMs of [60, 150, 300]) {
        for (const seconds of [0.1, 0.3, 0.8]) {
          for (const fromSeconds of [5, 5.9, 6.8, 7.7]) {
            const mic = leak(played, fromSeconds, seconds, gainDb, delayMs);
            const label = `${gainDb} dB, ${delayMs} ms late, ${seconds} s from ${fromSeconds} s`;
            expect(cues(played, mic), label).to.deep.equal([]);
            scenarios++;
            if (cues(played, mic, { levelOnly: true }).length > 0) levelOnlyCued++;
          }
        }
      }
    }
    // The scenarios are ones a level rule gets wrong: most of them cue without the shape check.
    expect(levelOnlyCued, `level rule alone: cued in ${levelOnlyCued} of ${scenarios}`).to.be.at.least(scenarios / 2);
  });

  for (const visitor of ['440 Hz syllables'] as const) {
    it(`cues within 100 ms of a visitor 10–20 dB under the agent while it speaks (${visitor})`, () => {
      const played = speechLike(10, 5);
      const agentRms = speakingRms(played);
      // Echo left after cancellation: the agent 40 dB down, 150 ms late.
      const residual = leak(played, 0, 10, -40, 150);
      for (const underDb of [10, 15, 20]) {
        for (const fromSeconds of [6, 7.3, 8.1]) {
          const rms = agentRms * 10 ** (-underDb / 20);
          const voice = visitor === '440 Hz syllables' ? syllables440(1.5, rms * Math.SQRT2) : speechLike(1.5, 9);
          const scale = visitor === '440 Hz syllables' ? 1 : rms / speakingRms(voice);
          const mic = residual.slice();
          const from = Math.round(fromSeconds * RATE);
          // Onset: the visitor's first sample above silence.
          let onset = 0;
          while (voice[onset] === 0) onset++;
          for (let i = 0; i < voice.length && from + i < mic.length; i++) mic[from + i] += scale * voice[i];
          const onsetQuantum = Math.floor((from + onset) / QUANTUM);
          const raised = cues(played, mic);
          const label = `${underDb} dB under, from ${fromSeconds} s`;
          expect(raised.filter((q) => q < onsetQuantum), `${label}: before the onset`).to.deep.equal([]);
          expect(raised.length, `${label}: cued`).to.be.above(0);
          expect((raised[0] - onsetQuantum + 1) * quantumMs, `${label}: onset → cue, ms`).to.be.at.most(100);
        }
      }
    });
  }
});

/** No quantum of [from, to) is silent. */
function sounding(signal: Float32Array, from: number, to: number): boolean {
  for (let start = from; start < to; start += QUANTUM) {
    let power = 0;
    for (let i = start; i < start + QUANTUM; i++) power += signal[i] * signal[i];
    if (power / QUANTUM < 1e-6) return false;
  }
  return true;
}

describe('EchoLikeness', () => {
  /** Pushes both signals quantum by quantum, judging each quantum where the mic has sounded for the last 40 ms. */
  function judgeAll(played: Float32Array, mic: Float32Array, each: (likeness: EchoLikeness, echo: boolean) => void): void {
    const likeness = new EchoLikeness({ sampleRate: RATE, blockSize: QUANTUM });
    for (let q = 0; (q + 1) * QUANTUM <= played.length; q++) {
      likeness.push(played.subarray(q * QUANTUM, (q + 1) * QUANTUM), mic.subarray(q * QUANTUM, (q + 1) * QUANTUM), QUANTUM);
      if (q * QUANTUM > RATE && sounding(mic, (q - 15) * QUANTUM, (q + 1) * QUANTUM)) each(likeness, likeness.judge());
    }
  }

  it('finds the agent in a delayed, scaled copy, at its delay', () => {
    const played = speechLike(6, 3);
    for (const delay of [4800, 4832, 9600, 14400 + 64]) {
      const mic = leak(played, 0, 6, -10, (delay * 1000) / RATE);
      let echo = 0;
      let atDelay = 0;
      let looks = 0;
      judgeAll(played, mic, (likeness, judged) => {
        looks++;
        if (!judged) return;
        echo++;
        if (Math.abs(likeness.lag - delay / QUANTUM) <= 2) atDelay++;
      });
      // Not every 40 ms window can be told (a held vowel says nothing by its shape): most can,
      // and nearly always at the echo's delay.
      expect(echo / looks, `delay ${delay}: judged echo in ${echo} of ${looks}`).to.be.at.least(0.7);
      expect(atDelay / echo, `delay ${delay}: at the delay in ${atDelay} of ${echo}`).to.be.at.least(0.9);
    }
  });

  it('does not take steady 440 Hz syllables for the agent', () => {
    const played = speechLike(6, 3);
    let echo = 0;
    let looks = 0;
    judgeAll(played, syllables440(6, 0.05), (_likeness, judged) => {
      looks++;
      if (judged) echo++;
    });
    expect(looks).to.be.above(100);
    // A chance match now and then only holds the cue back a quantum or two (the detector needs
    // five judgements in a row that the mic is not the agent).
    expect(echo / looks, `judged echo in ${echo} of ${looks}`).to.be.at.most(0.02);
  });
});
