import { expect } from '@open-wc/testing';
import { SampleRing } from '../../src/dsp/sample-ring';

const ramp = (from: number, length: number) => Float32Array.from({ length }, (_, i) => from + i);

describe('SampleRing', () => {
  it('plays samples back first in, first out, across the wrap', () => {
    const ring = new SampleRing(10);
    const out = new Float32Array(10);
    expect(ring.write(ramp(0, 7), 7, 1)).to.equal(0);
    expect(ring.read(out, 0, 5)).to.equal(5);
    expect(ring.write(ramp(7, 6), 6, 1)).to.equal(0); // wraps
    expect(ring.depth).to.equal(8);
    expect(ring.read(out, 0, 10)).to.equal(8);
    expect(Array.from(out.subarray(0, 8))).to.deep.equal([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(ring.depth).to.equal(0);
  });

  it('drops the oldest samples beyond capacity and says how many', () => {
    const ring = new SampleRing(4);
    ring.write(ramp(0, 3), 3, 1);
    expect(ring.write(ramp(3, 3), 3, 1)).to.equal(2);
    expect(ring.write(ramp(6, 9), 9, 1), 'a chunk longer than the ring keeps its tail').to.equal(9);
    const out = new Float32Array(4);
    ring.read(out, 0, 4);
    expect(Array.from(out)).to.deep.equal([11, 12, 13, 14]);
  });

  it('scales on write (PCM16 → float)', () => {
    const ring = new SampleRing(4);
    ring.write(Int16Array.of(-32768, 16384), 2, 1 / 32768);
    const out = new Float32Array(2);
    ring.read(out, 0, 2);
    expect(Array.from(out)).to.deep.equal([-1, 0.5]);
  });

  it('peeks without consuming, discards, and writes at an offset', () => {
    const ring = new SampleRing(8);
    ring.write(ramp(1, 6), 6, 1);
    const out = new Float32Array(6);
    expect(ring.peek(out, 2, 3)).to.equal(3);
    expect(Array.from(out)).to.deep.equal([0, 0, 1, 2, 3, 0]);
    expect(ring.depth).to.equal(6);
    ring.discard(4);
    expect(ring.read(out, 0, 6)).to.equal(2);
    expect(Array.from(out.subarray(0, 2))).to.deep.equal([5, 6]);
  });

  it('appends from a start index (the rest of a chunk whose head was stored apart)', () => {
    const ring = new SampleRing(4);
    expect(ring.write(ramp(0, 5), 5, 2, 2)).to.equal(0);
    expect(ring.depth).to.equal(3);
    expect(ring.write(ramp(10, 6), 6, 1, 1), 'three old samples and the first incoming one dropped').to.equal(4);
    const out = new Float32Array(4);
    ring.read(out, 0, 4);
    expect(Array.from(out)).to.deep.equal([12, 13, 14, 15]);
  });

  it('tells whether the next samples are quiet', () => {
    const ring = new SampleRing(8);
    ring.write(Float32Array.of(0.001, -0.001, 0.001, 0.5), 4, 1);
    expect(ring.isQuiet(3, 0.01)).to.equal(true);
    expect(ring.isQuiet(4, 0.01)).to.equal(false);
    expect(ring.isQuiet(5, 0.01), 'not stored yet').to.equal(false);
    ring.clear();
    expect(ring.depth).to.equal(0);
  });
});
