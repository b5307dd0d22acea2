// Web Test Runner in Debian's headless Chromium, with a fake microphone that plays the WAV
// from test/fixtures/wtr-common.mjs, so the real getUserMedia → AudioWorklet path runs on a
// known signal. Firefox and WebKitGTK: web-test-runner.firefox.config.mjs / .webkit.config.mjs.
import { existsSync } from 'node:fs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './test/fixtures/chromium.mjs';
import { commonConfig, writeFakeMicWav } from './test/fixtures/wtr-common.mjs';
import { safeAreaPlugin } from './test/fixtures/safe-area-plugin.mjs';

if (!existsSync(chromiumPath)) {
  console.error(
    `\nChromium not found at ${chromiumPath}. The tests run in a real headless Chromium.\n` +
      'Install it (Debian/Ubuntu, as root):\n\n    apt-get update && apt-get install -y chromium\n\n' +
      'or point CHROMIUM_PATH at another Chromium/Chrome binary.\n',
  );
  process.exit(1);
}

const fakeMicWav = writeFakeMicWav();
const common = commonConfig('chromium');

export default {
  ...common,
  plugins: [...common.plugins, safeAreaPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs(fakeMicWav),
      },
    }),
  ],
};
