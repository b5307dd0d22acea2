// The real path: Chromium's fake mic (a generated 440 Hz WAV) → getUserMedia → capture
// worklet → PCM16 frames on the main thread.
import { expect } from '@open-wc/testing';
import { AudioEngine } from '../../src/audio/audio-engine';
import { FAKE_MIC_HZ } from '../helpers/fake-mic';
import { estimateFrequency, median, pcm16ToFloats, rms } from '../helpers/signal';

/** Frames loud enough to carry the fake mic's tone (its pauses and a device's start are silent). */
const MIN_VOICED_FRAMES = 21;
const isVoiced = (frame: Int16Array) => rms(pcm16ToFloats(frame)) > 0.1;

/**
 * Captures until `seconds` of audio have arrived as frames, with enough of them voiced when
 * `voiced` is asked (or 15 s pass): counts, not a wall clock, since a loaded machine's fake
 * device can take a second or more to start delivering, and may start inside a pause.
 */
async function captureFrames(targetRate: number, frameMs: number, seconds: number, { voiced = false, echoCancel = false, agentTone = false } = {}) {
  const frames: Int16Array[] = [];
  const engine = new AudioEngine({ onCaptureFrame: (pcm) => frames.push(pcm.slice()) });
  await engine.start({ capture: { targetRate, frameMs, echoGate: false, echoCancel }, playback: { sourceRate: 24000 } });
  // The agent talking (a loud 300 Hz tone): it reaches the canceller's reference input, not the fake mic.
  if (agentTone) engine.play(Int16Array.from({ length: 24000 * 8 }, (_, i) => Math.round(20000 * Math.sin((2 * Math.PI * 300 * i) / 24000))));
  const wanted = Math.round((seconds * 1000) / frameMs);
  const enough = () => frames.length >= wanted && (!voiced || frames.filter(isVoiced).length >= MIN_VOICED_FRAMES);
  for (const deadline = performance.now() + 15000; !enough() && performance.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const contextRate = engine.sampleRate;
  await engine.close();
  return { frames, contextRate };
}

function voicedToneHz(frames: Int16Array[], rate: number): number {
  const voiced = frames.filter(isVoiced);
  expect(voiced.length, 'voiced frames').to.be.at.least(MIN_VOICED_FRAMES);
  return median(voiced.map((frame) => estimateFrequency(pcm16ToFloats(frame), rate)));
}

for (const targetRate of [24000, 48000]) {
  describe(`capture worklet → ${targetRate} Hz`, () => {
    it('yields exact 20 ms frames carrying the mic tone', async () => {
      const { frames, contextRate } = await captureFrames(targetRate, 20, 3, { voiced: true });
      expect(contextRate, 'context runs at the device rate, not forced').to.be.oneOf([44100, 48000]);
      const expectedLength = (targetRate * 20) / 1000;
      expect(frames.length).to.be.greaterThan(100);
      expect(frames.every((frame) => frame.length === expectedLength), 'every frame is 20 ms').to.equal(true);
      expect(voicedToneHz(frames, targetRate)).to.be.closeTo(FAKE_MIC_HZ, 5);
    });
  });
}

describe('capture worklet with the echo canceller (echoCancel)', () => {
  it('leaves a mic that carries no echo of the agent untouched while the agent plays', async () => {
    const { frames } = await captureFrames(48000, 20, 3, { voiced: true, echoCancel: true, agentTone: true });
    expect(frames.every((frame) => frame.length === 960), 'every frame is 20 ms').to.equal(true);
    expect(voicedToneHz(frames, 48000), 'the mic tone, not the agent').to.be.closeTo(FAKE_MIC_HZ, 5);
  });
});

describe('capture worklet frame length', () => {
  it('honours a 100 ms frame setting', async () => {
    const { frames } = await captureFrames(24000, 100, 1.5);
    expect(frames.length).to.be.greaterThan(5);
    expect(frames.every((frame) => frame.length === 2400)).to.equal(true);
  });

  it('sends zero frames of the same size while muted (the keepalive a provider needs)', async () => {
    const frames: Int16Array[] = [];
    const engine = new AudioEngine({ onCaptureFrame: (pcm) => frames.push(pcm.slice()) });
    await engine.start({ capture: { targetRate: 24000, frameMs: 20, echoGate: false }, playback: { sourceRate: 24000 } });
    engine.setMuted(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    frames.length = 0;
    // A count, not a wall-clock window: a loaded machine can stall the fake device for a second.
    for (const deadline = performance.now() + 15000; frames.length < 50 && performance.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await engine.close();
    expect(frames.length, 'frames keep coming while muted').to.be.at.least(50);
    expect(frames.every((frame) => frame.length === 480), 'each one 20 ms').to.equal(true);
    expect(frames.every((frame) => frame.every((sample) => sample === 0)), 'all silent').to.equal(true);
  });
});
