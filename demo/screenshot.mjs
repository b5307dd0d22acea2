// Makes the README's pictures in headless Chromium (fake mic) against the local mock agents:
// docs/demo.png (the demo page mid-conversation) and docs/variants-{light,dark}.png (inline
// and floating variants). Reports CSP violations and console errors; exits non-zero on any.
// `npm run screenshot` (after `npm run build`).
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../test/fixtures/chromium.mjs';
import { writeSineWav } from '../test/fixtures/make-wav.mjs';
import { startDemo } from './serve.mjs';

const docs = (name) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
// One 1.5 s "utterance", then quiet long enough for the agents' spoken greeting (about 7 s):
// talking again sooner would interrupt them (barge-in) and cut the transcript in the picture.
const wav = writeSineWav(fileURLToPath(new URL('../test/fixtures/fake-mic-440hz-48k.wav', import.meta.url)), {
  seconds: 12,
  toneSeconds: 1.5,
  pauseSeconds: 10.5,
});
const logHas = (text) => `document.getElementById('log').textContent.includes(${JSON.stringify(text)})`;

const turnsOf = (id) => `document.getElementById('${id}').shadowRoot.querySelectorAll('.turn').length`;

async function openPage(browser, url, colorScheme, problems) {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
  await page.setViewport({ width: 1200, height: 820, deviceScaleFactor: 1 });
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

async function startCalls(page, ids) {
  for (const id of ids) await page.evaluate((widgetId) => document.getElementById(widgetId).start(), id);
}

const demo = await startDemo({ basePort: 0, quiet: true });
const browser = await puppeteer.launch({
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs(wav),
});
const problems = [];
try {
  const page = await openPage(browser, demo.url, 'light', problems);
  await startCalls(page, ['lyzr', 'anunzi']);
  // Lyzr sends transcripts (wait for the agent's whole spoken line); Anunzi's protocol has
  // none, so wait for its agent to have spoken.
  await page.waitForFunction(
    `${turnsOf('lyzr')} >= 2 && ${logHas('"role":"agent","text":"Hello! I am the local mock agent.')} && ${logHas('internet.","final":true')} && ${logHas('#anunzi  state  {"state":"speaking"')}`,
    { timeout: 40000 },
  ).catch(async (error) => {
    const log = await page.evaluate(() => document.getElementById('log').innerText);
    throw new Error(`${error.message}; the page's event log, newest first:\n${log}`);
  });
  await page.screenshot({ path: docs('demo.png') });
  await page.close();

  for (const scheme of ['light', 'dark']) {
    const gallery = await openPage(browser, `${demo.url}gallery.html`, scheme, problems);
    await gallery.evaluate(() => document.getElementById('floating').shadowRoot.querySelector('[part="launcher"]').click());
    await startCalls(gallery, ['lyzr', 'spanish', 'floating']);
    await gallery.waitForFunction(`${turnsOf('lyzr')} >= 2 && ${turnsOf('floating')} >= 2 && ${turnsOf('spanish')} >= 2`, { timeout: 40000 });
    await gallery.screenshot({ path: docs(`variants-${scheme}.png`) });
    await gallery.close();
  }
} finally {
  await browser.close();
  await demo.close();
}
console.log(`wrote docs/demo.png, docs/variants-light.png, docs/variants-dark.png; problems: ${problems.length}`);
for (const line of problems) console.log(`  ${line}`);
process.exit(problems.length ? 1 : 0);
