// eSpeak NG compiled to WebAssembly (the `espeak-ng` devDependency): text in, 22 050 Hz mono
// samples out. CPU-heavy and synchronous while it speaks: demo/speech.mjs runs it in a worker
// thread so the mock servers' event loop never stalls.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ESpeakNg from 'espeak-ng';

/** eSpeak NG writes 16-bit mono WAV at this rate. */
export const ESPEAK_RATE = 22050;

let compiled;

/** The 18 MB module, compiled once per thread (each utterance needs a fresh instance: its main runs once). */
function compiledModule() {
  compiled ??= readFile(createRequire(import.meta.url).resolve('espeak-ng/dist/espeak-ng.wasm')).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/**
 * Speaks `text` (read from a file inside the module, never parsed as command-line flags).
 * @returns {Promise<Float32Array>} mono samples at ESPEAK_RATE
 */
export async function speakAt22050(text, { voice = 'en-us', wordsPerMinute = 165 } = {}) {
  const module = await compiledModule();
  const errors = [];
  const espeak = await ESpeakNg({
    arguments: ['-v', voice, '-s', String(wordsPerMinute), '-f', '/text.txt', '-w', '/speech.wav'],
    preRun: [(instance) => instance.FS.writeFile('/text.txt', text)],
    instantiateWasm: (imports, receiveInstance) => {
      WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module));
      return {};
    },
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

/** The samples of a 16-bit mono PCM WAV file at `expectedRate` (walks the chunks to find `data`). */
export function wavPcm16ToFloat(bytes, expectedRate = ESPEAK_RATE) {
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
      if (!format || format.channels !== 1 || format.bits !== 16 || format.rate !== expectedRate) {
        throw new Error(`expected 16-bit mono ${expectedRate} Hz WAV, got ${JSON.stringify(format)}`);
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
