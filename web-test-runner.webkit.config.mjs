// Web Test Runner in WebKitGTK (Safari's engine): MiniBrowser driven by WebKitWebDriver. It has
// no headless mode, so it runs under Xvfb; its microphone is PulseAudio's `fakemic` source
// looping the test WAV. `npm run test:webkit` starts both (test/engines/pulse-fake-mic.sh, xvfb-run).
import { existsSync } from 'node:fs';
import { commonConfig } from './test/fixtures/wtr-common.mjs';
import { MINIBROWSER, WEBDRIVER } from './test/engines/webdriver-lite.mjs';
import { WebKitGtkLauncher } from './test/engines/webkit-launcher.mjs';

for (const binary of [MINIBROWSER, WEBDRIVER]) {
  if (!existsSync(binary)) {
    console.error(`\n${binary} not found. Install (as root): apt-get install -y webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb xauth\n`);
    process.exit(1);
  }
}

export default {
  ...commonConfig('webkit'),
  browsers: [new WebKitGtkLauncher()],
};
