import { expect } from '@open-wc/testing';
import { Playout } from '../../src/dsp/playout';
import { PlayoutCounters } from '../../src/dsp/playout-stats';
import { createRandom, estimateFrequency, makeSpeechLike, simulatedArrivals } from '../../src/dsp/tone';
import { largestBend, largestStep, peak, vowel } from './voiced-signal';

const RATE = 24000;
const MS = RATE / 1000;
const CHUNK = 20 * MS;
const QUANTUM = 128;
const QUANTUM_MS = QUANTUM / MS;

describe('Playout', () => {
  it('conceals an underrun mid-vowel at its pitch, fading out, and resumes without a click', () => {
    const pitch = 160;
    const playout = new Playout({ sampleRate: RATE });
    const speech = vowel(RATE, pitch, 2 * RATE);
    const output = new Float32Array(3 * RATE);
    // 500 ms on time, then nothing for 150 ms, then the rest (the sender was held, not paused).
    let written = 0;
    let sent = 0;
    let dryAt = -1;
    for (let q = 0; written + QUANTUM <= output.length; q++) {
      const now = q * QUANTUM_MS;
      while (sent < speech.length && (sent / MS <= now) && !(sent >= 500 * MS && now < 650)) {
        playout.push(speech.subarray(sent, sent + CHUNK), now);
        sent += CHUNK;
      }
      const played = playout.pull(output.subarray(written, written + QUANTUM));
      if (played < QUANTUM && dryAt < 0 && sent === 500 * MS) dryAt = written + played;
      written += QUANTUM;
    }
    expect(dryAt, 'ran dry').to.be.above(0);
    const hole = output.subarray(dryAt, dryAt + 70 * MS);
    expect(estimateFrequency(hole, RATE, 40 * MS)).to.be.closeTo(pitch, pitch * 0.01);
    expect(peak(hole, 0, 5 * MS)).to.be.above(0.8 * peak(speech));
    expect(peak(hole, 61 * MS), 'faded to silence').to.equal(0);
    // The whole output — cut, hole, resumption — steps no more than the vowel itself, plus the
    // cross-fade's slope.
    const onset = output.findIndex((sample) => sample !== 0); // the vowel itself starts with a step
    const heard = output.subarray(onset + 1, written);
    expect(largestStep(heard)).to.be.below(1.3 * largestStep(speech));
    expect(playout.stats.underruns).to.equal(1);
    expect(playout.stats.concealedMs).to.be.within(100, 200);
  });

  it('starts a reply below the target once the jitter is known, and grows to it by stretching', () => {
    const playout = new Playout({ sampleRate: RATE });
    const output = new Float32Array(QUANTUM);
    const speech = makeSpeechLike(RATE, 20, 4);
    const chunks = speech.length / CHUNK;
    const firstReply = simulatedArrivals(chunks / 2, 20, 40, createRandom(5));
    // The second reply comes on time: the start depth alone decides when it is heard.
    const secondReply = Array.from({ length: chunks / 2 }, (_, k) => 12000 + k * 20);
    const arrivals = [...firstReply, ...secondReply];
    let next = 0;
    let firstAudioMs = -1;
    let depthWhenStarted = 0;
    let expandedBefore = 0;
    let underrunsBefore = 0;
    for (let q = 0; next < arrivals.length || playout.stats.depthMs > 0; q++) {
      const now = q * QUANTUM_MS;
      while (next < arrivals.length && arrivals[next] <= now) {
        playout.push(speech.subarray(next * CHUNK, (next + 1) * CHUNK), now);
        next++;
      }
      const depth = playout.stats.depthMs;
      if (now >= 12000 && expandedBefore === 0) {
        expandedBefore = playout.stats.expandedMs;
        underrunsBefore = playout.stats.underruns;
      }
      if (playout.pull(output) > 0 && now >= 12000 && firstAudioMs < 0) {
        firstAudioMs = now;
        depthWhenStarted = depth;
      }
    }
    const stats = playout.stats;
    expect(stats.targetMs, 'jitter learnt in the first reply').to.be.above(65);
    // Three chunks (60 ms) instead of the four the target would hold back.
    expect(depthWhenStarted, 'started below the target').to.be.at.most(60);
    expect(firstAudioMs - secondReply[0], 'time to first audio').to.be.below(45);
    expect(stats.expandedMs - expandedBefore, 'grew by stretching').to.be.above(10);
    expect(stats.underruns - underrunsBefore, 'no hole in the second reply').to.equal(0);
  });

  it('plays through lost chunks (no sequence numbers: the neighbours are spliced) without a click', () => {
    const pitch = 173; // 3.46 periods per chunk: every lost chunk leaves a jump in phase
    const playout = new Playout({ sampleRate: RATE, minTargetMs: 80 }); // deep enough not to run dry
    const speech = vowel(RATE, pitch, 3 * RATE);
    const lost = new Set([30, 47, 48, 90, 121]);
    const output = new Float32Array(3 * RATE);
    let sent = 0;
    let written = 0;
    for (let q = 0; written + QUANTUM <= output.length; q++) {
      const now = q * QUANTUM_MS;
      for (; sent < speech.length && sent / MS <= now; sent += CHUNK) {
        if (!lost.has(sent / CHUNK)) playout.push(speech.subarray(sent, sent + CHUNK), now);
      }
      playout.pull(output.subarray(written, written + QUANTUM));
      written += QUANTUM;
    }
    expect(playout.stats.underruns).to.equal(0);
    const onset = output.findIndex((sample) => sample !== 0);
    const end = output.length - 1 - [...output].reverse().findIndex((sample) => sample !== 0);
    // Neither a step nor a kink anywhere (a raw splice bends 10-50 times more than the vowel).
    expect(largestBend(output, onset + 2, end - 1)).to.be.below(1.5 * largestBend(speech));
  });

  it('does not read the chunk after a lost one as late: the jitter estimate stays put', () => {
    const pitch = 173; // 3.46 periods per chunk: each lost chunk leaves a jump in phase, a detected splice
    const speech = vowel(RATE, pitch, 4 * RATE);
    const run = (lost: Set<number>) => {
      const playout = new Playout({ sampleRate: RATE });
      const block = new Float32Array(QUANTUM);
      let sent = 0;
      let highest = 0;
      for (let q = 0; sent < speech.length; q++) {
        const now = q * QUANTUM_MS;
        for (; sent < speech.length && sent / MS <= now; sent += CHUNK) {
          if (!lost.has(sent / CHUNK)) playout.push(speech.subarray(sent, sent + CHUNK), now);
        }
        playout.pull(block);
        highest = Math.max(highest, playout.stats.jitterMs);
      }
      return highest;
    };
    const clean = run(new Set());
    // Every fifth chunk from 40 on is lost: with the lost media time unaccounted for, the chunks
    // after each loss would read 20 ms late and the target would rise by a chunk.
    const lost = new Set(Array.from({ length: 24 }, (_, k) => 40 + 5 * k));
    expect(run(lost)).to.be.at.most(clean + 4);
  });

  it('resumes as soon as audio arrives after running dry on lost chunks, merged in without a click', () => {
    const playout = new Playout({ sampleRate: RATE });
    const speech = vowel(RATE, 150, 4 * RATE);
    const lost = new Set([60, 61, 62]); // 60 ms never arrive: a 0-jitter buffer runs dry
    const output = new Float32Array(4 * RATE);
    let sent = 0;
    let written = 0;
    let dryAt = -1;
    let resumedArrivalAt = -1;
    let resumedAt = -1;
    for (let q = 0; written + QUANTUM <= output.length; q++) {
      const now = q * QUANTUM_MS;
      for (; sent < speech.length && sent / MS <= now; sent += CHUNK) {
        if (lost.has(sent / CHUNK)) continue;
        if (dryAt >= 0 && resumedArrivalAt < 0) resumedArrivalAt = written;
        playout.push(speech.subarray(sent, sent + CHUNK), now);
      }
      const played = playout.pull(output.subarray(written, written + QUANTUM));
      if (played < QUANTUM && dryAt < 0 && sent > 60 * CHUNK) dryAt = written + played;
      if (played > 0 && resumedArrivalAt >= 0 && resumedAt < 0) resumedAt = written;
      written += QUANTUM;
    }
    expect(dryAt, 'ran dry').to.be.above(0);
    // Played in the very quantum the resumed audio arrived in (before: once the start depth had
    // built up again, a chunk later), and on without another hole.
    expect(resumedAt).to.equal(resumedArrivalAt);
    expect(playout.stats.underruns).to.equal(1);
    expect(playout.stats.concealedMs).to.be.below((resumedAt - dryAt) / MS + 1);
    const onset = output.findIndex((sample) => sample !== 0);
    expect(largestBend(output, onset + 2, dryAt)).to.be.below(1.5 * largestBend(speech));
    expect(largestBend(output, resumedAt - 2, written - 5 * MS)).to.be.below(1.5 * largestBend(speech));
  });

  it('flush() is silent from the next sample, with no continuation of what was cut', () => {
    const playout = new Playout({ sampleRate: RATE });
    for (let k = 0; k < 10; k++) playout.push(vowel(RATE, 200, CHUNK), k * 20);
    const output = new Float32Array(QUANTUM);
    expect(playout.pull(output)).to.equal(QUANTUM);
    playout.flush();
    expect(playout.pull(output.fill(1))).to.equal(0);
    expect(peak(output)).to.equal(0);
    expect(playout.stats.underruns).to.equal(0);
    expect(playout.stats.concealedMs).to.equal(0);
  });
});

describe('PlayoutCounters', () => {
  it('counts a hole as concealed only once it proves to be an underrun', () => {
    const counters = new PlayoutCounters();
    counters.noteHole(240, false);
    expect(counters.view(24, 0, 40, 0, true).concealedMs).to.equal(0);
    counters.confirmUnderrun();
    counters.noteHole(240, true);
    let view = counters.view(24, 0, 40, 0, true);
    expect(view.concealedMs).to.equal(20);
    expect(view.underruns).to.equal(1);
    counters.noteHole(480, false);
    counters.forgetHole(); // the end of a turn
    view = counters.view(24, 480, 40, 2, false);
    expect(view.concealedMs).to.equal(20);
    expect(view.depthMs).to.equal(20);
  });
});
