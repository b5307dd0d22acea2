/** PCM16 (little-endian, mono) ↔ float conversion and base64 transport helpers. */

/**
 * Converts float samples to PCM16, clamping to [-1, 1]: -1 → -32768, +1 → 32767 (NaN → 0).
 * One scale (32768) for both signs keeps the mapping linear, so pcm16ToFloat round-trips exactly.
 */
export function floatToPcm16(input: Float32Array, output: Int16Array, length: number = input.length): void {
  for (let i = 0; i < length; i++) {
    const scaled = Math.round(input[i] * 32768);
    // Clamp after rounding (0.99999 rounds to 32768); NaN fails both tests and stores as 0.
    output[i] = scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
  }
}

/** Converts PCM16 to float samples in [-1, 1) (value / 32768). */
export function pcm16ToFloat(input: Int16Array, output: Float32Array, length: number = input.length): void {
  for (let i = 0; i < length; i++) output[i] = input[i] / 32768;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** 6-bit value → char code. */
const ENCODE_TABLE = /* @__PURE__ */ Uint8Array.from(BASE64_ALPHABET, (char) => char.charCodeAt(0));
/** Char code → 6-bit value; -1 for characters outside the alphabet. */
const DECODE_TABLE = /* @__PURE__ */ makeDecodeTable();
function makeDecodeTable(): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[BASE64_ALPHABET.charCodeAt(i)] = i;
  return table;
}
const PAD = 61; // '='
/** Bytes per encoded piece: a multiple of 3 so only the final piece needs padding. */
const ENCODE_CHUNK_BYTES = 3 * 8192;

/** Native base64 (TC39 proposal, shipped in recent engines); typed here because lib.d.ts lags. */
interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeBase64Constructor {
  fromBase64?: (text: string) => Uint8Array;
}

/** Standard base64 (RFC 4648 §4, padded) of `bytes`; linear time and stack-safe on large input. */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as NativeBase64).toBase64;
  return typeof native === 'function' ? native.call(bytes) : encodeBase64Portable(bytes);
}

/** Portable encoder behind encodeBase64 (exported so tests cover it where the native one exists). */
export function encodeBase64Portable(bytes: Uint8Array): string {
  const length = bytes.length;
  const codes = new Uint16Array((ENCODE_CHUNK_BYTES / 3) * 4);
  const pieces: string[] = [];
  for (let start = 0; start < length; start += ENCODE_CHUNK_BYTES) {
    const end = Math.min(start + ENCODE_CHUNK_BYTES, length);
    let o = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const triple = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      codes[o++] = ENCODE_TABLE[triple >> 18];
      codes[o++] = ENCODE_TABLE[(triple >> 12) & 63];
      codes[o++] = ENCODE_TABLE[(triple >> 6) & 63];
      codes[o++] = ENCODE_TABLE[triple & 63];
    }
    if (i < end) {
      const second = i + 1 < end ? bytes[i + 1] : 0;
      const pair = (bytes[i] << 16) | (second << 8);
      codes[o++] = ENCODE_TABLE[pair >> 18];
      codes[o++] = ENCODE_TABLE[(pair >> 12) & 63];
      codes[o++] = i + 1 < end ? ENCODE_TABLE[(pair >> 6) & 63] : PAD;
      codes[o++] = PAD;
    }
    // Bounded argument count (≤ 32 768) keeps apply() far below engine stack limits.
    pieces.push(String.fromCharCode.apply(null, codes.subarray(0, o) as unknown as number[]));
  }
  return pieces.join('');
}

/**
 * Decodes standard base64. ASCII whitespace is ignored and padding is optional (as with the
 * native decoder's defaults); returns null for anything else invalid. Never throws.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const native = (Uint8Array as NativeBase64Constructor).fromBase64;
  if (typeof native === 'function') {
    try {
      return native(text);
    } catch {
      return null;
    }
  }
  return decodeBase64Portable(text);
}

/** Portable decoder behind decodeBase64 (exported so tests cover it where the native one exists). */
export function decodeBase64Portable(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const output = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let written = 0;
  let bits = 0;
  let bitCount = 0;
  let dataChars = 0;
  let padChars = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 12 || code === 13) continue;
    if (code === PAD) {
      if (++padChars > 2) return null;
      continue;
    }
    const value = code < 128 ? DECODE_TABLE[code] : -1;
    if (value < 0 || padChars > 0) return null; // foreign character, or data after padding
    dataChars++;
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      output[written++] = (bits >> bitCount) & 0xff;
    }
  }
  const remainder = dataChars % 4;
  if (remainder === 1) return null; // 6 stray bits cannot encode a byte
  if (padChars > 0 && (remainder === 0 || remainder + padChars !== 4)) return null;
  return output.slice(0, written);
}

/** Re-assembles PCM16 from byte chunks of any length, keeping an odd trailing byte for the next chunk. */
export class Pcm16ByteCarry {
  #carry = 0;
  #hasCarry = false;

  /** Bytes held back for the next push (0 or 1). */
  get pendingBytes(): number {
    return this.#hasCarry ? 1 : 0;
  }

  /** Returns the complete little-endian samples now available (a new array; may be empty). */
  push(bytes: Uint8Array): Int16Array {
    const total = bytes.length + this.pendingBytes;
    const samples = new Int16Array(total >> 1);
    let i = 0;
    let o = 0;
    if (this.#hasCarry && samples.length > 0) {
      samples[o++] = this.#carry | (bytes[i++] << 8); // Int16Array storage wraps to signed
      this.#hasCarry = false;
    }
    for (; o < samples.length; o++, i += 2) samples[o] = bytes[i] | (bytes[i + 1] << 8);
    if (i < bytes.length) {
      this.#carry = bytes[i];
      this.#hasCarry = true;
    }
    return samples;
  }

  /** Drops a held-back byte (e.g. at the end of a call). */
  reset(): void {
    this.#hasCarry = false;
    this.#carry = 0;
  }
}
