// The controls' pure parts: the dead-mic watch (time driven by the test), the terms
// fingerprint, and settings that survive blocked storage.
import { expect } from '@open-wc/testing';
import { DeadMicWatch, isDigitalSilence, SilenceWatch } from '../../src/controls/silence-watch';
import { termsFingerprint } from '../../src/controls/consent';
import { readSetting, writeSetting } from '../../src/controls/settings';

describe('SilenceWatch', () => {
  it('digital silence is every sample exactly zero; noise far below hearing is not', () => {
    expect(isDigitalSilence(new Float32Array(128))).to.equal(true);
    const noise = new Float32Array(128);
    noise[77] = 1e-7;
    expect(isDigitalSilence(noise)).to.equal(false);
  });

  it('reports a dead mic only after limitMs of zeros with the meter at 0, counting audio time', () => {
    const watch = new SilenceWatch(3000);
    for (let ms = 50; ms < 3000; ms += 50) expect(watch.update(true, 0, 50), `${ms} ms`).to.equal(false);
    expect(watch.update(true, 0, 50), '3000 ms').to.equal(true);
    expect(watch.update(true, 0, 50), 'stays dead').to.equal(true);
    expect(watch.update(false, 0.4, 50), 'one sound clears it').to.equal(false);
    expect(watch.silent).to.equal(false);
  });

  it('zeros while the meter still falls back (release) do not count; a quiet pause shorter than the limit never reports', () => {
    const watch = new SilenceWatch(1000);
    for (let i = 0; i < 100; i++) expect(watch.update(true, 0.1, 50)).to.equal(false);
    for (let round = 0; round < 5; round++) {
      for (let ms = 0; ms < 900; ms += 50) expect(watch.update(true, 0, 50)).to.equal(false);
      expect(watch.update(false, 0.5, 50)).to.equal(false);
    }
    watch.update(true, 0, 999);
    watch.reset();
    expect(watch.update(true, 0, 1), 'reset starts over').to.equal(false);
  });
});

describe('DeadMicWatch', () => {
  it('counts 20 ms frames of PCM16 zeros; muted frames start the count over and never report', () => {
    const watch = new DeadMicWatch(1000, 20);
    const zeros = new Int16Array(480);
    const tone = Int16Array.from({ length: 480 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
    for (let i = 0; i < 49; i++) expect(watch.frame(zeros, 0, false)).to.equal(false);
    for (let i = 0; i < 200; i++) expect(watch.frame(zeros, 0, true), 'muted').to.equal(false);
    expect(watch.silent).to.equal(false);
    for (let i = 0; i < 49; i++) watch.frame(zeros, 0, false);
    expect(watch.frame(zeros, 0, false), 'the 50th zero frame changes the verdict').to.equal(true);
    expect(watch.silent).to.equal(true);
    expect(watch.frame(zeros, 0, false), 'no change').to.equal(false);
    expect(watch.frame(tone, 0.6, false), 'sound clears it').to.equal(true);
    expect(watch.silent).to.equal(false);
  });
});

describe('terms fingerprint', () => {
  it('is stable, ignores whitespace layout, and changes with the words', () => {
    const terms = 'Calls are recorded.';
    expect(termsFingerprint(terms)).to.match(/^[0-9a-f]{8}$/);
    expect(termsFingerprint(`  Calls   are\n recorded. `)).to.equal(termsFingerprint(terms));
    expect(termsFingerprint('Calls are not recorded.')).to.not.equal(termsFingerprint(terms));
    expect(termsFingerprint('مكالمات')).to.not.equal(termsFingerprint('מכשיר'));
  });
});

describe('settings', () => {
  afterEach(() => localStorage.removeItem('voice-agent-volume'));

  it('are stored under the documented keys, and kept for the page when storage throws', () => {
    writeSetting('volume', '0.5');
    expect(localStorage.getItem('voice-agent-volume')).to.equal('0.5');
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = Storage.prototype.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      expect(readSetting('speaker')).to.equal(null);
      writeSetting('volume', '0.3');
      expect(readSetting('volume')).to.equal('0.3');
    } finally {
      Storage.prototype.getItem = getItem;
      Storage.prototype.setItem = setItem;
    }
    writeSetting('volume', '0.7');
    expect(readSetting('volume'), 'storage back: it is used again').to.equal('0.7');
  });
});
