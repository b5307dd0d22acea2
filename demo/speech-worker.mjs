// The thread demo/speech.mjs speaks in: eSpeak NG, then the product's resampler, one job at a
// time; the samples go back as a transferred buffer.
import { parentPort } from 'node:worker_threads';
import { ESPEAK_RATE, speakAt22050 } from './espeak.mjs';
import { resampleWhole } from './resample.mjs';

parentPort.on('message', async ({ id, text, sampleRate, voice, wordsPerMinute }) => {
  try {
    const speech = await speakAt22050(text, { voice, wordsPerMinute });
    const samples = await resampleWhole(speech, ESPEAK_RATE, sampleRate);
    parentPort.postMessage({ id, samples }, [samples.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
