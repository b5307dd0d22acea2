// Signals of the echo bench: the agent's speech (espeak-ng when installed, else a speech-like
// substitute), notched at the visitor's frequency so the 440 Hz band of the uplink carries
// only the visitor; the visitor's 440 Hz "syllables"; WAV writing; band power by Goertzel.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VISITOR_HZ = 440;

const SENTENCES = [
  'Thanks for calling. I can help you book a table, change a reservation, or answer questions about the menu.',
  'Our kitchen is open from noon until ten in the evening, every day except Monday.',
  'Would you like me to send the confirmation to the email address on your account?',
];

/** Mono float samples of espeak-ng speech at `rate`, or null when espeak-ng is absent. */
function espeak(rate) {
  const dir = mkdtempSync(join(tmpdir(), 'voice-agent-echo-speech-'));
  try {
    const file = join(dir, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', file, SENTENCES.join(' ')], { stdio: 'ignore' });
    const { samples, sampleRate } = readWav(readFileSync(file));
    return resampleLinear(samples, sampleRate, rate);
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Coloured noise with voiced harmonics and a syllable envelope: when espeak-ng is absent. */
function speechSubstitute(rate, seconds) {
  const out = new Float32Array(Math.round(rate * seconds));
  let seed = 3;
  let coloured = 0;
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    seed = (seed * 1103515245 + 12345) >>> 0;
    coloured = 0.6 * coloured + 0.4 * ((seed / 4294967296) * 2 - 1);
    const pitch = 120 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
    phase += (2 * Math.PI * pitch) / rate;
    let voiced = 0;
    for (let h = 1; h <= 12; h++) voiced += Math.sin(h * phase) / h;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) ** 0.5 * (t % 4 < 3.4 ? 1 : 0);
    out[i] = 0.25 * syllable * (0.5 * voiced + coloured);
  }
  return out;
}

/** The agent's voice at `rate`, peak-normalised to `peak`, with no energy near VISITOR_HZ. */
export function agentSpeech(rate, { peak = 0.7 } = {}) {
  const speech = espeak(rate);
  const source = speech ?? speechSubstitute(rate, 14);
  const notched = notch(notch(notch(source, rate, VISITOR_HZ, 3), rate, VISITOR_HZ - 15, 4), rate, VISITOR_HZ + 15, 4);
  let max = 0;
  for (const sample of notched) max = Math.max(max, Math.abs(sample));
  for (let i = 0; i < notched.length; i++) notched[i] *= peak / max;
  return { samples: notched, kind: speech ? 'espeak-ng speech' : 'speech-like substitute (espeak-ng absent)' };
}

/** The visitor: 440 Hz syllables (220 ms on, 130 ms off, soft edges) for `seconds`. */
export function visitorSyllables(rate, seconds, amplitude) {
  const out = new Float32Array(Math.round(rate * seconds));
  const period = 0.35;
  const on = 0.22;
  const edge = 0.01;
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    const inSyllable = t % period;
    if (inSyllable >= on) continue;
    const envelope = Math.min(1, inSyllable / edge, (on - inSyllable) / edge);
    out[i] = amplitude * envelope * Math.sin(2 * Math.PI * VISITOR_HZ * t);
  }
  return out;
}

/** Biquad notch (RBJ cookbook), forward only. */
function notch(input, rate, frequency, q) {
  const w = (2 * Math.PI * frequency) / rate;
  const alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  const b0 = 1 / a0;
  const b1 = (-2 * Math.cos(w)) / a0;
  const b2 = 1 / a0;
  const a1 = (-2 * Math.cos(w)) / a0;
  const a2 = (1 - alpha) / a0;
  const out = new Float32Array(input.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < input.length; i++) {
    const x = input[i];
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    out[i] = y;
    x2 = x1; x1 = x; y2 = y1; y1 = y;
  }
  return out;
}

export function resampleLinear(samples, from, to) {
  if (from === to) return Float32Array.from(samples);
  const out = new Float32Array(Math.floor((samples.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const position = (i * from) / to;
    const index = Math.floor(position);
    const fraction = position - index;
    out[i] = (samples[index] ?? 0) * (1 - fraction) + (samples[index + 1] ?? 0) * fraction;
  }
  return out;
}

export function readWav(buffer) {
  let offset = 12;
  let sampleRate = 0;
  let channels = 1;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = buffer.readUInt16LE(offset + 10);
      sampleRate = buffer.readUInt32LE(offset + 12);
    } else if (id === 'data') {
      // espeak-ng writes a streaming header (size 0 or 0x7fffffff): take what is there.
      const end = size && offset + 8 + size <= buffer.length ? offset + 8 + size : buffer.length;
      const count = Math.floor((end - offset - 8) / 2 / channels);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = buffer.readInt16LE(offset + 8 + i * 2 * channels) / 32768;
      return { samples, sampleRate };
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error('no data chunk in WAV');
}

export function wavOf(samples, rate) {
  const wav = Buffer.alloc(44 + samples.length * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples.length * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) wav.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767))), 44 + i * 2);
  return wav;
}

export function pcm16Of(samples) {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767)));
  return pcm;
}

/** Mean power of `samples[from..to)`. */
export function power(samples, from = 0, to = samples.length) {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return to > from ? sum / (to - from) : 0;
}

/**
 * Power at `frequency` in `samples[from..to)`: Hann-windowed Goertzel over 100 ms blocks,
 * as the mean power of a sine of that amplitude (a full-scale sine reads 0.5).
 */
export function bandPower(samples, rate, frequency, from = 0, to = samples.length) {
  const block = Math.round(rate / 10);
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let total = 0;
  let blocks = 0;
  for (let start = from; start + block <= to; start += block) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < block; i++) {
      const window = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (block - 1));
      const s = samples[start + i] * window + coefficient * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    const magnitude2 = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    // Hann window coherent gain 0.5: amplitude = 2|X| / (0.5 N).
    const amplitude = (2 * Math.sqrt(magnitude2)) / (0.5 * block);
    total += (amplitude * amplitude) / 2;
    blocks++;
  }
  return blocks ? total / blocks : 0;
}

export const db = (ratio) => 10 * Math.log10(ratio);
