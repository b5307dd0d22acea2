// The real path: Chromium's fake mic (a generated 440 Hz WAV) → getUserMedia → capture
// worklet → PCM16 frames on the main thread.
import { expect } from '@open-wc/testing';
import { AudioEngine } from '../../src/audio/audio-engine';
import { FAKE_MIC_HZ } from '../helpers/fake-mic';
import { estimateFrequency, median, pcm16ToFloats, rms } from '../helpers/signal';

/**
 * Captures until `seconds` of audio have arrived as frames (or 15 s pass): a count, not a wall
 * clock, since a loaded machine's fake device can take a second or more to start delivering.
 */
async function captureFrames(targetRate: number, frameMs: number, seconds: number) {
  const frames: Int16Array[] = [];
  const engine = new AudioEngine({ onCaptureFrame: (pcm) => frames.push(pcm.slice()) });
  await engine.start({ capture: { targetRate, frameMs, echoGate: false }, playback: { sourceRate: 24000 } });
  const wanted = Math.round((seconds * 1000) / frameMs);
  for (const deadline = performance.now() + 15000; frames.length < wanted && performance.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const contextRate = engine.sampleRate;
  await engine.close();
  return { frames, contextRate };
}

function voicedToneHz(frames: Int16Array[], rate: number): number {
  const voiced = frames.map(pcm16ToFloats).filter((frame) => rms(frame) > 0.1);
  expect(voiced.length, 'voiced frames').to.be.greaterThan(20);
  return median(voiced.map((frame) => estimateFrequency(frame, rate)));
}

for (const targetRate of [24000, 48000]) {
  describe(`capture worklet → ${targetRate} Hz`, () => {
    it('yields exact 20 ms frames carrying the mic tone', async () => {
      const { frames, contextRate } = await captureFrames(targetRate, 20, 3);
      expect(contextRate, 'context runs at the device rate, not forced').to.be.oneOf([44100, 48000]);
      const expectedLength = (targetRate * 20) / 1000;
      expect(frames.length).to.be.greaterThan(100);
      expect(frames.every((frame) => frame.length === expectedLength), 'every frame is 20 ms').to.equal(true);
      expect(voicedToneHz(frames, targetRate)).to.be.closeTo(FAKE_MIC_HZ, 5);
    });
  });
}

describe('capture worklet frame length', () => {
  it('honours a 100 ms frame setting', async () => {
    const { frames } = await captureFrames(24000, 100, 1.5);
    expect(frames.length).to.be.greaterThan(5);
    expect(frames.every((frame) => frame.length === 2400)).to.equal(true);
  });

  it('sends zeros while muted, at the same pace', async () => {
    const frames: Int16Array[] = [];
    const engine = new AudioEngine({ onCaptureFrame: (pcm) => frames.push(pcm.slice()) });
    await engine.start({ capture: { targetRate: 24000, frameMs: 20, echoGate: false }, playback: { sourceRate: 24000 } });
    engine.setMuted(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    frames.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await engine.close();
    expect(frames.length).to.be.within(30, 70);
    expect(frames.every((frame) => frame.every((sample) => sample === 0))).to.equal(true);
  });
});
