import { expect } from '@open-wc/testing';
import { FrameAccumulator } from '../../src/dsp/frame-accumulator';
import { createRandom } from '../../src/dsp/tone';

/** Feeds a counting signal in the given block sizes and checks every frame continues it exactly. */
function run(frameLength: number, blockSizes: () => number, totalSamples: number) {
  const accumulator = new FrameAccumulator(frameLength);
  const block = new Float32Array(1024);
  let nextValue = 0;
  let expected = 0;
  let frames = 0;
  let wrongSize = 0;
  let mismatches = 0;
  while (nextValue < totalSamples) {
    const size = Math.min(blockSizes(), totalSamples - nextValue);
    for (let i = 0; i < size; i++) block[i] = nextValue++;
    accumulator.push(block, size, (frame) => {
      frames++;
      if (frame.length !== frameLength) wrongSize++;
      for (let i = 0; i < frame.length; i++) if (frame[i] !== expected++) mismatches++;
    });
  }
  return { frames, wrongSize, mismatches, emitted: expected };
}

describe('FrameAccumulator', () => {
  for (const frameLength of [960, 480]) {
    it(`cuts 128-sample blocks into exact ${frameLength}-sample frames over thousands of blocks`, () => {
      const total = 5000 * 128; // Float32 counts exactly up to 2^24
      const result = run(frameLength, () => 128, total);
      expect(result.wrongSize).to.equal(0);
      expect(result.mismatches).to.equal(0);
      expect(result.frames).to.equal(Math.floor(total / frameLength));
      expect(result.emitted).to.equal(result.frames * frameLength);
    });
  }

  it('loses and duplicates nothing with random block sizes', () => {
    const random = createRandom(9);
    const result = run(960, () => Math.floor(random() * 1025), 2_000_000);
    expect(result.mismatches).to.equal(0);
    expect(result.frames).to.equal(Math.floor(2_000_000 / 960));
  });

  it('reuses one frame buffer, honours length, and discards a partial frame on reset()', () => {
    const accumulator = new FrameAccumulator(4);
    const seen: Float32Array[] = [];
    const copies: number[][] = [];
    const keep = (frame: Float32Array) => {
      seen.push(frame);
      copies.push(Array.from(frame));
    };
    accumulator.push(Float32Array.from([1, 2, 3, 99]), 3, keep);
    accumulator.reset();
    accumulator.push(Float32Array.from([5, 6, 7, 8, 9, 10, 11, 12]), 8, keep);
    expect(copies).to.deep.equal([[5, 6, 7, 8], [9, 10, 11, 12]]);
    expect(seen[0]).to.equal(seen[1]);
    expect(accumulator.frameLength).to.equal(4);
  });
});
