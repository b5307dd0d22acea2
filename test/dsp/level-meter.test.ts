import { expect } from '@open-wc/testing';
import { LevelMeter } from '../../src/dsp/level-meter';

const RATE = 48000;
const BLOCK = 128;

/** Feeds `seconds` of a 1 kHz sine (amplitude 0 = silence) in render quanta; returns db after each block. */
function feed(meter: LevelMeter, amplitude: number, seconds: number, startSample = 0): number[] {
  const block = new Float32Array(BLOCK);
  const readings: number[] = [];
  for (let n = 0; n < seconds * RATE; n += BLOCK) {
    for (let i = 0; i < BLOCK; i++) block[i] = amplitude * Math.sin((2 * Math.PI * 1000 * (startSample + n + i)) / RATE);
    meter.process(block);
    readings.push(meter.db);
  }
  return readings;
}

describe('LevelMeter', () => {
  it('reads a −6 dBFS sine as ≈ −9.03 dBFS RMS', () => {
    const meter = new LevelMeter(RATE);
    feed(meter, 10 ** (-6 / 20), 1);
    expect(meter.db).to.be.closeTo(-9.03, 0.15);
    expect(meter.level).to.be.closeTo(1 - 9.03 / 60, 0.01);
  });

  it('reads silence as the floor', () => {
    const meter = new LevelMeter(RATE);
    feed(meter, 0, 0.5);
    expect(meter.db).to.equal(-100);
    expect(meter.level).to.equal(0);
    const custom = new LevelMeter(RATE, { floorDb: -80 });
    expect(custom.db).to.equal(-80);
  });

  it('attacks faster than it releases', () => {
    const meter = new LevelMeter(RATE);
    const rising = feed(meter, 0.5, 1);
    const steady = rising[rising.length - 1];
    const falling = feed(meter, 0, 1);
    // 3 dB: ≈ 7 ms rise (10 ms RMS average) vs ≈ 210 ms fall (300 ms release in power).
    const attackBlocks = rising.findIndex((db) => db > steady - 3);
    const releaseBlocks = falling.findIndex((db) => db < steady - 3);
    expect(attackBlocks).to.be.greaterThan(0);
    expect(releaseBlocks).to.be.greaterThan(5 * attackBlocks);
  });

  it('returns to the floor on reset()', () => {
    const meter = new LevelMeter(RATE);
    feed(meter, 0.5, 0.1);
    meter.reset();
    expect(meter.db).to.equal(-100);
  });
});
