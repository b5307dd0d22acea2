// Web Test Runner in headless Firefox ESR (Gecko), driven by puppeteer-core over WebDriver BiDi
// (the Chrome launcher in Firefox mode). Firefox cannot play a WAV as its microphone: the fake
// mic is PulseAudio's `fakemic` source looping the same WAV (test/engines/pulse-fake-mic.sh,
// which `npm run test:firefox` starts first; without PulseAudio there is no audio output and
// every AudioContext stays suspended).
import { existsSync } from 'node:fs';
import * as puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { commonConfig } from './test/fixtures/wtr-common.mjs';

const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
if (!existsSync(firefoxPath)) {
  console.error(`\nFirefox not found at ${firefoxPath}. Install it (as root): apt-get install -y firefox-esr\n`);
  process.exit(1);
}

export default {
  ...commonConfig('firefox'),
  browsers: [
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: firefoxPath,
        headless: true,
        extraPrefsFirefox: {
          // getUserMedia without a prompt, audio without a gesture (as Chromium's flags do).
          'media.navigator.permission.disabled': true,
          'media.autoplay.default': 0,
          'media.autoplay.block-webaudio': false,
          'media.autoplay.blocking_policy': 0,
        },
      },
    }),
  ],
};
