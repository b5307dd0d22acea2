// Web Test Runner: every test runs in Debian's headless Chromium with a fake microphone
// that plays a WAV generated here (440 Hz sine at 48 kHz), so the real getUserMedia →
// AudioWorklet path runs on a known signal.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumArgs, chromiumPath } from './test/fixtures/chromium.mjs';
import { writeSineWav } from './test/fixtures/make-wav.mjs';
import { mockServersPlugin } from './test/fixtures/mock-servers-plugin.mjs';

if (!existsSync(chromiumPath)) {
  console.error(
    `\nChromium not found at ${chromiumPath}. The tests run in a real headless Chromium.\n` +
      'Install it (Debian/Ubuntu, as root):\n\n    apt-get update && apt-get install -y chromium\n\n' +
      'or point CHROMIUM_PATH at another Chromium/Chrome binary.\n',
  );
  process.exit(1);
}

export const FAKE_MIC_FREQUENCY = 440;
const fakeMicWav = writeSineWav(fileURLToPath(new URL('./test/fixtures/fake-mic-440hz-48k.wav', import.meta.url)), {
  sampleRate: 48000,
  frequency: FAKE_MIC_FREQUENCY,
  seconds: 9,
  amplitude: 0.5,
  // 2 s of "speech", 1 s of silence, looped by Chromium: lets mock agents detect end of turn.
  toneSeconds: 2,
  pauseSeconds: 1,
});

/**
 * Lets tests import files the way the source does, as Vite would: a worklet or adapter
 * (`…/x.ts?worker&url`) as its URL, a stylesheet (`…/x.css?inline`) as its text.
 */
const viteImportsPlugin = {
  name: 'vite-imports',
  serve(context) {
    const query = context.URL.searchParams;
    if (query.has('worker') && query.has('url')) {
      return { body: `export default new URL(${JSON.stringify(context.path)}, import.meta.url).href;`, type: 'js' };
    }
    if (query.has('inline') && context.path.endsWith('.css')) {
      const text = readFileSync(fileURLToPath(new URL(`.${context.path}`, import.meta.url)), 'utf8');
      return { body: `export default ${JSON.stringify(text)};`, type: 'js' };
    }
  },
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 240000,
  testFramework: { config: { timeout: 30000 } },
  plugins: [viteImportsPlugin, esbuildPlugin({ ts: true, target: 'es2022' }), mockServersPlugin()],
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
