import { expect } from '@open-wc/testing';
import { SpliceSmoother } from '../../src/dsp/splice-smoother';
import { makeSpeechLike } from '../../src/dsp/tone';
import { largestBend, vowel } from './voiced-signal';

const RATE = 24000;
const MS = RATE / 1000;
const CHUNK = 20 * MS;

/** What a store would hold after joining `chunks` one after another: each chunk's head as the smoother rewrote it, then the rest. */
function stored(smoother: SpliceSmoother, chunks: Float32Array[]): Float32Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const chunk of chunks) {
    const rewritten = smoother.join(chunk, chunk.length, 1);
    out.set(chunk, at);
    out.set(smoother.head.subarray(0, rewritten), at);
    at += chunk.length;
  }
  return out;
}

/** `signal` cut into chunks of `size`, leaving out the chunks whose index is in `lost`. */
function chunked(signal: Float32Array, size: number, lost: number[] = []): Float32Array[] {
  const chunks: Float32Array[] = [];
  for (let start = 0, index = 0; start < signal.length; start += size, index++) {
    if (!lost.includes(index)) chunks.push(signal.slice(start, start + size));
  }
  return chunks;
}

function concatenated(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A 330 Hz tone: 6.6 periods per 20 ms chunk, so a lost chunk leaves a jump in phase. */
function tone(length: number): Float32Array {
  const signal = new Float32Array(length);
  for (let i = 0; i < length; i++) signal[i] = 0.5 * Math.sin((2 * Math.PI * 330 * i) / RATE);
  return signal;
}

describe('SpliceSmoother', () => {
  it('cross-fades a spliced tone: the join bends no more than the tone itself', () => {
    const signal = tone(400 * MS);
    const chunks = chunked(signal, CHUNK, [8]);
    const smoother = new SpliceSmoother(RATE);
    const out = stored(smoother, chunks);
    const join = 8 * CHUNK;
    const own = largestBend(signal);
    // The raw splice (what was stored before) steps far beyond the tone's own curvature.
    expect(largestBend(concatenated(chunks), join - 2, join + 2)).to.be.above(20 * own);
    expect(smoother.splices).to.equal(1);
    expect(largestBend(out)).to.be.below(1.5 * own);
    // Only the merge at the join was rewritten.
    const merge = 5 * MS;
    expect(Array.from(out.subarray(0, join))).to.deep.equal(Array.from(signal.subarray(0, join)));
    expect(Array.from(out.subarray(join + merge))).to.deep.equal(Array.from(signal.subarray(join + CHUNK + merge)));
  });

  it('cross-fades spliced speech-like audio wherever a lost chunk leaves a step', () => {
    const signal = makeSpeechLike(RATE, 6, 3);
    const lost = [17, 41, 90, 133, 201, 260];
    const chunks = chunked(signal, CHUNK, lost);
    const raw = concatenated(chunks);
    const smoother = new SpliceSmoother(RATE);
    const out = stored(smoother, chunks);
    const own = largestBend(signal);
    let steps = 0;
    lost.forEach((index, order) => {
      const join = (index - order) * CHUNK;
      if (largestBend(raw, join - 2, join + 2) > 2 * own) steps++;
      expect(largestBend(out, join - 2, join + 5 * MS), `join ${index}`).to.be.below(1.5 * own);
    });
    expect(steps, 'splices that step in the raw stream').to.be.at.least(3);
    expect(smoother.splices).to.be.at.least(steps).and.at.most(lost.length);
  });

  it('leaves clean joins bit-exact: speech-like audio, a vowel, any chunk size, PCM16 too', () => {
    for (const [signal, size] of [
      [makeSpeechLike(RATE, 8, 5), CHUNK],
      [makeSpeechLike(RATE, 8, 6), 7 * MS + 3],
      [vowel(RATE, 210, 2 * RATE), CHUNK],
    ] as const) {
      const smoother = new SpliceSmoother(RATE);
      const out = stored(smoother, chunked(signal, size));
      expect(smoother.splices).to.equal(0);
      expect(Array.from(out)).to.deep.equal(Array.from(signal));
    }
    const pcm = Int16Array.from(makeSpeechLike(RATE, 4, 7), (s) => Math.round(s * 32767));
    const smoother = new SpliceSmoother(RATE);
    for (let start = 0; start < pcm.length; start += CHUNK) {
      const chunk = pcm.subarray(start, start + CHUNK);
      expect(smoother.join(chunk, chunk.length, 1 / 32768)).to.equal(0);
    }
  });

  it('joins nothing across forget() (a new turn starts as it is)', () => {
    const signal = tone(200 * MS);
    const chunks = chunked(signal, CHUNK, [4]);
    const smoother = new SpliceSmoother(RATE);
    for (const chunk of chunks.slice(0, 4)) smoother.join(chunk, chunk.length, 1);
    smoother.forget();
    expect(smoother.join(chunks[4], chunks[4].length, 1)).to.equal(0);
    expect(smoother.splices).to.equal(0);
  });
});
