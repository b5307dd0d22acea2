// Makes the README's pictures in headless Chromium (fake mic) against the local mock agents:
// docs/demo.png (the demo page mid-conversation), docs/variants-{light,dark}.png (inline
// and floating variants) and docs/controls-{phone,desktop}-{light,dark}-{ltr,rtl}.png (the
// mic test, push-to-talk and terms on a 375 px phone and a desktop, English and Arabic).
// Reports CSP violations and console errors; exits non-zero on any.
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

const DESKTOP = { width: 1200, height: 820, deviceScaleFactor: 1 };
/** An iPhone-sized screen (375 × 812 CSS px), at 2× like the phone. */
const PHONE = { width: 375, height: 812, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function openPage(browser, url, colorScheme, problems, viewport = DESKTOP) {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
  await page.setViewport(viewport);
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

/** Each control in a telling state: the mic test hearing the tone, a push-to-talk call with the button held, the terms asked. */
async function showControls(page) {
  const widget = (id) => `document.getElementById('${id}')`;
  const shadow = (id, part) => `${widget(id)}.shadowRoot.querySelector('[part~="${part}"]')`;
  await page.waitForFunction(`${shadow('test', 'mic-check-button')} && ${widget('test')}.shadowRoot.querySelector('[part="button"]').textContent.trim() !== ''`);
  await page.evaluate(`${shadow('test', 'mic-check-button')}.click()`);
  await page.evaluate(`${widget('terms')}.start()`);
  await page.evaluate(`${widget('talk')}.start()`);
  await page.waitForFunction(`${widget('talk')}.state === 'listening'`, { timeout: 20000 });
  await page.evaluate(`${shadow('talk', 'talk-button')}.dispatchEvent(new PointerEvent('pointerdown', { button: 0, bubbles: true, composed: true }))`);
  await page.waitForFunction(`${turnsOf('talk')} >= 2 && Number(${shadow('test', 'meter')}?.getAttribute('aria-valuenow')) > 30`, { timeout: 20000, polling: 50 });
}

const written = ['demo.png', 'variants-light.png', 'variants-dark.png'];
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

  for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    for (const scheme of ['light', 'dark']) {
      for (const [direction, lang] of [['ltr', 'en'], ['rtl', 'ar']]) {
        const page = await openPage(browser, `${demo.url}controls.html?lang=${lang}`, scheme, problems, viewport);
        await showControls(page);
        const name = `controls-${device}-${scheme}-${direction}.png`;
        // The whole phone page in one picture, the floating launcher at its bottom as on the phone.
        if (device === 'phone') await page.setViewport({ ...viewport, height: await page.evaluate(() => document.documentElement.scrollHeight) });
        await page.screenshot({ path: docs(name) });
        written.push(name);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
console.log(`wrote ${written.map((name) => `docs/${name}`).join(', ')}; problems: ${problems.length}`);
for (const line of problems) console.log(`  ${line}`);
process.exit(problems.length ? 1 : 0);
