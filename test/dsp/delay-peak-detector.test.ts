import { expect } from '@open-wc/testing';
import { DelayPeakDetector } from '../../src/dsp/delay-peak-detector';

/** Arrivals every 20 ms from `fromMs` to `toMs`, 5 ms late, with a jitter estimate of 10 ms. */
function steady(detector: DelayPeakDetector, fromMs: number, toMs: number): void {
  for (let t = fromMs; t < toMs; t += 20) detector.update(5, t, 10);
}

describe('DelayPeakDetector', () => {
  it('ignores lateness within the jitter estimate plus a margin', () => {
    const detector = new DelayPeakDetector();
    for (let t = 0; t < 20000; t += 20) detector.update(t % 5000 === 0 ? 60 : 5, t, 10);
    expect(detector.peakMs).to.equal(0);
  });

  it('takes one peak for chance, and the second for a pattern: holds the tallest height', () => {
    const detector = new DelayPeakDetector();
    steady(detector, 0, 3000);
    detector.update(210, 3000, 10);
    expect(detector.peakMs, 'one peak').to.equal(0);
    steady(detector, 3020, 8000);
    detector.update(180, 8000, 10);
    expect(detector.peakMs).to.equal(210);
    steady(detector, 8020, 12000);
    expect(detector.peakMs, 'between peaks').to.equal(210);
  });

  it('lets go when no peak came for twice the longest period', () => {
    const detector = new DelayPeakDetector();
    detector.update(200, 3000, 10);
    detector.update(200, 8000, 10); // period 5 s
    steady(detector, 8020, 18000);
    expect(detector.peakMs).to.equal(200);
    steady(detector, 18000, 18100);
    expect(detector.peakMs).to.equal(0);
  });

  it('does not take peaks far apart for recurring ones', () => {
    const detector = new DelayPeakDetector();
    detector.update(200, 1000, 10);
    detector.update(200, 21000, 10);
    expect(detector.peakMs).to.equal(0);
    detector.update(150, 25000, 10);
    expect(detector.peakMs, 'the history restarted at the second peak').to.equal(200);
    detector.reset();
    expect(detector.peakMs).to.equal(0);
  });
});
