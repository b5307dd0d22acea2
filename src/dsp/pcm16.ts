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

/** Bytes turned into a string per String.fromCharCode call. */
const ENCODE_CHUNK_BYTES = 8192;

/**
 * Standard base64 (RFC 4648 §4, padded) of `bytes`; linear time and stack-safe on large input.
 * btoa/atob are native everywhere; the newer Uint8Array.toBase64 is not, and a 20 ms frame is
 * too small for the difference to matter, so there is one code path.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  // Bounded argument count keeps apply() far below engine stack limits (the vendor sample's
  // String.fromCharCode(...bytes) throws on large frames).
  for (let start = 0; start < bytes.length; start += ENCODE_CHUNK_BYTES) {
    pieces.push(String.fromCharCode.apply(null, bytes.subarray(start, start + ENCODE_CHUNK_BYTES) as unknown as number[]));
  }
  return btoa(pieces.join(''));
}

/**
 * Decodes standard base64. ASCII whitespace is ignored and padding is optional (atob's
 * forgiving-base64); returns null for anything else invalid. Never throws.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
