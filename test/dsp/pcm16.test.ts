import { expect } from '@open-wc/testing';
import {
  decodeBase64,
  encodeBase64,
  floatToPcm16,
  Pcm16ByteCarry,
  pcm16ToFloat,
} from '../../src/dsp/pcm16';
import { createRandom } from '../../src/dsp/tone';

function randomBytes(length: number, seed: number): Uint8Array {
  const random = createRandom(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random() * 256;
  return bytes;
}

describe('floatToPcm16 / pcm16ToFloat', () => {
  it('clamps to [-1, 1] with -1 → -32768 and +1 → 32767', () => {
    const input = Float32Array.from([2, -2, 1, -1, 0.5, -0.5, 0, NaN, 0.99999, -1.00001, 1 / 32768]);
    const output = new Int16Array(input.length);
    floatToPcm16(input, output);
    expect(Array.from(output)).to.deep.equal([32767, -32768, 32767, -32768, 16384, -16384, 0, 0, 32767, -32768, 1]);
  });

  it('converts only `length` samples', () => {
    const output = new Int16Array(3).fill(7);
    floatToPcm16(Float32Array.from([0.5, 0.5, 0.5]), output, 2);
    expect(Array.from(output)).to.deep.equal([16384, 16384, 7]);
  });

  it('round-trips every PCM16 value exactly', () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < all.length; i++) all[i] = i - 32768;
    const floats = new Float32Array(all.length);
    pcm16ToFloat(all, floats);
    expect(floats[0]).to.equal(-1);
    expect(Math.max(...floats.subarray(65530))).to.be.below(1);
    const back = new Int16Array(all.length);
    floatToPcm16(floats, back);
    expect(back).to.deep.equal(all);
  });

  it('round-trips floats within half a step', () => {
    const random = createRandom(5);
    const input = new Float32Array(10000).map(() => random() * 2 - 1);
    const pcm = new Int16Array(input.length);
    const output = new Float32Array(input.length);
    floatToPcm16(input, pcm);
    pcm16ToFloat(pcm, output);
    for (let i = 0; i < input.length; i++) expect(Math.abs(output[i] - input[i])).to.be.at.most(0.5 / 32768 + 1e-9);
  });
});

describe('base64', () => {
  it('round-trips 5 MB', () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 1, 11); // odd length: exercises padding
    const text = encodeBase64(bytes);
    expect(text.length).to.equal(Math.ceil(bytes.length / 3) * 4);
    expect(decodeBase64(text)).to.deep.equal(bytes);
  });

  it('matches btoa on every tail length', () => {
    for (let length = 0; length < 10; length++) {
      const bytes = randomBytes(length, length);
      const expected = btoa(String.fromCharCode(...bytes));
      expect(encodeBase64(bytes)).to.equal(expected);
      expect(decodeBase64(expected)).to.deep.equal(bytes);
    }
  });

  it('accepts missing padding and whitespace', () => {
    expect(Array.from(decodeBase64('QUJD')!)).to.deep.equal([65, 66, 67]);
    expect(Array.from(decodeBase64('QQ')!)).to.deep.equal([65]);
    expect(Array.from(decodeBase64('QUI=')!)).to.deep.equal([65, 66]);
    expect(Array.from(decodeBase64(' QU\nJD ')!)).to.deep.equal([65, 66, 67]);
    expect(decodeBase64('')!.length).to.equal(0);
  });

  it('returns null for invalid base64 and never throws', () => {
    for (const invalid of ['abc$', 'A', 'QUJDR', 'ab=c', '=', 'QQ===', 'QUJD=', 'QQ=A', '€€€€', 'QU-_']) {
      expect(decodeBase64(invalid), JSON.stringify(invalid)).to.equal(null);
    }
    expect(decodeBase64(undefined as unknown as string)).to.equal(null);
  });
});

describe('Pcm16ByteCarry', () => {
  it('reconstructs little-endian samples exactly from odd-sized chunks', () => {
    const random = createRandom(3);
    const samples = new Int16Array(20000).map(() => Math.floor(random() * 65536) - 32768);
    samples[0] = -32768;
    samples[1] = 32767;
    const bytes = new Uint8Array(samples.buffer);
    const carry = new Pcm16ByteCarry();
    const rebuilt: number[] = [];
    for (let offset = 0; offset < bytes.length; ) {
      const size = Math.min(Math.floor(random() * 8), bytes.length - offset); // 0..7 bytes
      const out = carry.push(bytes.subarray(offset, offset + size));
      for (const value of out) rebuilt.push(value);
      offset += size;
      expect(carry.pendingBytes).to.equal(offset % 2);
    }
    expect(Int16Array.from(rebuilt)).to.deep.equal(samples);
  });

  it('keeps the odd byte until the next chunk and forgets it on reset()', () => {
    const carry = new Pcm16ByteCarry();
    expect(carry.push(Uint8Array.from([0x34])).length).to.equal(0);
    expect(carry.pendingBytes).to.equal(1);
    expect(Array.from(carry.push(Uint8Array.from([0x12, 0xff])))).to.deep.equal([0x1234]);
    expect(carry.pendingBytes).to.equal(1);
    carry.reset();
    expect(carry.pendingBytes).to.equal(0);
    expect(Array.from(carry.push(Uint8Array.from([0x00, 0x80])))).to.deep.equal([-32768]);
  });
});
