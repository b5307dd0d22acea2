// Makes docs/demo.png: the demo page in headless Chromium (fake mic) mid-conversation with
// the local mock agents. `npm run screenshot` (after `npm run build`).
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { writeSineWav } from '../test/fixtures/make-wav.mjs';
import { startDemo } from './serve.mjs';

const output = fileURLToPath(new URL('../docs/demo.png', import.meta.url));
const wav = writeSineWav(fileURLToPath(new URL('../test/fixtures/fake-mic-440hz-48k.wav', import.meta.url)), {
  seconds: 9,
  toneSeconds: 2,
  pauseSeconds: 1,
});

const demo = await startDemo({ basePort: 0, quiet: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    `--use-file-for-fake-audio-capture=${wav}`,
  ],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 820, deviceScaleFactor: 1 });
  const problems = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(demo.url, { waitUntil: 'load' });
  await page.evaluate(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  for (const id of ['lyzr', 'anunzi']) {
    await page.evaluate((widgetId) => document.getElementById(widgetId).shadowRoot.querySelector('[part="button"]').click(), id);
  }
  // Lyzr sends transcripts; Anunzi's protocol has none, so wait for its agent to have spoken.
  await page.waitForFunction(
    () =>
      document.getElementById('lyzr').shadowRoot.querySelectorAll('.turn').length >= 3 &&
      document.getElementById('log').textContent.includes('#anunzi  state  {"state":"speaking"'),
    { timeout: 20000 },
  );
  await page.screenshot({ path: output });
  const violations = await page.evaluate(() => window.cspViolations);
  console.log(`wrote ${output}; CSP violations: ${violations.length}; console errors: ${problems.length}`);
  for (const line of [...violations, ...problems]) console.log(`  ${line}`);
} finally {
  await browser.close();
  await demo.close();
}
