// Mono 16-bit RIFF/WAVE files from float samples: fake-microphone files for tests, the bench
// and the speech demo. Generated when needed, so no binary is committed.

/**
 * 16-bit mono PCM WAV bytes of `samples`, e.g. speech for Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture`). Write it to a temporary file; never commit one.
 * @param {Float32Array} samples
 * @param {number} sampleRate
 * @returns {Buffer}
 */
export function toWav(samples, sampleRate) {
  const wav = Buffer.alloc(44 + samples.length * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples.length * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    wav.writeInt16LE(Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), 44 + i * 2);
  }
  return wav;
}
