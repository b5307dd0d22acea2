// Offline speech for the mock agents and the benchmarks: eSpeak NG compiled to WebAssembly (the
// `espeak-ng` devDependency), resampled by the product's own resampler to the rate a provider
// speaks at. Nothing here ships with the widget.
//
//   import { synthesize } from '../demo/speech.mjs';
//   const samples = await synthesize('Hello there.', { sampleRate: 24000 }); // Float32Array, mono
import ESpeakNg from 'espeak-ng';
import { resampleWhole } from './resample.mjs';

/** eSpeak NG writes 16-bit mono WAV at this rate. */
export const ESPEAK_RATE = 22050;

/** Synthesised audio per voice, speed, rate and text: the mocks say the same few lines again and again. */
const cache = new Map();

/**
 * Speaks `text` with eSpeak NG and returns mono float samples at `sampleRate`.
 * Results are cached; the same call returns the same Float32Array (do not write to it).
 *
 * @param {string} text plain text (read from a file inside the WebAssembly module, never as a command-line flag)
 * @param {object} [options]
 * @param {number} [options.sampleRate] output rate, Hz (Lyzr 24000, Anunzi 16000)
 * @param {string} [options.voice] an eSpeak NG voice name
 * @param {number} [options.wordsPerMinute] speaking speed
 * @returns {Promise<Float32Array>}
 */
export function synthesize(text, { sampleRate = 24000, voice = 'en-us', wordsPerMinute = 165 } = {}) {
  if (typeof text !== 'string' || !text.trim()) return Promise.reject(new TypeError('synthesize needs some text'));
  const key = JSON.stringify([voice, wordsPerMinute, sampleRate, text]);
  let samples = cache.get(key);
  if (!samples) {
    samples = speakAt22050(text, voice, wordsPerMinute).then((speech) => resampleWhole(speech, ESPEAK_RATE, sampleRate));
    samples.catch(() => cache.delete(key));
    cache.set(key, samples);
  }
  return samples;
}

/** One eSpeak NG run (a fresh module instance: its command-line main runs once). */
async function speakAt22050(text, voice, wordsPerMinute) {
  const errors = [];
  const espeak = await ESpeakNg({
    arguments: ['-v', voice, '-s', String(wordsPerMinute), '-f', '/text.txt', '-w', '/speech.wav'],
    preRun: [(module) => module.FS.writeFile('/text.txt', text)],
    print: () => {},
    printErr: (line) => errors.push(line),
  });
  let wav;
  try {
    wav = espeak.FS.readFile('/speech.wav');
  } catch {
    throw new Error(`eSpeak NG wrote no audio${errors.length ? `: ${errors.join(' ')}` : ''}`);
  }
  return wavPcm16ToFloat(wav);
}

/** The samples of a 16-bit mono PCM WAV file (walks the chunks to find `data`). */
export function wavPcm16ToFloat(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let format;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (tag(offset) === 'fmt ') {
      format = { channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (tag(offset) === 'data') {
      if (!format || format.channels !== 1 || format.bits !== 16 || format.rate !== ESPEAK_RATE) {
        throw new Error(`expected 16-bit mono ${ESPEAK_RATE} Hz WAV, got ${JSON.stringify(format)}`);
      }
      // A streaming writer may leave the size at its maximum: clamp to what is there.
      const length = Math.floor(Math.min(size, bytes.length - body) / 2);
      const samples = new Float32Array(length);
      for (let i = 0; i < length; i++) samples[i] = view.getInt16(body + 2 * i, true) / 0x8000;
      return samples;
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}
