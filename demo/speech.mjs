// Offline speech for the mock agents and the benchmarks: eSpeak NG (WebAssembly, the
// `espeak-ng` devDependency) resampled by the product's own resampler to the rate a provider
// speaks at. It runs in a worker thread, so a mock server keeps answering frames on time while
// a line is being synthesised. Nothing here ships with the widget.
//
//   import { synthesize } from '../demo/speech.mjs';
//   const samples = await synthesize('Hello there.', { sampleRate: 24000 }); // Float32Array, mono
import { Worker } from 'node:worker_threads';

/** Synthesised audio per voice, speed, rate and text: the mocks say the same few lines again and again. */
const cache = new Map();
/** @type {Map<number, { resolve: (samples: Float32Array) => void, reject: (error: Error) => void }>} */
const pending = new Map();
let worker;
let nextId = 0;

/**
 * Speaks `text` and returns mono float samples at `sampleRate`. Results are cached; the same
 * call returns the same promise (do not write to the array).
 *
 * @param {string} text plain text (never read as command-line flags)
 * @param {object} [options]
 * @param {number} [options.sampleRate] output rate, Hz (Lyzr 24000, Anunzi 16000)
 * @param {string} [options.voice] an eSpeak NG voice name
 * @param {number} [options.wordsPerMinute] speaking speed
 * @returns {Promise<Float32Array>}
 */
export function synthesize(text, { sampleRate = 24000, voice = 'en-us', wordsPerMinute = 165 } = {}) {
  if (typeof text !== 'string' || !text.trim()) return Promise.reject(new TypeError('synthesize needs some text'));
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) return Promise.reject(new RangeError(`bad sampleRate ${sampleRate}`));
  const key = JSON.stringify([voice, wordsPerMinute, sampleRate, text]);
  let samples = cache.get(key);
  if (!samples) {
    samples = inWorker({ text, sampleRate, voice, wordsPerMinute });
    samples.catch(() => cache.delete(key));
    cache.set(key, samples);
  }
  return samples;
}

function inWorker(job) {
  if (!worker) {
    worker = new Worker(new URL('./speech-worker.mjs', import.meta.url));
    worker.on('message', ({ id, samples, error }) => {
      const job = pending.get(id);
      pending.delete(id);
      if (!pending.size) worker?.unref(); // idle: never keeps a process alive
      if (error) job?.reject(new Error(error));
      else job?.resolve(samples);
    });
    const fail = (error) => {
      worker = undefined;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`speech worker exited (${code})`)));
  }
  worker.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...job });
  });
}

export { toWav } from './wav.mjs';
