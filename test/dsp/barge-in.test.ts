import { expect } from '@open-wc/testing';
import { BargeInDetector } from '../../src/dsp/barge-in';

const RATE = 48000;
const QUANTUM = 128;
const QUANTA_PER_SECOND = RATE / QUANTUM;

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The agent's level per quantum (dBFS): syllables of 100–250 ms at -12 to -24 dBFS, with
 * pauses of 50–300 ms (and a longer one now and then), like speech at a meter's resolution.
 */
function agentLevels(seconds: number, seed = 1): Float64Array {
  const next = random(seed);
  const levels = new Float64Array(Math.round(seconds * QUANTA_PER_SECOND)).fill(-100);
  let at = 0;
  while (at < levels.length) {
    const syllable = Math.round((0.1 + 0.15 * next()) * QUANTA_PER_SECOND);
    const level = -12 - 12 * next();
    for (let i = 0; i < syllable && at < levels.length; i++, at++) levels[at] = level + 2 * (next() - 0.5);
    at += Math.round((next() < 0.1 ? 0.6 : 0.05 + 0.25 * next()) * QUANTA_PER_SECOND);
  }
  return levels;
}

/** Power sum of levels in dBFS. */
function sumDb(a: number, b: number): number {
  return 10 * Math.log10(10 ** (a / 10) + 10 ** (b / 10));
}

interface Scenario {
  agent: Float64Array;
  /** Echo left after cancellation: the agent's level this much lower, dB. */
  couplingDb: number;
  /** Echo path delay, ms. */
  delayMs: number;
  /** The mic's own noise floor, dBFS. */
  noiseDb?: number;
  /** The visitor: from this quantum on, at this level (dBFS). */
  visitorFrom?: number;
  visitorDb?: number;
}

/** Runs the detector over a scenario; returns the quantum of the first cue (or -1) and the detector. */
function run(detector: BargeInDetector, scenario: Scenario): { firstCue: number; detector: BargeInDetector } {
  const { agent, couplingDb, delayMs, noiseDb = -75, visitorFrom = Infinity, visitorDb = -100 } = scenario;
  const delay = Math.round((delayMs / 1000) * QUANTA_PER_SECOND);
  const jitter = random(7);
  let firstCue = -1;
  for (let q = 0; q < agent.length; q++) {
    const echoed = q >= delay ? agent[q - delay] : -100;
    // The residual echo wavers by ±3 dB around its coupling (the cancellers are not exact).
    let mic = sumDb(noiseDb, echoed + couplingDb + 6 * (jitter() - 0.5));
    if (q >= visitorFrom) mic = sumDb(mic, visitorDb);
    detector.agentDb = agent[q];
    detector.micDb = mic;
    detector.process(QUANTUM);
    if (detector.cue && firstCue < 0) firstCue = q;
  }
  return { firstCue, detector };
}

describe('BargeInDetector', () => {
  it('never cues on echo alone, cancelled or not, whatever its delay', () => {
    for (const couplingDb of [-60, -40, -25, -10, 0]) {
      for (const delayMs of [0, 60, 150, 300]) {
        for (const seed of [1, 2, 3]) {
          const { firstCue } = run(new BargeInDetector({ sampleRate: RATE }), { agent: agentLevels(20, seed), couplingDb, delayMs });
          expect(firstCue, `coupling ${couplingDb} dB, delay ${delayMs} ms, seed ${seed}`).to.equal(-1);
        }
      }
    }
  });

  it('measures the residual echo: the ratio settles near the echo left after cancellation', () => {
    const { detector } = run(new BargeInDetector({ sampleRate: RATE }), { agent: agentLevels(10), couplingDb: -20, delayMs: 100 });
    // Its upper envelope, relative to the agent's held peak: a few dB under the coupling.
    expect(detector.residualDb).to.be.within(-30, -15);
  });

  it('never assumes less residual echo than its floor, however well the echo is cancelled', () => {
    const { detector } = run(new BargeInDetector({ sampleRate: RATE, minResidualDb: -30 }), { agent: agentLevels(10), couplingDb: -70, delayMs: 100 });
    expect(detector.residualDb).to.equal(-30);
    const lower = run(new BargeInDetector({ sampleRate: RATE, minResidualDb: -50 }), { agent: agentLevels(10), couplingDb: -70, delayMs: 100 });
    expect(lower.detector.residualDb).to.be.within(-50, -45);
  });

  it('cues within 100 ms of a visitor quieter than the agent, once the echo is cancelled', () => {
    const agent = agentLevels(12);
    // The visitor starts at 8 s, about 15 dB under the agent's playback peaks.
    const visitorFrom = 8 * QUANTA_PER_SECOND;
    for (const couplingDb of [-60, -40]) {
      const { firstCue } = run(new BargeInDetector({ sampleRate: RATE }), { agent, couplingDb, delayMs: 100, visitorFrom, visitorDb: -28 });
      expect(firstCue, `coupling ${couplingDb} dB: cued`).to.be.at.least(visitorFrom);
      const onsetToCueMs = ((firstCue - visitorFrom + 1) * QUANTUM * 1000) / RATE;
      expect(onsetToCueMs, `coupling ${couplingDb} dB`).to.be.at.most(100);
    }
  });

  it('cues a visitor louder than uncancelled echo, and not one buried in it', () => {
    const agent = agentLevels(12);
    const visitorFrom = 8 * QUANTA_PER_SECOND;
    const loud = run(new BargeInDetector({ sampleRate: RATE }), { agent, couplingDb: -10, delayMs: 100, visitorFrom, visitorDb: -5 });
    expect(loud.firstCue).to.be.at.least(visitorFrom);
    expect(((loud.firstCue - visitorFrom + 1) * QUANTUM * 1000) / RATE).to.be.at.most(100);
    const buried = run(new BargeInDetector({ sampleRate: RATE }), { agent, couplingDb: -10, delayMs: 100, visitorFrom, visitorDb: -36 });
    expect(buried.firstCue).to.equal(-1);
  });

  it('does not cue while the agent is silent (a visitor talking to a quiet agent is no barge-in)', () => {
    const silent = new Float64Array(5 * QUANTA_PER_SECOND).fill(-100);
    const { firstCue } = run(new BargeInDetector({ sampleRate: RATE }), { agent: silent, couplingDb: -40, delayMs: 100, visitorFrom: 0, visitorDb: -20 });
    expect(firstCue).to.equal(-1);
  });

  it('holds the agent level for the echo span, then lets it go', () => {
    const detector = new BargeInDetector({ sampleRate: RATE, echoSpanMs: 300 });
    detector.agentDb = -20;
    detector.process(QUANTUM);
    detector.agentDb = -100;
    for (let done = 0; done < 0.25 * RATE; done += QUANTUM) detector.process(QUANTUM);
    expect(detector.heldAgentDb, 'within the span').to.equal(-20);
    expect(detector.agentSpeaking).to.equal(true);
    for (let done = 0; done < 0.1 * RATE; done += QUANTUM) detector.process(QUANTUM);
    expect(detector.agentSpeaking, 'after the span').to.equal(false);
  });

  it('starts from the agent level as the expected echo after reset()', () => {
    const detector = new BargeInDetector({ sampleRate: RATE });
    run(detector, { agent: agentLevels(5), couplingDb: -40, delayMs: 100 });
    expect(detector.residualDb).to.be.at.most(-25);
    detector.reset();
    expect(detector.residualDb).to.equal(0);
    expect(detector.cue).to.equal(false);
  });
});
