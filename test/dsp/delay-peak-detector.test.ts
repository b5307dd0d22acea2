import { expect } from '@open-wc/testing';
import { DelayPeakDetector } from '../../src/dsp/delay-peak-detector';

const JITTER_MS = 10;

/** Arrivals every 20 ms from `fromMs` to `toMs`, 5 ms late (offset 5 ms), jitter estimate 10 ms. */
function steady(detector: DelayPeakDetector, fromMs: number, toMs: number): void {
  for (let t = fromMs; t < toMs; t += 20) {
    detector.noteLateness(5, t, 5, JITTER_MS);
    detector.noteOffset(t, 5);
  }
}

/** A network hold: a chunk `heightMs` late, then the held-back ones at once (offsets fall back). */
function hold(detector: DelayPeakDetector, atMs: number, heightMs: number): void {
  detector.noteLateness(heightMs, atMs, heightMs, JITTER_MS);
  detector.noteOffset(atMs, heightMs);
  for (let k = 1; k * 20 <= heightMs; k++) detector.noteOffset(atMs + 0.1 * k, heightMs - k * 20);
}

describe('DelayPeakDetector', () => {
  it('ignores lateness within the jitter estimate plus a margin', () => {
    const detector = new DelayPeakDetector();
    for (let t = 0; t < 20000; t += 5000) {
      steady(detector, t, t + 4980);
      hold(detector, t + 4980, 60);
    }
    expect(detector.peakMs).to.equal(0);
  });

  it('takes one hold for chance, and the second for a pattern: holds the tallest height', () => {
    const detector = new DelayPeakDetector();
    steady(detector, 0, 3000);
    hold(detector, 3000, 210);
    expect(detector.peakMs, 'one peak').to.equal(0);
    steady(detector, 3020, 8000);
    hold(detector, 8000, 180);
    expect(detector.peakMs).to.equal(210);
    steady(detector, 8020, 12000);
    expect(detector.peakMs, 'between peaks').to.equal(210);
  });

  it('lets go when no peak came for twice the longest period', () => {
    const detector = new DelayPeakDetector();
    hold(detector, 3000, 200);
    hold(detector, 8000, 200); // period 5 s
    steady(detector, 8020, 18000);
    expect(detector.peakMs).to.equal(200);
    steady(detector, 18000, 18100);
    expect(detector.peakMs).to.equal(0);
  });

  it('does not take peaks far apart for recurring ones', () => {
    const detector = new DelayPeakDetector();
    hold(detector, 1000, 200);
    hold(detector, 21000, 200);
    expect(detector.peakMs).to.equal(0);
    hold(detector, 25000, 150);
    expect(detector.peakMs, 'the history restarted at the second peak').to.equal(200);
    detector.reset();
    expect(detector.peakMs).to.equal(0);
  });

  it('does not take a sender that paused and stays behind for a peak', () => {
    const detector = new DelayPeakDetector();
    for (const at of [3000, 8000, 13000]) {
      // 300 ms late, and every later chunk too (no burst): the offsets stay up.
      detector.noteLateness(300, at, 300 + at, JITTER_MS);
      for (let t = at; t < at + 2000; t += 20) detector.noteOffset(t, 300 + at);
    }
    expect(detector.peakMs).to.equal(0);
  });
});
