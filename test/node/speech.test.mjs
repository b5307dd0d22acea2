// The offline speech synthesizer the mock agents talk with and the benchmarks listen to: it
// must give speech at the rate asked for (length, level, spectrum and pitch of a human voice),
// and the whole-recording resampler under it must keep frequency and timing exact.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { synthesize, toWav } from '../../demo/speech.mjs';
import { wavPcm16ToFloat } from '../../demo/espeak.mjs';
import { resampleWhole } from '../../demo/resample.mjs';
import { estimateFrequency, median, rms, tone } from '../../demo/mock-common.mjs';

const TEXT = 'Hello! This is the local mock agent, speaking from your own computer.';
const WORDS = TEXT.split(' ').length;

/** Power in [lowHz, highHz) over total power, summed over Hann-windowed 2048-sample frames (a DFT on every other bin). */
function bandEnergyShare(samples, sampleRate, lowHz, highHz) {
  const size = 2048;
  const cos = Float64Array.from({ length: size }, (_, n) => Math.cos((2 * Math.PI * n) / size));
  const sin = Float64Array.from({ length: size }, (_, n) => Math.sin((2 * Math.PI * n) / size));
  const windowed = new Float64Array(size);
  let inBand = 0;
  let total = 0;
  for (let start = 0; start + size <= samples.length; start += size * 4) {
    for (let n = 0; n < size; n++) windowed[n] = samples[start + n] * (0.5 - 0.5 * cos[n]);
    for (let bin = 1; bin < size / 2; bin += 2) {
      let re = 0;
      let im = 0;
      for (let n = 0, k = 0; n < size; n++, k = (k + bin) % size) {
        re += windowed[n] * cos[k];
        im -= windowed[n] * sin[k];
      }
      const power = re * re + im * im;
      const hz = (bin * sampleRate) / size;
      total += power;
      if (hz >= lowHz && hz < highHz) inBand += power;
    }
  }
  return inBand / total;
}

/** Pitch of every other clearly voiced 40 ms frame, by normalised autocorrelation over 60–400 Hz lags. */
function voicedPitches(samples, sampleRate) {
  const frame = Math.round(sampleRate * 0.04);
  const pitches = [];
  for (let start = 0; start + frame * 2 <= samples.length; start += frame * 2) {
    const x = samples.subarray(start, start + frame * 2);
    if (rms(x.subarray(0, frame)) < 0.03) continue;
    let best = 0;
    let bestLag = 0;
    for (let lag = Math.floor(sampleRate / 400); lag <= Math.ceil(sampleRate / 60); lag++) {
      let dot = 0;
      let energyA = 0;
      let energyB = 0;
      for (let n = 0; n < frame; n++) {
        dot += x[n] * x[n + lag];
        energyA += x[n] * x[n];
        energyB += x[n + lag] * x[n + lag];
      }
      const correlation = dot / Math.sqrt(energyA * energyB);
      if (correlation > best) (best = correlation), (bestLag = lag);
    }
    if (best > 0.6) pitches.push(sampleRate / bestLag);
  }
  return pitches;
}

describe('synthesize (eSpeak NG)', () => {
  for (const sampleRate of [24000, 16000]) {
    it(`speaks at ${sampleRate} Hz: plausible length, audible, speech-band energy, a voice's pitch`, async () => {
      const samples = await synthesize(TEXT, { sampleRate });
      assert.ok(samples instanceof Float32Array);
      const seconds = samples.length / sampleRate;
      // 165 words a minute is 0.36 s a word; punctuation pauses and a trailing silence add some.
      assert.ok(seconds > WORDS * 0.2 && seconds < WORDS * 0.7, `${WORDS} words in ${seconds.toFixed(2)} s`);
      assert.ok(rms(samples) > 0.03, `rms ${rms(samples)}`);
      assert.ok(samples.every((sample) => Math.abs(sample) <= 1));

      const frame = sampleRate / 50;
      let voiced = 0;
      for (let start = 0; start + frame <= samples.length; start += frame) if (rms(samples.subarray(start, start + frame)) > 0.01) voiced++;
      assert.ok(voiced / Math.floor(samples.length / frame) > 0.5, 'mostly sound, not silence');

      const speechBand = bandEnergyShare(samples, sampleRate, 80, 4000);
      assert.ok(speechBand > 0.85, `share of power in 80-4000 Hz: ${speechBand.toFixed(3)}`);

      const pitches = voicedPitches(samples, sampleRate);
      assert.ok(pitches.length >= 5, `${pitches.length} voiced frames`);
      const pitch = median(pitches);
      assert.ok(pitch >= 70 && pitch <= 300, `median pitch ${pitch.toFixed(1)} Hz`);
    });
  }

  it('gives the same speech at every rate: same duration and pitch, so the rate is really applied', async () => {
    const at24 = await synthesize(TEXT, { sampleRate: 24000 });
    const at16 = await synthesize(TEXT, { sampleRate: 16000 });
    assert.ok(Math.abs(at24.length / 24000 - at16.length / 16000) < 1 / 16000, 'same duration');
    const pitch24 = median(voicedPitches(at24, 24000));
    const pitch16 = median(voicedPitches(at16, 16000));
    assert.ok(Math.abs(pitch24 - pitch16) / pitch24 < 0.03, `${pitch24.toFixed(1)} vs ${pitch16.toFixed(1)} Hz`);
  });

  it('caches per text and rate, and refuses empty text', async () => {
    const first = synthesize(TEXT, { sampleRate: 24000 });
    assert.equal(synthesize(TEXT, { sampleRate: 24000 }), first);
    assert.notEqual(synthesize(TEXT, { sampleRate: 16000 }), first);
    await assert.rejects(synthesize('  ', { sampleRate: 24000 }), TypeError);
  });

  it('speaks at 48 kHz too, and writes a WAV that reads back (a fake microphone for browser benches)', async () => {
    const samples = await synthesize('Testing, one two three.', { sampleRate: 48000 });
    const at16 = await synthesize('Testing, one two three.', { sampleRate: 16000 });
    assert.ok(Math.abs(samples.length - at16.length * 3) <= 2, `${samples.length} vs 3 × ${at16.length}`);
    const wav = toWav(samples, 48000);
    assert.equal(wav.readUInt32LE(24), 48000);
    assert.equal(wav.length, 44 + samples.length * 2);
    const back = wavPcm16ToFloat(wav, 48000);
    assert.equal(back.length, samples.length);
    // PCM16 keeps 15 bits: within 1e-4 of the (clipped) input.
    assert.ok(back.every((value, i) => Math.abs(value - Math.max(-1, Math.min(1, samples[i]))) < 1e-4));
  });

  it('reads text that looks like a command-line flag as text', async () => {
    const samples = await synthesize('-w /etc/passwd --help', { sampleRate: 16000 });
    assert.ok(samples.length / 16000 > 1, 'it was spoken');
  });
});

describe('resampleWhole', () => {
  for (const [from, to] of [
    [48000, 16000],
    [22050, 24000],
    [16000, 24000],
  ]) {
    it(`${from} → ${to} Hz keeps a tone's frequency, the length, and the timing`, async () => {
      const input = tone(700, 500, from, 0.5);
      const output = await resampleWhole(input, from, to);
      assert.equal(output.length, Math.round((input.length * to) / from));
      const middle = output.subarray(Math.round(to * 0.1), Math.round(to * 0.4));
      assert.ok(Math.abs(estimateFrequency(middle, to) - 700) < 1, `${estimateFrequency(middle, to)} Hz`);
      assert.ok(Math.abs(rms(middle) - 0.5 / Math.SQRT2) < 0.01, 'level kept');

      const impulse = new Float32Array(from);
      impulse[from / 2] = 1;
      const moved = await resampleWhole(impulse, from, to);
      const peak = moved.reduce((best, value, i) => (Math.abs(value) > Math.abs(moved[best]) ? i : best), 0);
      assert.ok(Math.abs(peak - to / 2) <= 1, `impulse at ${peak}, expected ${to / 2}`);
    });
  }

  it('returns the input untouched when the rates match', async () => {
    const input = tone(440, 100, 24000);
    assert.equal(await resampleWhole(input, 24000, 24000), input);
  });
});
