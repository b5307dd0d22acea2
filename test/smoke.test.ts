import { expect } from '@open-wc/testing';

describe('test harness', () => {
  it('runs in Chromium with a fake microphone', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    expect(stream.getAudioTracks()).to.have.length(1);
    stream.getTracks().forEach((track) => track.stop());
  });
});
